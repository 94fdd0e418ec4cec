// Helpers for the rules tests: a minimal valid document to break one key at a time, and a loader
// call with a fixed environment.
#pragma once

#include "proxy/config/loader.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <map>
#include <string>

namespace hs1c::config::testing {

inline boost::json::object minimal_rules()
{
    return boost::json::parse(R"({
        "listeners": [ { "name": "http", "address": "127.0.0.1:0" } ],
        "upstreams": { "app": { "url": "http://127.0.0.1:1" } },
        "routes": [ { "name": "app", "upstream": "app" } ]
    })").as_object();
}

inline env_lookup fixed_env(std::map<std::string, std::string> vars = {})
{
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        const auto it = vars.find(std::string(name));
        if (it == vars.end())
            return std::nullopt;
        return it->second;
    };
}

inline load_result load(const boost::json::object& document, const env_lookup& env = fixed_env(),
                        const std::string& base_dir = "/base")
{
    return parse_rules(boost::json::serialize(document), base_dir, env);
}

// Exactly one problem, at `path`, saying `message`.
inline void check_single_problem(const load_result& result, const std::string& path,
                                 const std::string& message)
{
    BOOST_TEST(!result.value.has_value());
    BOOST_TEST_REQUIRE(result.problems.size() == 1u, format_problems(result.problems));
    BOOST_TEST(result.problems[0].path == path);
    BOOST_TEST(result.problems[0].message == message);
}

}  // namespace hs1c::config::testing
