#include "plugins/orders/settings.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace hs1c::orders;

BOOST_AUTO_TEST_SUITE(orders_settings_test)

BOOST_AUTO_TEST_CASE(defaults_take_the_deal_from_the_crm_field_then_the_page) {
    const settings s;
    BOOST_TEST_REQUIRE(s.deal_id.size() == 2u);
    BOOST_TEST((s.deal_id[0].from == deal_source::kind::field_sys_name));
    BOOST_TEST(s.deal_id[0].name == "lead_id");
    BOOST_TEST((s.deal_id[1].from == deal_source::kind::context));
    BOOST_TEST(s.submit_budget.count() == 3000);
    BOOST_TEST(s.all_fields);
}

BOOST_AUTO_TEST_CASE(every_key_is_read_and_mistakes_named) {
    std::vector<hs1c::config::problem> ps;
    const auto s = read_settings(boost::json::parse(R"({"submit_budget_ms":1500,"deal_id":[{"field_name":"Сделка"}],
        "fields_to_1c":["Телефон"],"retry":{"base_ms":100,"cap_ms":1000},"poll_ms":50,"call_timeout_ms":900})").as_object(),
                                 "/orders", ps);
    BOOST_TEST(ps.empty());
    BOOST_TEST(s.submit_budget.count() == 1500);
    BOOST_TEST_REQUIRE(s.deal_id.size() == 1u);
    BOOST_TEST((s.deal_id[0].from == deal_source::kind::field_name));
    BOOST_TEST(!s.all_fields);
    BOOST_TEST(s.fields.at(0) == "Телефон");
    BOOST_TEST(s.retry_base.count() == 100);
    BOOST_TEST(s.poll.count() == 50);
    std::vector<hs1c::config::problem> bad;
    read_settings(boost::json::parse(R"({"submit_budget_ms":0,"deal_id":[{"field_name":"a","context":"b"},{}],"x":1})").as_object(),
                  "/orders", bad);
    auto has = [&](std::string_view p) { return std::any_of(bad.begin(), bad.end(), [&](auto& q) { return q.path.starts_with(p); }); };
    BOOST_TEST(has("/orders/submit_budget_ms"));
    BOOST_TEST(has("/orders/deal_id/0"));
    BOOST_TEST(has("/orders/deal_id/1"));
    BOOST_TEST(has("/orders/x"));
}

BOOST_AUTO_TEST_SUITE_END()
