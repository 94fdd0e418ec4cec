#include "plugins/amocrm/leads.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

using namespace hs1c::amocrm;

namespace {

lead read(std::string_view json)
{
    auto r = read_lead(boost::json::parse(json));
    BOOST_TEST_REQUIRE(r.has_value());
    return *r.value;
}

lead with_field(std::int64_t id, std::int64_t field, std::vector<std::string> values)
{
    lead l;
    l.id = id;
    l.fields[field] = std::move(values);
    return l;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(leads_test)

BOOST_AUTO_TEST_CASE(values_of_every_json_type_become_text)
{
    const auto l = read(R"({"id":5,"name":"ООО «Ромашка» <b>","pipeline_id":7001,"status_id":61003,
        "custom_fields_values":[
          {"field_id":1,"values":[{"value":"007"},{"value":""}]},
          {"field_id":2,"values":[{"value":150000},{"value":2.5},{"value":true}]},
          {"field_id":3,"values":[{"value":null},{"enum_id":9}]},
          {"field_id":4,"values":null},
          {"field_name":"no id","values":[{"value":"x"}]},
          {"field_id":5,"values":[{"value":{"name":"ИНН","vat":"7700000000"}}]}]})");
    BOOST_TEST(l.id == 5);
    BOOST_TEST(l.name == "ООО «Ромашка» <b>");
    BOOST_TEST(l.fields.size() == 5U);
    BOOST_TEST((l.fields.at(1) == std::vector<std::string>{"007", ""}));
    BOOST_TEST((l.fields.at(2) == std::vector<std::string>{"150000", "2.5E0", "true"}));
    BOOST_TEST(l.fields.at(3).empty());
    BOOST_TEST(l.fields.at(4).empty());
    BOOST_TEST(l.fields.at(5).at(0) == R"({"name":"ИНН","vat":"7700000000"})");
}

BOOST_AUTO_TEST_CASE(missing_optional_parts_are_defaults)
{
    const auto l = read(R"({"id":7})");
    BOOST_TEST(l.name.empty());
    BOOST_TEST(l.pipeline_id == 0);
    BOOST_TEST(l.status_id == 0);
    BOOST_TEST(l.fields.empty());
    BOOST_TEST(read(R"({"id":8,"custom_fields_values":"nonsense","name":12})").fields.empty());
}

BOOST_AUTO_TEST_CASE(a_lead_needs_a_positive_id)
{
    for (const auto* json : {R"({"name":"x"})", R"({"id":0})", R"({"id":-3})", R"({"id":"40003"})", R"([1])", "null"}) {
        const auto r = read_lead(boost::json::parse(json));
        BOOST_TEST(!r.has_value(), json);
        BOOST_TEST((r.error.kind == failure_kind::unavailable));
    }
}

BOOST_AUTO_TEST_CASE(pages_report_a_next_link)
{
    const auto p = read_leads_page(boost::json::parse(
        R"({"_page":1,"_links":{"self":{"href":"x"},"next":{"href":"y"}},"_embedded":{"leads":[{"id":1},{"id":2}]}})"));
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p.value->more);
    BOOST_TEST(p.value->leads.size() == 2U);
    const auto last = read_leads_page(boost::json::parse(R"({"_links":{"self":{}},"_embedded":{"leads":[]}})"));
    BOOST_TEST(!last.value->more);
}

BOOST_AUTO_TEST_CASE(a_full_page_of_long_leads)
{
    const std::string long_name(10'000, 'x');
    boost::json::array leads;
    for (std::size_t i = 1; i <= leads_page_limit; ++i) {
        leads.push_back(boost::json::object{
            {"id", i},
            {"name", long_name},
            {"custom_fields_values",
             boost::json::array{boost::json::object{
                 {"field_id", 880001},
                 {"values", boost::json::array{boost::json::object{{"value", "id-" + std::to_string(i)}}}}}}}});
    }
    const boost::json::value doc =
        boost::json::object{{"_links", boost::json::object{{"next", boost::json::object{}}}},
                            {"_embedded", boost::json::object{{"leads", std::move(leads)}}}};
    const auto p = read_leads_page(doc);
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p.value->leads.size() == leads_page_limit);
    BOOST_TEST(p.value->leads.back().name.size() == long_name.size());
    BOOST_TEST(p.value->more);
    const auto chosen = exact_matches(p.value->leads, 880001, "id-250");
    BOOST_TEST_REQUIRE(chosen.size() == 1U);
    BOOST_TEST(chosen[0].id == 250);
}

BOOST_AUTO_TEST_CASE(malformed_pages_fail)
{
    for (const auto* json : {R"([])", R"({"_embedded":{}})", R"({"_embedded":{"leads":{}}})",
                             R"({"_embedded":{"leads":[{"id":"x"}]}})"}) {
        const auto r = read_leads_page(boost::json::parse(json));
        BOOST_TEST(!r.has_value(), json);
    }
}

BOOST_AUTO_TEST_CASE(exact_match_is_byte_for_byte_in_the_configured_field)
{
    const std::int64_t field = 880001;
    std::vector<lead> leads{
        with_field(1, field, {"АБВ-1"}),
        with_field(2, field, {"абв-1"}),            // Cyrillic case differs
        with_field(3, field, {"АБВ-1 "}),           // a trailing space
        with_field(4, field, {"АБВ-1\xC2\xA0"}),    // a trailing NBSP
        with_field(5, 880002, {"АБВ-1"}),           // another field
        with_field(6, field, {"x", "АБВ-1"}),       // the second value
        with_field(7, field, {"АБВ-10"}),           // longer
    };
    const auto chosen = exact_matches(leads, field, "АБВ-1");
    BOOST_TEST_REQUIRE(chosen.size() == 2U);
    BOOST_TEST(chosen[0].id == 1);
    BOOST_TEST(chosen[1].id == 6);
    BOOST_TEST(exact_matches(leads, field, "").empty());
    BOOST_TEST(exact_matches({}, field, "АБВ-1").empty());
}

BOOST_AUTO_TEST_CASE(field_patch_writes_the_value_as_given)
{
    const auto quoted = R"(a"b<script>ё)";
    const auto patch = field_patch(880001, quoted);
    BOOST_TEST(boost::json::serialize(patch) ==
               R"({"custom_fields_values":[{"field_id":880001,"values":[{"value":"a\"b<script>ё"}]}]})");
    const auto back = boost::json::parse(boost::json::serialize(patch));
    BOOST_TEST(back.at("custom_fields_values").at(0).at("values").at(0).at("value").as_string() == quoted);
}

BOOST_AUTO_TEST_CASE(an_empty_value_clears_the_field)
{
    BOOST_TEST(boost::json::serialize(field_patch(42, "")) ==
               R"({"custom_fields_values":[{"field_id":42,"values":null}]})");
}

BOOST_AUTO_TEST_CASE(stage_patch_sends_both_ids)
{
    BOOST_TEST(boost::json::serialize(stage_patch(7001, 61004)) == R"({"status_id":61004,"pipeline_id":7001})");
}

BOOST_AUTO_TEST_SUITE_END()
