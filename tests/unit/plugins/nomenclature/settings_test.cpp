#include "plugins/nomenclature/settings.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace hs1c::nomenclature;

namespace {

std::vector<hs1c::config::problem> problems_of(std::string_view json, settings* out = nullptr) {
    std::vector<hs1c::config::problem> problems;
    auto s = read_settings(boost::json::parse(json).as_object(), "/nomenclature", problems);
    if (out) *out = s;
    return problems;
}

bool has(const std::vector<hs1c::config::problem>& ps, std::string_view path) {
    return std::any_of(ps.begin(), ps.end(), [&](const auto& p) { return p.path == path; });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(nomenclature_settings_test)

BOOST_AUTO_TEST_CASE(defaults_follow_the_design) {
    settings s;
    BOOST_TEST(problems_of("{}", &s).empty());
    BOOST_TEST(s.query.min_letters == 3u);
    BOOST_TEST(s.limit == 20u);
    BOOST_TEST(s.debounce.count() == 150);
    BOOST_TEST((s.query.yo == hs1c::text::yo_rule::distinct));
    BOOST_TEST(s.cache.negative_ttl < s.cache.search_ttl);
}

BOOST_AUTO_TEST_CASE(every_key_is_read) {
    settings s;
    const auto ps = problems_of(R"({"min_letters":2,"max_query_chars":50,"yo_as_ye":true,"limit":7,
        "deadline_ms":900,"fetch_budget_ms":3000,"debounce_ms":0,
        "cache":{"max_bytes":1000,"search_ttl_ms":1,"parameters_ttl_ms":2,"values_ttl_ms":3,
                 "negative_ttl_ms":4,"revalidate_ms":5,"max_stale_ms":6}})", &s);
    BOOST_TEST(ps.empty());
    BOOST_TEST(s.query.min_letters == 2u);
    BOOST_TEST(s.query.max_chars == 50u);
    BOOST_TEST((s.query.yo == hs1c::text::yo_rule::as_ye));
    BOOST_TEST(s.limit == 7u);
    BOOST_TEST(s.deadline.count() == 900);
    BOOST_TEST(s.fetch_budget.count() == 3000);
    BOOST_TEST(s.debounce.count() == 0);
    BOOST_TEST(s.cache.max_bytes == 1000u);
    BOOST_TEST(s.cache.search_ttl.count() == 1);
    BOOST_TEST(s.cache.parameters_ttl.count() == 2);
    BOOST_TEST(s.cache.values_ttl.count() == 3);
    BOOST_TEST(s.cache.negative_ttl.count() == 4);
    BOOST_TEST(s.cache.revalidate_window.count() == 5);
    BOOST_TEST(s.cache.max_stale.count() == 6);
}

BOOST_AUTO_TEST_CASE(out_of_range_and_unknown_keys_are_problems) {
    const auto ps = problems_of(R"({"limit":101,"min_letters":0,"debounce":3,"cache":{"ttl":1},"deadline_ms":"5"})");
    BOOST_TEST(has(ps, "/nomenclature/limit"));
    BOOST_TEST(has(ps, "/nomenclature/min_letters"));
    BOOST_TEST(has(ps, "/nomenclature/debounce"));
    BOOST_TEST(has(ps, "/nomenclature/cache/ttl"));
    BOOST_TEST(has(ps, "/nomenclature/deadline_ms"));
    BOOST_TEST(has(problems_of(R"({"min_letters":10,"max_query_chars":5})"), "/nomenclature/min_letters"));
}

BOOST_AUTO_TEST_SUITE_END()
