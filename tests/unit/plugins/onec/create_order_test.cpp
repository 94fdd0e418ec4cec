#include "plugins/onec/mapping.hpp"
#include "plugins/onec/settings.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace hs1c::onec;

BOOST_AUTO_TEST_SUITE(create_order_test)

BOOST_AUTO_TEST_CASE(the_hs_profile_posts_orders_and_reads_id_and_number) {
    const auto m = default_mapping(profile::hs).create_order;
    BOOST_TEST(m.url == "/hs/hyperscript/v1/orders");
    const auto r = read_created_order(boost::json::parse(R"({"id":"7b0c6a52-9a51-11ee-8c90-0242ac120002","number":"ЗК-000123"})"), m);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r.value->id == "7b0c6a52-9a51-11ee-8c90-0242ac120002");
    BOOST_TEST(r.value->number == "ЗК-000123");
}

BOOST_AUTO_TEST_CASE(an_answer_without_a_real_id_is_a_bad_answer) {
    const auto m = default_mapping(profile::hs).create_order;
    for (auto body : {R"({"number":"ЗК-1"})", R"({"id":"","number":"ЗК-1"})",
                      R"({"id":"00000000-0000-0000-0000-000000000000"})", R"([1])", R"("x")"}) {
        const auto r = read_created_order(boost::json::parse(body), m);
        BOOST_TEST(!r.has_value(), body);
        BOOST_TEST((r.error.kind == failure_kind::bad_answer), body);
    }
    const auto no_number = read_created_order(boost::json::parse(R"({"id":"A1"})"), m);
    BOOST_TEST_REQUIRE(no_number.has_value());
    BOOST_TEST(no_number.value->number.empty());
}

BOOST_AUTO_TEST_CASE(the_rules_can_point_elsewhere) {
    std::vector<hs1c::config::problem> problems;
    const auto s = read_settings(boost::json::parse(R"({"calls":{"create_order":{"url":"/hs/shop/orders/new",
        "id":"/result/ref","number":"/result/no"}}})").as_object(), "/onec", problems);
    BOOST_TEST(problems.empty());
    const auto r = read_created_order(boost::json::parse(R"({"result":{"ref":"R","no":"42"}})"), s.mapping.create_order);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r.value->number == "42");
    std::vector<hs1c::config::problem> bad;
    read_settings(boost::json::parse(R"({"calls":{"create_order":{"url":"/x/{id}","extra":1}}})").as_object(), "/onec", bad);
    BOOST_TEST(bad.size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
