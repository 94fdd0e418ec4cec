#include "plugins/nomenclature/answers.hpp"

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

using namespace hs1c::nomenclature;
using hs1c::onec::failure;
using hs1c::onec::failure_kind;
namespace http = boost::beast::http;

namespace {

served search_served(std::vector<hs1c::onec::item> items, bool more) {
    auto a = std::make_shared<cached_answer>();
    a->kind = call_kind::search;
    a->page.items = std::move(items);
    a->page.more = more;
    served s;
    s.answer = a;
    return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(answers_test)

BOOST_AUTO_TEST_CASE(search_answer_has_the_documented_shape_and_keeps_text_as_text) {
    auto s = search_served({{"id-1", "Кабель-канал <script>alert(1)</script> & \"R&D\"", "00-1", "м"}}, true);
    BOOST_TEST(boost::json::serialize(search_json(s)) ==
               R"({"items":[{"id":"id-1","name":"Кабель-канал <script>alert(1)</script> & \"R&D\"","code":"00-1","unit":"м"}],"more":true,"stale":false})");
    s.stale = true;
    BOOST_TEST(search_json(s).at("stale").as_bool());
}

BOOST_AUTO_TEST_CASE(a_superseded_search_is_empty_and_marked) {
    served s;
    s.superseded = true;
    BOOST_TEST(boost::json::serialize(search_json(s)) == R"({"items":[],"more":false,"stale":false,"superseded":true})");
}

BOOST_AUTO_TEST_CASE(lists_are_named_by_the_route) {
    auto a = std::make_shared<cached_answer>();
    a->kind = call_kind::values;
    a->list = {{"v1", "Белый"}, {"v2", "Чёрный"}};
    served s;
    s.answer = a;
    BOOST_TEST(boost::json::serialize(list_json("values", s)) ==
               R"({"values":[{"id":"v1","name":"Белый"},{"id":"v2","name":"Чёрный"}],"stale":false})");
}

BOOST_AUTO_TEST_CASE(failures_map_to_statuses_codes_and_russian_messages) {
    struct expectation {
        failure_kind kind;
        http::status status;
        std::string_view code;
        bool retry_after;
    };
    const expectation all[] = {
        {failure_kind::unavailable, http::status::service_unavailable, "onec_unavailable", true},
        {failure_kind::busy, http::status::service_unavailable, "onec_busy", true},
        {failure_kind::error, http::status::bad_gateway, "onec_error", false},
        {failure_kind::bad_answer, http::status::bad_gateway, "onec_bad_answer", false},
        {failure_kind::not_found, http::status::not_found, "not_found", false},
        {failure_kind::rejected, http::status::bad_gateway, "onec_rejected", false},
    };
    for (const auto& e : all) {
        const auto r = error_for(failure{e.kind, false, 500, "raw 1C text", false});
        BOOST_TEST(r.status == e.status);
        BOOST_TEST(r.code == e.code);
        BOOST_TEST(r.retry_after.has_value() == e.retry_after);
        BOOST_TEST(r.message.find("raw 1C text") == std::string::npos);
        BOOST_TEST(r.detail.empty());
        BOOST_TEST(!r.message.empty());
    }
}

BOOST_AUTO_TEST_CASE(only_structured_1c_messages_reach_the_client_as_detail) {
    const auto pub = error_for(failure{failure_kind::error, false, 400, "Ошибка при разборе опции запроса $filter", true});
    BOOST_TEST(pub.detail == "Ошибка при разборе опции запроса $filter");
    BOOST_TEST(boost::json::serialize(error_json(pub)).find("\"detail\":\"Ошибка при разборе") != std::string::npos);
    const auto raw = error_for(failure{failure_kind::error, false, 500, "{Модуль(42)}: stack", false});
    BOOST_TEST(boost::json::serialize(error_json(raw)).find("detail") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
