#include "plugins/onec/settings.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace hs1c::onec;

namespace {

struct read_result {
    gateway_settings settings;
    std::vector<hs1c::config::problem> problems;

    bool has(std::string_view path, std::string_view text = {}) const {
        return std::any_of(problems.begin(), problems.end(), [&](const auto& p) {
            return p.path == path && p.message.find(text) != std::string::npos;
        });
    }
};

read_result read(std::string_view json) {
    read_result r;
    r.settings = read_settings(boost::json::parse(json).as_object(), "/onec", r.problems);
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(settings_test)

BOOST_AUTO_TEST_CASE(an_empty_section_gives_the_hs_profile_and_safe_defaults) {
    const auto r = read("{}");
    BOOST_TEST(r.problems.empty());
    BOOST_TEST(r.settings.upstream == "onec");
    BOOST_TEST((r.settings.mapping.profile == profile::hs));
    BOOST_TEST((r.settings.mapping.search.url == default_mapping(profile::hs).search.url));
    BOOST_TEST(r.settings.user.empty());
    BOOST_TEST(r.settings.inbound_user.empty());
    BOOST_TEST(r.settings.attempts == 2u);
}

BOOST_AUTO_TEST_CASE(every_key_is_read) {
    const auto r = read(R"({"upstream":"erp","profile":"odata","match":"prefix",
        "auth":{"user":"Интеграция","password":"p"},"inbound":{"user":"1c","password":"q"},
        "timeout_ms":5000,"body_limit":4096,"queue":{"max":3,"wait_ms":700},
        "breaker":{"failures":2,"open_ms":900},"retry":{"attempts":3,"base_ms":10,"cap_ms":50}})");
    BOOST_TEST(r.problems.empty());
    const auto& s = r.settings;
    BOOST_TEST(s.upstream == "erp");
    BOOST_TEST((s.mapping.profile == profile::odata));
    BOOST_TEST((s.mapping.match == match_semantics::prefix));
    BOOST_TEST((s.mapping.parameter_names.url == default_mapping(profile::odata).parameter_names.url));
    BOOST_TEST(s.user == "Интеграция");
    BOOST_TEST(s.password == "p");
    BOOST_TEST(s.inbound_user == "1c");
    BOOST_TEST(s.timeout.count() == 5000);
    BOOST_TEST(s.body_limit == 4096u);
    BOOST_TEST(s.queue_max == 3u);
    BOOST_TEST(s.queue_wait.count() == 700);
    BOOST_TEST(s.breaker_failures == 2u);
    BOOST_TEST(s.breaker_open.count() == 900);
    BOOST_TEST(s.attempts == 3u);
    BOOST_TEST(s.backoff.base.count() == 10);
    BOOST_TEST(s.backoff.cap.count() == 50);
}

BOOST_AUTO_TEST_CASE(call_overrides_merge_over_the_profile) {
    const auto r = read(R"({"calls":{"search":{"url":"/hs/shop/goods?text={q}&top={limit}","list":"/goods",
        "more":"","fields":{"id":"/guid","name":"/title"}},
        "get_order":{"url":"/hs/shop/orders/{id}","items":"/lines","item_fields":{"sum":"/amount"}}}})");
    BOOST_TEST(r.problems.empty());
    const auto& m = r.settings.mapping;
    BOOST_TEST(m.search.url == "/hs/shop/goods?text={q}&top={limit}");
    BOOST_TEST(m.search.answer.list == "/goods");
    BOOST_TEST(m.search.answer.more.empty());
    BOOST_TEST(m.search.answer.fields.at("id") == "/guid");
    BOOST_TEST(m.search.answer.fields.at("code") == "/code");  // kept from the profile
    BOOST_TEST((m.parameters.url == default_mapping(profile::hs).parameters.url));
    BOOST_TEST(m.get_order.items == "/lines");
    BOOST_TEST(m.get_order.item_fields.at("sum") == "/amount");
    BOOST_TEST(m.get_order.item_fields.at("price") == "/price");
}

BOOST_AUTO_TEST_CASE(mistakes_are_named_with_their_paths) {
    const auto r = read(R"({"profile":"soap","match":"fuzzy","auth":{"user":"a:b"},"inbound":{"user":"x"},
        "queue":{"max":-1,"size":3},"retry":{"attempts":9},"timeouts":1,
        "calls":{"search":{"url":"nomenclature?q={query}","list":"items","fields":{"idd":"/id"}},
                 "values":{"url":"/v/{item}/{parameter}/{q:odata}"},"delete":{}}})");
    BOOST_TEST(r.has("/onec/profile", "\"hs\" or \"odata\""));
    BOOST_TEST(r.has("/onec/match"));
    BOOST_TEST(r.has("/onec/auth/user", "':'"));
    BOOST_TEST(r.has("/onec/auth/password", "empty"));
    BOOST_TEST(r.has("/onec/inbound/password", "empty"));
    BOOST_TEST(r.has("/onec/queue/max"));
    BOOST_TEST(r.has("/onec/queue/size", "unknown key"));
    BOOST_TEST(r.has("/onec/retry/attempts"));
    BOOST_TEST(r.has("/onec/timeouts", "unknown key"));
    BOOST_TEST(r.has("/onec/calls/search/url", "{query}"));
    BOOST_TEST(r.has("/onec/calls/search/url", "start with '/'"));
    BOOST_TEST(r.has("/onec/calls/search/list", "JSON pointer"));
    BOOST_TEST(r.has("/onec/calls/search/fields/idd", "unknown key"));
    BOOST_TEST(r.has("/onec/calls/values/url", "{q}"));
    BOOST_TEST(r.has("/onec/calls/delete", "unknown key"));
}

BOOST_AUTO_TEST_CASE(a_search_without_id_or_name_mapping_is_refused) {
    const auto r = read(R"({"calls":{"search":{"url":""}}})");
    BOOST_TEST(r.has("/onec/calls", "search call needs a URL"));
}

BOOST_AUTO_TEST_CASE(secrets_never_appear_in_messages) {
    const auto r = read(R"({"auth":{"user":"u:v","password":"Pa55-secret"},"inbound":{"user":"i","password":7}})");
    for (const auto& p : r.problems) BOOST_TEST(p.message.find("Pa55-secret") == std::string::npos);
    BOOST_TEST(r.has("/onec/inbound/password"));
}

BOOST_AUTO_TEST_SUITE_END()
