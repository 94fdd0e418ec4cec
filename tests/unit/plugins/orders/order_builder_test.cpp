#include "plugins/orders/order_builder.hpp"
#include "plugins/orders/save_log.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

using namespace hs1c::orders;
using hs1c::hyperscript::cart;
using hs1c::hyperscript::field_info;

namespace {

constexpr std::string_view prefix = "hs1c-cart:";
constexpr std::string_view cart_id = "3d6f0a4e-2c1b-4f7e-9a8d-5b6c7d8e9f01";

std::string save_log_fixture() {
    std::ifstream f(HS1C_SOURCE_DIR "/tests/fixtures/cases/hyperscript/save_log.form", std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    auto s = ss.str();
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

std::vector<field_info> demo_fields() {
    return {{"7101", "Имя клиента", "text", "", false},     {"7102", "Телефон", "text", "", false},
            {"7103", "Товары", "textarea", "", true},       {"7104", "Доставка", "checkbox", "", false},
            {"7105", "Услуги", "multilist", "", false},     {"7106", "ID сделки", "text", "lead_id", false}};
}

cart demo_cart() {
    cart c;
    c.id = std::string(cart_id);
    c.script_id = "5120";
    c.field_id = "7103";
    c.lines.push_back({"l1", {"i1", "Кабель ВВГнг(А)-LS 3х2,5", "00-00012345", "м"}, hs1c::onec::named{"p1", "Цвет"},
                       hs1c::onec::named{"v1", "Белый"}, 2500});
    c.lines.push_back({"l2", {"i2", "Клеммник WAGO", "", "шт"}, std::nullopt, std::nullopt, 10000});
    return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(order_builder_test)

BOOST_AUTO_TEST_CASE(the_recorded_save_log_is_read_field_by_field) {
    const auto body = save_log_fixture();
    const auto view = parse_save_log(body);
    BOOST_TEST_REQUIRE(view.has_value());
    BOOST_TEST(view->script_id == "5120");
    BOOST_TEST_REQUIRE(view->fields.size() == 6u);
    BOOST_TEST(view->fields[0].values.front() == "Иванов Пётр (тест)");
    BOOST_TEST(view->fields[1].values.front() == "+7 900 000-00-00");
    BOOST_TEST(view->fields[2].values.front() == "hs1c-cart:3d6f0a4e-2c1b-4f7e-9a8d-5b6c7d8e9f01");
    BOOST_TEST(view->fields[4].values.size() == 2u);
    BOOST_TEST(view->fields[4].values[1] == "Монтаж & наладка");
    BOOST_TEST(!view->fields[4].value_pair.has_value());  // a multilist is never a cart reference
    BOOST_TEST(view->fields[5].values.front() == "31337");
    BOOST_TEST(*cart_reference(view->fields[2].values.front(), prefix) == cart_id);
}

BOOST_AUTO_TEST_CASE(replacing_the_cart_value_keeps_every_other_byte) {
    const auto body = save_log_fixture();
    const auto view = parse_save_log(body);
    BOOST_TEST_REQUIRE(view.has_value());
    const auto text = summary(demo_cart(), std::string("ЗК-000123"));
    const auto rewritten = hs1c::http::replace_form_values(body, view->pairs, {{*view->fields[2].value_pair, text}});
    const std::string old_value = "hs1c-cart%3A3d6f0a4e-2c1b-4f7e-9a8d-5b6c7d8e9f01";
    std::string expected = body;
    expected.replace(expected.find(old_value), old_value.size(), hs1c::http::form_encode(text));
    BOOST_TEST(rewritten == expected);
    BOOST_TEST(rewritten.find("csrf_token=b1946ac92492d2347c6235b4d2611184") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(malformed_or_foreign_forms_are_not_read) {
    BOOST_TEST(!parse_save_log("method=script.save_log&fields%5B0%5D%5Bvalue%5D=%zz&id=1"));
    BOOST_TEST(!parse_save_log("method=script.save_log&fields%5B0%5D%5Bid%5D=1"));  // no script id
    for (auto bad : {"hs1c-cart:", "hs1c-cart:not-a-uuid", "hs1c-cart:3D6F0A4E-2C1B-4F7E-9A8D-5B6C7D8E9F01",
                     "x hs1c-cart:3d6f0a4e-2c1b-4f7e-9a8d-5b6c7d8e9f01", "hs1c-cart:3d6f0a4e-2c1b-4f7e-9a8d-5b6c7d8e9f01 "})
        BOOST_TEST(!cart_reference(bad, prefix), bad);
}

BOOST_AUTO_TEST_CASE(the_deal_id_follows_the_chain) {
    const auto body = save_log_fixture();
    const auto view = *parse_save_log(body);
    auto c = demo_cart();
    c.context = boost::json::object{{"lead_id", "40001"}};
    const settings s;
    BOOST_TEST(*resolve_deal(s.deal_id, demo_fields(), view, c) == 31337);
    // Without the field's metadata the page parameter the cart kept is next.
    BOOST_TEST(*resolve_deal(s.deal_id, {}, view, c) == 40001);
    // By name, as the rules may say.
    const std::vector<deal_source> by_name{{deal_source::kind::field_name, "ID сделки"}};
    BOOST_TEST(*resolve_deal(by_name, demo_fields(), view, c) == 31337);
    // Not a positive integer anywhere: no deal.
    c.context = boost::json::object{{"lead_id", "abc"}};
    const std::vector<deal_source> phone{{deal_source::kind::field_name, "Телефон"}, {deal_source::kind::context, "lead_id"}};
    BOOST_TEST(!resolve_deal(phone, demo_fields(), view, c).has_value());
}

BOOST_AUTO_TEST_CASE(the_order_has_the_contract_shape_with_named_fields) {
    const auto body = save_log_fixture();
    const auto view = *parse_save_log(body);
    const auto order = build_order(demo_cart(), 31337, "2026-12-03T12:00:00", view, demo_fields(), settings{}, prefix);
    const auto expected = boost::json::parse(R"json({
      "external_id": "3d6f0a4e-2c1b-4f7e-9a8d-5b6c7d8e9f01", "created_at": "2026-12-03T12:00:00",
      "fields": [
        {"id": "7101", "name": "Имя клиента", "value": "Иванов Пётр (тест)"},
        {"id": "7102", "name": "Телефон", "value": "+7 900 000-00-00"},
        {"id": "7104", "name": "Доставка", "value": "1"},
        {"id": "7105", "name": "Услуги", "value": "Доставка; Монтаж & наладка"},
        {"id": "7106", "name": "ID сделки", "value": "31337"}],
      "items": [
        {"nomenclature_id": "i1", "name": "Кабель ВВГнг(А)-LS 3х2,5", "parameter_id": "p1", "parameter_name": "Цвет",
         "value_id": "v1", "value_name": "Белый", "quantity": 2.5},
        {"nomenclature_id": "i2", "name": "Клеммник WAGO", "parameter_id": "", "parameter_name": "",
         "value_id": "", "value_name": "", "quantity": 10}],
      "amocrm_lead_id": 31337})json");
    BOOST_TEST(boost::json::serialize(order) == boost::json::serialize(expected));
    settings only_phone;
    only_phone.all_fields = false;
    only_phone.fields = {"Телефон"};
    const auto filtered = build_order(demo_cart(), std::nullopt, "t", view, demo_fields(), only_phone, prefix);
    BOOST_TEST(filtered.at("fields").as_array().size() == 1u);
    BOOST_TEST(filtered.at("amocrm_lead_id").is_null());
}

BOOST_AUTO_TEST_CASE(summaries_read_like_an_order) {
    BOOST_TEST(summary(demo_cart(), std::string("ЗК-000123")) ==
               "Заказ ЗК-000123 передан в 1С: Кабель ВВГнг(А)-LS 3х2,5 (Цвет: Белый) — 2,5 м; Клеммник WAGO — 10 шт");
    BOOST_TEST(summary(demo_cart(), std::nullopt).rfind("Заказ передаётся в 1С: Кабель", 0) == 0u);
    auto big = demo_cart();
    for (int i = 0; i < 100; ++i) big.lines.push_back(big.lines.front());
    const auto s = summary(big, std::nullopt);
    BOOST_TEST(s.size() <= max_summary_bytes);
    BOOST_TEST(s.ends_with("…"));
    BOOST_TEST(format_quantity(1) == "0,001");
    BOOST_TEST(format_quantity(1500) == "1,5");
    BOOST_TEST(format_quantity(1000000000) == "1000000");
    BOOST_TEST(local_timestamp().size() == 19u);
}

BOOST_AUTO_TEST_SUITE_END()
