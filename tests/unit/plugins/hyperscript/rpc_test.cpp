#include "plugins/hyperscript/rpc.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

using namespace hs1c::hyperscript;

namespace {

std::string fixture(const std::string& name) {
    std::ifstream f(HS1C_SOURCE_DIR "/tests/fixtures/cases/hyperscript/" + name, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    auto s = ss.str();
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rpc_test)

BOOST_AUTO_TEST_CASE(the_recorded_add_field_is_rewritten_and_nothing_else_changes) {
    const auto body = fixture("add_field.form");
    BOOST_TEST_REQUIRE(!body.empty());
    const auto r = rewrite_add_field(body, settings{});
    BOOST_TEST_REQUIRE(r.has_value());
    std::string expected = body;
    expected.replace(expected.find("&type=nomenclature&"), 19, "&type=textarea&");
    expected += "&options=hs1c%3Anomenclature";
    BOOST_TEST(r->body == expected);
    BOOST_TEST(r->script_id == "5120");
    BOOST_TEST(r->name == "Товары из 1С");
}

BOOST_AUTO_TEST_CASE(existing_options_are_replaced_in_place) {
    const std::string body = "method=script.add_field&type=nomenclature&options=old&csrf_token=abc";
    const auto r = rewrite_add_field(body, settings{});
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->body == "method=script.add_field&type=textarea&options=hs1c%3Anomenclature&csrf_token=abc");
}

BOOST_AUTO_TEST_CASE(other_calls_types_and_malformed_forms_are_left_alone) {
    const settings s;
    BOOST_TEST(!rewrite_add_field("method=script.add_field&type=text&name=x", s));
    BOOST_TEST(!rewrite_add_field("method=script.update_field&type=nomenclature", s));
    BOOST_TEST(!rewrite_add_field("method=script.add_field&type=nomenclature&name=%zz", s));
    BOOST_TEST(!rewrite_add_field(fixture("save_log.form"), s));
    BOOST_TEST(!rewrite_add_field("", s));
}

BOOST_AUTO_TEST_CASE(method_names_and_types_come_from_the_rules) {
    settings s;
    s.methods.add_field = "fields.create";
    s.field_type = "hs1c_goods";
    s.stored_type = "text";
    s.marker = "[1c]";
    const auto r = rewrite_add_field("method=fields.create&type=hs1c_goods", s);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->body == "method=fields.create&type=text&options=%5B1c%5D");
}

BOOST_AUTO_TEST_CASE(form_values_are_decoded) {
    const auto body = fixture("save_log.form");
    BOOST_TEST(*form_value(body, "method") == "script.save_log");
    BOOST_TEST(*form_value(body, "fields[2][value]") == "hs1c-cart:3d6f0a4e-2c1b-4f7e-9a8d-5b6c7d8e9f01");
    BOOST_TEST(*form_value(body, "fields[0][value]") == "Иванов Пётр (тест)");
    BOOST_TEST(!form_value(body, "nothing"));
}

BOOST_AUTO_TEST_CASE(fields_are_marked_by_marker_or_registration_of_the_stored_type) {
    auto fields = boost::json::parse(R"({
        "1": {"id": 1, "type": "textarea", "options": "hs1c:nomenclature"},
        "2": {"id": 2, "type": "textarea", "options": ""},
        "3": {"id": "3", "type": "text", "options": ""},
        "4": {"id": 4, "type": "textarea", "options": ["a", "hs1c:nomenclature"]},
        "5": {"id": 5, "type": "textarea"},
        "6": "not an object"})").as_object();
    const auto n = mark_fields(fields, {"2", "3"}, settings{});
    BOOST_TEST(n == 3u);
    BOOST_TEST(fields.at("1").as_object().contains("hs1c"));
    BOOST_TEST(fields.at("2").as_object().contains("hs1c"));
    BOOST_TEST(!fields.at("3").as_object().contains("hs1c"));  // registered, but now a text field
    BOOST_TEST(fields.at("4").as_object().contains("hs1c"));
    BOOST_TEST(!fields.at("5").as_object().contains("hs1c"));
    BOOST_TEST(fields.at("1").at("hs1c").at("type").as_string() == "nomenclature");
}

BOOST_AUTO_TEST_CASE(ids_are_read_as_text) {
    BOOST_TEST(*id_text(boost::json::parse("7107")) == "7107");
    BOOST_TEST(*id_text(boost::json::parse("\"7107\"")) == "7107");
    BOOST_TEST(!id_text(boost::json::parse("1.5")));
    BOOST_TEST(!id_text(boost::json::parse("null")));
}

BOOST_AUTO_TEST_SUITE_END()
