#include "plugins/onec/mapping.hpp"

#include "plugins/onec/url_template.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

using namespace hs1c::onec;

namespace {

std::vector<std::string> placeholders(const std::string& tmpl)
{
    std::string problem;
    const auto names = template_placeholders(tmpl, &problem);
    BOOST_TEST_REQUIRE(names.has_value());
    return *names;
}

const std::map<std::string, std::string> id_name = {{"id", "/id"}, {"name", "/name"}};

}  // namespace

BOOST_AUTO_TEST_SUITE(mapping_test)

BOOST_AUTO_TEST_CASE(hs_defaults)
{
    const auto m = default_mapping(profile::hs);
    BOOST_TEST((m.profile == profile::hs));
    BOOST_TEST((m.match == match_semantics::contains));

    BOOST_TEST(m.search.url == "/hs/hyperscript/v1/nomenclature?q={q}&limit={limit}");
    BOOST_TEST(m.search.answer.list == "/items");
    BOOST_TEST(m.search.answer.more == "/more");
    BOOST_TEST((m.search.answer.fields ==
                std::map<std::string, std::string>{{"id", "/id"}, {"name", "/name"}, {"code", "/code"}, {"unit", "/unit"}}));

    BOOST_TEST(m.parameters.url == "/hs/hyperscript/v1/nomenclature/{item}/parameters");
    BOOST_TEST(m.parameters.answer.list == "/parameters");
    BOOST_TEST((m.parameters.answer.fields == id_name));
    BOOST_TEST(m.parameters.answer.more == "");

    BOOST_TEST(m.values.url == "/hs/hyperscript/v1/nomenclature/{item}/parameters/{parameter}/values");
    BOOST_TEST(m.values.answer.list == "/values");
    BOOST_TEST((m.values.answer.fields == id_name));

    BOOST_TEST(m.parameter_names.url == "");

    BOOST_TEST(m.get_order.url == "/hs/hyperscript/v1/orders/{id}");
    BOOST_TEST((m.get_order.fields == std::map<std::string, std::string>{{"id", "/id"},
                                                                          {"number", "/number"},
                                                                          {"date", "/date"},
                                                                          {"status", "/status"},
                                                                          {"total", "/total"},
                                                                          {"paid_at", "/paid_at"},
                                                                          {"manager_id", "/manager_id"}}));
    BOOST_TEST(m.get_order.items == "/items");
    BOOST_TEST((m.get_order.item_fields == std::map<std::string, std::string>{{"name", "/name"},
                                                                               {"parameter", "/parameter"},
                                                                               {"value", "/value"},
                                                                               {"unit", "/unit"},
                                                                               {"quantity", "/quantity"},
                                                                               {"price", "/price"},
                                                                               {"sum", "/sum"}}));
}

BOOST_AUTO_TEST_CASE(odata_defaults)
{
    const auto m = default_mapping(profile::odata);
    BOOST_TEST((m.profile == profile::odata));
    BOOST_TEST((m.match == match_semantics::contains));

    BOOST_TEST(m.search.url ==
               "/odata/standard.odata/Catalog_Номенклатура?$format=json&$top={limit}"
               "&$select=Ref_Key,Description,Code,ЕдиницаИзмерения"
               "&$filter=like(Description,'%{q:odata}%') and DeletionMark eq false and IsFolder eq false");
    BOOST_TEST(m.search.answer.list == "/value");
    BOOST_TEST(m.search.answer.more == "");  // the caller asks for limit+1 instead
    BOOST_TEST((m.search.answer.fields == std::map<std::string, std::string>{{"id", "/Ref_Key"},
                                                                              {"name", "/Description"},
                                                                              {"code", "/Code"},
                                                                              {"unit", "/ЕдиницаИзмерения"}}));

    BOOST_TEST(m.parameters.url ==
               "/odata/standard.odata/Catalog_Номенклатура(guid'{item}')/ДополнительныеРеквизиты?$format=json");
    BOOST_TEST(m.parameters.answer.list == "/value");
    BOOST_TEST((m.parameters.answer.fields == std::map<std::string, std::string>{{"id", "/Свойство_Key"}}));

    BOOST_TEST(m.parameter_names.url ==
               "/odata/standard.odata/ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения"
               "?$format=json&$select=Ref_Key,Description");
    BOOST_TEST(m.parameter_names.answer.list == "/value");
    BOOST_TEST((m.parameter_names.answer.fields ==
                std::map<std::string, std::string>{{"id", "/Ref_Key"}, {"name", "/Description"}}));

    BOOST_TEST(m.values.url ==
               "/odata/standard.odata/Catalog_ЗначенияСвойствОбъектов?$format=json"
               "&$filter=Owner_Key eq guid'{parameter}' and DeletionMark eq false");
    BOOST_TEST(m.values.answer.list == "/value");
    BOOST_TEST((m.values.answer.fields ==
                std::map<std::string, std::string>{{"id", "/Ref_Key"}, {"name", "/Description"}}));

    BOOST_TEST(m.get_order.url == "");
}

BOOST_AUTO_TEST_CASE(default_templates_use_only_documented_placeholders)
{
    for (const auto p : {profile::hs, profile::odata}) {
        const auto m = default_mapping(p);
        for (const auto& name : placeholders(m.search.url)) {
            BOOST_TEST((name == "q" || name == "limit"), name);
        }
        for (const auto& name : placeholders(m.parameters.url)) {
            BOOST_TEST(name == "item");
        }
        for (const auto& name : placeholders(m.values.url)) {
            BOOST_TEST((name == "item" || name == "parameter"), name);
        }
        BOOST_TEST(placeholders(m.parameter_names.url).empty());
        for (const auto& name : placeholders(m.get_order.url)) {
            BOOST_TEST(name == "id");
        }
        // Every template expands with the documented variables.
        const template_vars vars = {{"q", "x"}, {"limit", "21"}, {"item", "i"}, {"parameter", "p"}, {"id", "o"}};
        for (const auto* url : {&m.search.url, &m.parameters.url, &m.parameter_names.url, &m.values.url,
                                &m.get_order.url}) {
            std::string problem;
            BOOST_TEST(expand_template(*url, vars, &problem).has_value(), problem);
        }
    }
    BOOST_TEST(placeholders(default_mapping(profile::hs).search.url) ==
               (std::vector<std::string>{"q", "limit"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(search_answer)
{
    const auto answer = boost::json::parse(R"({"items":[
        {"id":"a1","name":"Кабель\u00a0ВВГ  3х1,5 ","code":"00-1","unit":"м"},
        {"id":"a2","name":"Без кода"},
        {"id":17,"name":"Числовой","code":42}
    ],"more":true})");
    std::size_t skipped = 99;
    const auto page = read_search(answer, default_mapping(profile::hs).search.answer, &skipped);
    BOOST_TEST_REQUIRE(page.has_value());
    BOOST_TEST(skipped == 0U);
    BOOST_TEST(page.value->more);
    BOOST_TEST_REQUIRE(page.value->items.size() == 3U);
    BOOST_TEST(page.value->items[0].id == "a1");
    BOOST_TEST(page.value->items[0].name == "Кабель\xC2\xA0ВВГ  3х1,5 ");  // kept exactly
    BOOST_TEST(page.value->items[0].code == "00-1");
    BOOST_TEST(page.value->items[0].unit == "м");
    BOOST_TEST(page.value->items[1].code == "");
    BOOST_TEST(page.value->items[1].unit == "");
    BOOST_TEST(page.value->items[2].id == "17");
    BOOST_TEST(page.value->items[2].code == "42");
}

BOOST_AUTO_TEST_CASE(search_skips_unusable_elements)
{
    const auto answer = boost::json::parse(R"({"items":[
        "строка", 5, null, [], {},
        {"id":""}, {"id":null}, {"id":true}, {"id":{"x":1}},
        {"id":"00000000-0000-0000-0000-000000000000","name":"пустая ссылка"},
        {"id":"ok","name":"<script>alert(1)</script>"}
    ]})");
    std::size_t skipped = 0;
    const auto page = read_search(answer, default_mapping(profile::hs).search.answer, &skipped);
    BOOST_TEST_REQUIRE(page.has_value());
    BOOST_TEST(skipped == 10U);
    BOOST_TEST_REQUIRE(page.value->items.size() == 1U);
    BOOST_TEST(page.value->items[0].name == "<script>alert(1)</script>");
    BOOST_TEST(!page.value->more);  // "more" absent

    // The counter is optional.
    BOOST_TEST(read_search(answer, default_mapping(profile::hs).search.answer).has_value());
}

BOOST_AUTO_TEST_CASE(search_more_flag)
{
    const auto m = default_mapping(profile::hs).search.answer;
    const auto more = [&](const char* json) { return read_search(boost::json::parse(json), m).value->more; };
    BOOST_TEST(more(R"({"items":[],"more":true})"));
    BOOST_TEST(!more(R"({"items":[],"more":false})"));
    BOOST_TEST(!more(R"({"items":[]})"));
    BOOST_TEST(!more(R"({"items":[],"more":"true"})"));
    BOOST_TEST(!more(R"({"items":[],"more":1})"));

    // Without a "more" pointer the flag stays false whatever the answer holds.
    const auto odata = default_mapping(profile::odata).search.answer;
    BOOST_TEST(!read_search(boost::json::parse(R"({"value":[],"more":true})"), odata).value->more);
}

BOOST_AUTO_TEST_CASE(search_wrong_shape)
{
    const auto m = default_mapping(profile::hs).search.answer;
    for (const char* json : {R"({"success":false,"error":"x"})", R"({"items":null})", R"({"items":{}})",
                             R"({"items":"[]"})", R"([])", R"(null)", R"("items")"}) {
        const auto r = read_search(boost::json::parse(json), m);
        BOOST_TEST_REQUIRE(!r.has_value());
        BOOST_TEST((r.error.kind == failure_kind::bad_answer));
        BOOST_TEST(!r.error.retryable);
        BOOST_TEST(!r.error.message_is_public);
        BOOST_TEST(r.error.message.find("/items") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(custom_pointers)
{
    list_mapping m;
    m.list = "/data/rows";
    m.fields = {{"id", "/key/guid"}, {"name", "/attrs/0/title"}, {"code", "/a~1b"}, {"unit", "/m~0n"}};
    m.more = "/data/page/has_next";
    const auto answer = boost::json::parse(R"({"data":{"page":{"has_next":true},"rows":[
        {"key":{"guid":"g1"},"attrs":[{"title":"Первый"}],"a/b":"c1","m~n":"шт"}
    ]}})");
    const auto page = read_search(answer, m);
    BOOST_TEST_REQUIRE(page.has_value());
    BOOST_TEST(page.value->more);
    BOOST_TEST_REQUIRE(page.value->items.size() == 1U);
    BOOST_TEST(page.value->items[0].id == "g1");
    BOOST_TEST(page.value->items[0].name == "Первый");
    BOOST_TEST(page.value->items[0].code == "c1");
    BOOST_TEST(page.value->items[0].unit == "шт");

    // "" is the answer itself.
    list_mapping whole;
    whole.fields = id_name;
    const auto bare = read_named(boost::json::parse(R"([{"id":"x","name":"y"}])"), whole);
    BOOST_TEST_REQUIRE(bare.has_value());
    BOOST_TEST_REQUIRE(bare.value->size() == 1U);
    BOOST_TEST(bare.value->at(0).name == "y");

    // A malformed pointer finds nothing rather than throwing.
    list_mapping broken;
    broken.list = "items";
    BOOST_TEST(!read_named(boost::json::parse(R"({"items":[]})"), broken).has_value());
}

BOOST_AUTO_TEST_CASE(named_lists)
{
    const auto hs = default_mapping(profile::hs);
    const auto params = read_named(boost::json::parse(R"({"parameters":[{"id":"p1","name":"Цвет"},{"id":"p2"}]})"),
                                   hs.parameters.answer);
    BOOST_TEST_REQUIRE(params.has_value());
    BOOST_TEST_REQUIRE(params.value->size() == 2U);
    BOOST_TEST(params.value->at(0).name == "Цвет");
    BOOST_TEST(params.value->at(1).name == "");

    const auto empty = read_named(boost::json::parse(R"({"values":[]})"), hs.values.answer);
    BOOST_TEST_REQUIRE(empty.has_value());
    BOOST_TEST(empty.value->empty());

    // OData properties carry only the property's key; names come from parameter_names.
    const auto odata = default_mapping(profile::odata);
    std::size_t skipped = 0;
    const auto rows = read_named(boost::json::parse(R"({"odata.metadata":"m","value":[
        {"Ref_Key":"item","LineNumber":"1","Свойство_Key":"prop-1","Значение":"00000000-0000-0000-0000-000000000000"},
        {"Ref_Key":"item","LineNumber":"2","Свойство_Key":"00000000-0000-0000-0000-000000000000"}
    ]})"),
                                 odata.parameters.answer, &skipped);
    BOOST_TEST_REQUIRE(rows.has_value());
    BOOST_TEST(skipped == 1U);
    BOOST_TEST_REQUIRE(rows.value->size() == 1U);
    BOOST_TEST(rows.value->at(0).id == "prop-1");
    BOOST_TEST(rows.value->at(0).name == "");

    const auto names = read_named(
        boost::json::parse(R"({"value":[{"Ref_Key":"prop-1","Description":"Цвет по каталогу NCS"}]})"),
        odata.parameter_names.answer);
    BOOST_TEST(names.value->at(0).name == "Цвет по каталогу NCS");

    BOOST_TEST(!read_named(boost::json::parse(R"({"value":{}})"), odata.values.answer).has_value());
}

BOOST_AUTO_TEST_CASE(order_answer)
{
    const auto answer = boost::json::parse(R"({"id":"o1","number":"ЗК-000001","date":"2026-12-03T12:00:00",
        "status":"new","total":2469.0,"paid_at":"2026-12-04T10:00:00","manager_id":"m1",
        "items":[
            {"name":"Кабель","parameter":"Длина бухты","value":"100 м","unit":"м","quantity":2,"price":1234.5,"sum":2469},
            "not a line",
            {"name":"Без чисел","quantity":null,"price":"abc"}
        ]})");
    const auto r = read_order(answer, default_mapping(profile::hs).get_order);
    BOOST_TEST_REQUIRE(r.has_value());
    const auto& o = *r.value;
    BOOST_TEST(o.id == "o1");
    BOOST_TEST(o.number == "ЗК-000001");
    BOOST_TEST(o.date.value() == "2026-12-03T12:00:00");
    BOOST_TEST(o.status == "new");
    BOOST_TEST(o.total.value().ten_thousandths == 24'690'000);
    BOOST_TEST(o.paid_at.value() == "2026-12-04T10:00:00");
    BOOST_TEST(o.manager_id.value() == "m1");
    BOOST_TEST_REQUIRE(o.items.size() == 2U);
    BOOST_TEST(o.items[0].name == "Кабель");
    BOOST_TEST(o.items[0].parameter == "Длина бухты");
    BOOST_TEST(o.items[0].value == "100 м");
    BOOST_TEST(o.items[0].unit == "м");
    BOOST_TEST(o.items[0].quantity.value().ten_thousandths == 20'000);
    BOOST_TEST(o.items[0].price.value().ten_thousandths == 12'345'000);
    BOOST_TEST(o.items[0].sum.value().ten_thousandths == 24'690'000);
    BOOST_TEST(o.items[1].name == "Без чисел");
    BOOST_TEST(!o.items[1].quantity.has_value());
    BOOST_TEST(!o.items[1].price.has_value());
    BOOST_TEST(!o.items[1].sum.has_value());
    BOOST_TEST(o.items[1].unit == "");
}

BOOST_AUTO_TEST_CASE(order_empty_dates_and_references)
{
    const auto m = default_mapping(profile::hs).get_order;
    const auto read = [&](const char* json) { return read_order(boost::json::parse(json), m); };

    const auto blank = read(R"({"id":"o","date":"","paid_at":"","manager_id":"","items":[]})");
    BOOST_TEST_REQUIRE(blank.has_value());
    BOOST_TEST(!blank.value->date.has_value());
    BOOST_TEST(!blank.value->paid_at.has_value());
    BOOST_TEST(!blank.value->manager_id.has_value());
    BOOST_TEST(!blank.value->total.has_value());

    const auto onec_empty = read(R"({"id":"o","date":"0001-01-01T00:00:00Z","paid_at":"0001-01-01T00:00:00",
        "manager_id":"00000000-0000-0000-0000-000000000000","items":[]})");
    BOOST_TEST_REQUIRE(onec_empty.has_value());
    BOOST_TEST(!onec_empty.value->date.has_value());
    BOOST_TEST(!onec_empty.value->paid_at.has_value());
    BOOST_TEST(!onec_empty.value->manager_id.has_value());

    const auto nulls = read(R"({"id":"o","date":null,"paid_at":null,"manager_id":null,"items":[]})");
    BOOST_TEST_REQUIRE(nulls.has_value());
    BOOST_TEST(!nulls.value->date.has_value());
    BOOST_TEST(!nulls.value->manager_id.has_value());
}

BOOST_AUTO_TEST_CASE(order_wrong_shape)
{
    const auto m = default_mapping(profile::hs).get_order;
    for (const char* json : {R"([])", R"("o")", R"({"number":"1","items":[]})", R"({"id":"","items":[]})",
                             R"({"id":"00000000-0000-0000-0000-000000000000","items":[]})", R"({"id":"o"})",
                             R"({"id":"o","items":{}})"}) {
        const auto r = read_order(boost::json::parse(json), m);
        BOOST_TEST_REQUIRE(!r.has_value());
        BOOST_TEST((r.error.kind == failure_kind::bad_answer));
    }
}

BOOST_AUTO_TEST_SUITE_END()
