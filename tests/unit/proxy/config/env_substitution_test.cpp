// "$env:NAME" values: replaced everywhere before validation, missing ones named at their path,
// and secrets kept out of problem messages.
#include "proxy/config/env_substitution.hpp"
#include "proxy/config/loader.hpp"

#include "tests/unit/proxy/config/rules_fixture.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>

using namespace hs1c::config;
using namespace hs1c::config::testing;

BOOST_AUTO_TEST_SUITE(env_substitution_test)

BOOST_AUTO_TEST_CASE(values_are_replaced_everywhere)
{
    boost::json::value doc = boost::json::parse(R"({"a": "$env:A", "list": ["x", "$env:B"],
        "deep": {"k": {"z": "$env:A"}}, "n": 1, "prefix": "$envA", "inner": "x $env:A"})");
    std::vector<problem> problems;
    substitute_env(doc, fixed_env({{"A", "alpha"}, {"B", "beta"}}), problems);
    BOOST_TEST(problems.empty());
    BOOST_TEST(boost::json::serialize(doc) == R"({"a":"alpha","list":["x","beta"],"deep":{"k":{"z":"alpha"}},)"
                                              R"("n":1,"prefix":"$envA","inner":"x $env:A"})");
}

BOOST_AUTO_TEST_CASE(missing_variables_are_named_at_their_path)
{
    boost::json::value doc = boost::json::parse(R"({"a/b": ["$env:NOPE"], "c": "$env:", "d": "$env:SET"})");
    std::vector<problem> problems;
    substitute_env(doc, fixed_env({{"SET", "ok"}}), problems);
    BOOST_TEST_REQUIRE(problems.size() == 2u);
    BOOST_TEST(problems[0].path == "/a~1b/0");
    BOOST_TEST(problems[0].message == "environment variable NOPE is not set");
    BOOST_TEST(problems[1].path == "/c");
    BOOST_TEST(problems[1].message == "\"$env:\" needs a variable name");
    BOOST_TEST(doc.at("d").as_string() == "ok");
}

BOOST_AUTO_TEST_CASE(substituted_values_are_validated_like_written_ones)
{
    auto doc = minimal_rules();
    doc["listeners"].as_array()[0].as_object()["address"] = "$env:LISTEN";
    doc["upstreams"].as_object()["app"].as_object()["url"] = "$env:APP_URL";
    const auto good = load(doc, fixed_env({{"LISTEN", "127.0.0.1:7000"}, {"APP_URL", "https://app.test/x"}}));
    BOOST_TEST_REQUIRE(good.problems.empty(), format_problems(good.problems));
    BOOST_TEST(good.value->public_listeners.at(0).port == 7000);
    BOOST_TEST(good.value->upstreams.at(0).host == "app.test");
    BOOST_TEST(good.value->sections.at("upstreams").at("app").at("url").as_string() == "https://app.test/x");

    const auto missing = load(doc, fixed_env({{"LISTEN", "127.0.0.1:7000"}}));
    BOOST_TEST_REQUIRE(missing.problems.size() == 2u, format_problems(missing.problems));
    BOOST_TEST(missing.problems[0].path == "/upstreams/app/url");
    BOOST_TEST(missing.problems[0].message == "environment variable APP_URL is not set");
    // The unsubstituted text then fails as a URL at the same path; the variable is named only once.
    BOOST_TEST(missing.problems[1].path == "/upstreams/app/url");
}

BOOST_AUTO_TEST_CASE(plugin_secrets_are_substituted_and_never_reported)
{
    auto doc = minimal_rules();
    doc["onec"] = boost::json::object{{"password", "$env:PW"}, {"threads", "$env:PW"}};
    doc["server"] = boost::json::object{{"threads", "$env:PW"}};
    const auto result = load(doc, fixed_env({{"PW", "hunter2"}}));
    check_single_problem(result, "/server/threads", "must be a whole number");
    BOOST_TEST(format_problems(result.problems).find("hunter2") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(process_env_reads_the_environment)
{
    ::setenv("HS1C_CONFIG_TEST_VAR", "value", 1);
    BOOST_TEST(process_env("HS1C_CONFIG_TEST_VAR").value_or("") == "value");
    ::unsetenv("HS1C_CONFIG_TEST_VAR");
    BOOST_TEST(!process_env("HS1C_CONFIG_TEST_VAR").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
