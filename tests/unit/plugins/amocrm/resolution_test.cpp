#include "plugins/amocrm/resolution.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>

using namespace hs1c::amocrm;

namespace {

// Shaped like the stand's GET /api/v4/leads/custom_fields and /api/v4/leads/pipelines.
constexpr std::string_view custom_fields_json = R"({"_total_items":3,"_page":1,"_page_count":1,
  "_links":{"self":{"href":"http://127.0.0.1/api/v4/leads/custom_fields?page=1"}},
  "_embedded":{"custom_fields":[
    {"id":880001,"name":"Идентификатор 1С","type":"text","code":null,"enums":null},
    {"id":880002,"name":"Комментарий","type":"textarea"},
    {"id":880003,"name":"Сумма\u00a0договора","type":"numeric"},
    {"name":"без id"}]}})";

constexpr std::string_view pipelines_json = R"({"_total_items":2,"_embedded":{"pipelines":[
  {"id":7001,"name":"Продажи","is_main":true,"_embedded":{"statuses":[
    {"id":61000,"name":"Неразобранное","type":1},
    {"id":61001,"name":"Первичный контакт","type":0},
    {"id":61003,"name":"Счёт выставлен","type":0},
    {"id":61004,"name":"Оплачено","type":0},
    {"id":142,"name":"Успешно реализовано","type":0},
    {"id":143,"name":"Закрыто и не реализовано","type":0}]}},
  {"id":7002,"name":"Сервис","_embedded":{"statuses":[
    {"id":62000,"name":"Неразобранное","type":1},
    {"id":62001,"name":"Новая заявка","type":0},
    {"id":142,"name":"Успешно реализовано","type":0}]}}]}})";

std::vector<custom_field> fields()
{
    auto r = read_custom_fields(boost::json::parse(custom_fields_json));
    BOOST_TEST_REQUIRE(r.has_value());
    return r.value->fields;
}

std::vector<pipeline_info> pipelines()
{
    auto r = read_pipelines(boost::json::parse(pipelines_json));
    BOOST_TEST_REQUIRE(r.has_value());
    return *r.value;
}

gateway_settings configured(std::string field, std::map<std::string, stage_names> stages)
{
    gateway_settings s;
    s.onec_id_field = std::move(field);
    s.stages = std::move(stages);
    return s;
}

bool mentions(const std::vector<std::string>& lines, std::string_view text)
{
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(resolution_test)

BOOST_AUTO_TEST_CASE(reading_the_answers)
{
    const auto f = fields();
    BOOST_TEST_REQUIRE(f.size() == 3U);
    BOOST_TEST(f[0].id == 880001);
    BOOST_TEST(f[0].name == "Идентификатор 1С");
    BOOST_TEST(f[0].type == "text");
    const auto p = pipelines();
    BOOST_TEST_REQUIRE(p.size() == 2U);
    BOOST_TEST(p[0].statuses.size() == 6U);
    BOOST_TEST(p[0].statuses[0].unsorted);
    BOOST_TEST(!p[0].statuses[1].unsorted);
    BOOST_TEST(p[1].statuses[1].name == "Новая заявка");
}

BOOST_AUTO_TEST_CASE(pages_of_custom_fields)
{
    const auto empty = read_custom_fields(nullptr);
    BOOST_TEST_REQUIRE(empty.has_value());
    BOOST_TEST(empty.value->fields.empty());
    BOOST_TEST(!empty.value->more);
    const auto more = read_custom_fields(boost::json::parse(
        R"({"_links":{"next":{"href":"x"}},"_embedded":{"custom_fields":[{"id":1,"name":"a","type":"text"}]}})"));
    BOOST_TEST(more.value->more);
    BOOST_TEST(!read_custom_fields(boost::json::parse(R"({"_embedded":{}})")).has_value());
    BOOST_TEST(!read_pipelines(boost::json::parse("[]")).has_value());
    BOOST_TEST(!read_pipelines(nullptr).has_value());
}

BOOST_AUTO_TEST_CASE(exact_names_resolve_to_ids)
{
    const auto r = resolve_names(configured("Идентификатор 1С", {{"payment", {"Продажи", "Оплачено"}},
                                                                 {"invoice", {"Продажи", "Счёт выставлен"}},
                                                                 {"won", {"Сервис", "Успешно реализовано"}}}),
                                 fields(), pipelines());
    BOOST_TEST(r.problems.empty());
    BOOST_TEST(r.warnings.empty());
    BOOST_TEST(r.onec_id_field.value() == 880001);
    BOOST_TEST(r.stages.at("payment").pipeline_id == 7001);
    BOOST_TEST(r.stages.at("payment").status_id == 61004);
    BOOST_TEST(r.stages.at("invoice").status_id == 61003);
    BOOST_TEST(r.stages.at("won").pipeline_id == 7002);
    BOOST_TEST(r.stages.at("won").status_id == 142);
}

BOOST_AUTO_TEST_CASE(case_spaces_and_yo_match_loosely_with_a_warning)
{
    const auto r = resolve_names(configured("  идентификатор   1с ", {{"invoice", {"ПРОДАЖИ", "Счет\u00a0выставлен"}}}),
                                 fields(), pipelines());
    BOOST_TEST(r.problems.empty());
    BOOST_TEST(r.onec_id_field.value() == 880001);
    BOOST_TEST(r.stages.at("invoice").status_id == 61003);
    BOOST_TEST(r.warnings.size() == 3U);
    BOOST_TEST(mentions(r.warnings, "taken as \"Счёт выставлен\""));
    // An NBSP in amoCRM's own name matches a plain space in the rules.
    BOOST_TEST(resolve_names(configured("Сумма договора", {}), fields(), pipelines()).onec_id_field.value() == 880003);
}

BOOST_AUTO_TEST_CASE(missing_names_are_problems_and_leave_no_id)
{
    const auto r = resolve_names(configured("Номер 1С", {{"payment", {"Продажи", "Оплата"}},
                                                         {"invoice", {"Опт", "Счёт выставлен"}}}),
                                 fields(), pipelines());
    BOOST_TEST(!r.onec_id_field.has_value());
    BOOST_TEST(r.stages.empty());
    BOOST_TEST(r.problems.size() == 3U);
    BOOST_TEST(mentions(r.problems, "custom field \"Номер 1С\" not found"));
    BOOST_TEST(mentions(r.problems, "status in pipeline \"Продажи\" \"Оплата\" not found"));
    BOOST_TEST(mentions(r.problems, "pipeline \"Опт\" not found"));
}

BOOST_AUTO_TEST_CASE(a_status_of_another_pipeline_is_not_taken)
{
    const auto r = resolve_names(configured("", {{"new", {"Продажи", "Новая заявка"}}}), fields(), pipelines());
    BOOST_TEST(r.stages.empty());
    BOOST_TEST(r.problems.size() == 1U);
    BOOST_TEST(!r.onec_id_field.has_value());
}

BOOST_AUTO_TEST_CASE(ambiguous_loose_names_are_problems)
{
    std::vector<custom_field> twins{{1, "Код 1С", "text"}, {2, "код 1с", "text"}};
    const auto r = resolve_names(configured("КОД 1С", {}), twins, {});
    BOOST_TEST(!r.onec_id_field.has_value());
    BOOST_TEST(mentions(r.problems, "matches 2 names"));
    // An exact name wins over its loose twins.
    BOOST_TEST(resolve_names(configured("код 1с", {}), twins, {}).onec_id_field.value() == 2);
}

BOOST_AUTO_TEST_CASE(the_unsorted_stage_is_refused_as_a_target)
{
    const auto r = resolve_names(configured("", {{"back", {"Продажи", "Неразобранное"}}}), fields(), pipelines());
    BOOST_TEST(r.stages.empty());
    BOOST_TEST(mentions(r.problems, "unsorted"));
}

BOOST_AUTO_TEST_CASE(a_field_that_is_not_text_gets_a_warning)
{
    const auto r = resolve_names(configured("Комментарий", {}), fields(), pipelines());
    BOOST_TEST(r.onec_id_field.value() == 880002);
    BOOST_TEST(mentions(r.warnings, "type \"textarea\""));
}

BOOST_AUTO_TEST_CASE(loose_names)
{
    BOOST_TEST(loose_name(" Счёт\u00a0\tВЫСТАВЛЕН ") == "счет выставлен");
    BOOST_TEST(loose_name("ЁЛКА") == "елка");
    BOOST_TEST(loose_name("\xC3\x28").empty());
    BOOST_TEST(loose_name("").empty());
}

BOOST_AUTO_TEST_SUITE_END()
