// The 1C answers of tests/fixtures/cases/onec, each asserting the behaviour listed in the cases table.
#include "plugins/onec/decode.hpp"
#include "plugins/onec/mapping.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

using namespace hs1c::onec;

namespace {

std::string fixture(std::string_view name)
{
    const auto path = std::filesystem::path(HS1C_SOURCE_DIR "/tests/fixtures/cases/onec") / name;
    std::ifstream in(path, std::ios::binary);
    BOOST_TEST_REQUIRE(in.good(), path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

constexpr std::int64_t units(std::int64_t whole, std::int64_t hundredths)
{
    return whole * 10'000 + hundredths * 100;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cases_test)

BOOST_AUTO_TEST_CASE(search_with_bom)
{
    const auto body = fixture("search-with-bom.json");
    BOOST_TEST_REQUIRE(body.starts_with("\xEF\xBB\xBF"));
    const auto answer = decode_answer(200, body);
    BOOST_TEST_REQUIRE(answer.has_value());
    std::size_t skipped = 0;
    const auto page = read_search(*answer.value, default_mapping(profile::hs).search.answer, &skipped);
    BOOST_TEST_REQUIRE(page.has_value());
    BOOST_TEST(skipped == 0U);
    BOOST_TEST(!page.value->more);
    BOOST_TEST_REQUIRE(page.value->items.size() == 1U);
    const auto& it = page.value->items[0];
    BOOST_TEST(it.id == "4f1d2c1e-9a51-11ee-8c90-0242ac120002");
    BOOST_TEST(it.name == "Кабель ВВГнг(А)-LS 3х2,5");
    BOOST_TEST(it.code == "00-00012345");
    BOOST_TEST(it.unit == "м");
}

BOOST_AUTO_TEST_CASE(order_numbers_as_strings)
{
    const auto answer = decode_answer(200, fixture("order-numbers-as-strings.json"));
    BOOST_TEST_REQUIRE(answer.has_value());
    const auto r = read_order(*answer.value, default_mapping(profile::hs).get_order);
    BOOST_TEST_REQUIRE(r.has_value());
    const auto& o = *r.value;
    BOOST_TEST(o.id == "7b0c6a52-9a51-11ee-8c90-0242ac120002");
    BOOST_TEST(o.number == "ЗК-000123");
    BOOST_TEST(o.date.value() == "2026-12-03T12:00:00");
    BOOST_TEST(o.status == "");
    BOOST_TEST(o.total.value().ten_thousandths == units(2'469, 0));
    BOOST_TEST(!o.paid_at.has_value());     // 0001-01-01T00:00:00
    BOOST_TEST(!o.manager_id.has_value());  // the empty reference
    BOOST_TEST_REQUIRE(o.items.size() == 2U);

    const auto& first = o.items[0];
    BOOST_TEST(first.name == "Кабель ВВГнг(А)-LS 3х2,5");
    BOOST_TEST(first.parameter == "Длина бухты");
    BOOST_TEST(first.value == "100 м");
    BOOST_TEST(first.unit == "м");
    BOOST_TEST(first.quantity.value().ten_thousandths == units(2, 0));
    BOOST_TEST(first.price.value().ten_thousandths == units(1'234, 50));
    BOOST_TEST(first.sum.value().ten_thousandths == units(2'469, 0));
    BOOST_TEST(first.price.value().to_double() == 1234.5);

    const auto& second = o.items[1];
    BOOST_TEST(second.name == "Услуга доставки до объекта");
    BOOST_TEST(second.parameter == "");
    BOOST_TEST(second.value == "");
    BOOST_TEST(second.unit == "усл");
    BOOST_TEST(second.quantity.value().ten_thousandths == units(1, 0));
    BOOST_TEST(second.price.value().ten_thousandths == 0);
    BOOST_TEST_REQUIRE(second.sum.has_value());
    BOOST_TEST(second.sum.value().ten_thousandths == 0);
}

BOOST_AUTO_TEST_CASE(error_500_plain)
{
    const auto body = fixture("error-500-plain.txt");
    const auto r = decode_answer(500, body);
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error.kind == failure_kind::error));  // not bad_answer: never read as JSON
    BOOST_TEST(!r.error.retryable);
    BOOST_TEST(r.error.status == 500U);
    BOOST_TEST(r.error.message == body);  // one line, already trimmed: logged as 1C wrote it
    BOOST_TEST(r.error.message.starts_with("{ОбщийМодуль.ИнтеграцияHyperScript.Модуль(42)}"));
    BOOST_TEST(!r.error.message_is_public);
}

BOOST_AUTO_TEST_CASE(error_406_session)
{
    const auto body = fixture("error-406-session.xml");
    for (const unsigned status : {406U, 500U, 200U}) {
        const auto r = decode_answer(status, body);
        BOOST_TEST_REQUIRE(!r.has_value());
        BOOST_TEST((r.error.kind == failure_kind::unavailable));
        BOOST_TEST(r.error.retryable);
        BOOST_TEST(r.error.status == status);
        BOOST_TEST(r.error.message == "Истекло время ожидания сеанса");
    }
}

BOOST_AUTO_TEST_CASE(error_200_inside)
{
    const auto body = fixture("error-200-inside.json");
    const auto r = decode_answer(200, body);
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error.kind == failure_kind::error));
    BOOST_TEST(!r.error.retryable);
    BOOST_TEST(r.error.message == "Номенклатура с идентификатором 4f1d2c1e-0000-0000-0000-000000000000 не найдена");
    BOOST_TEST(r.error.message_is_public);

    // Even read past the decoder, the shape check refuses it instead of seeing an empty list.
    const auto shape = read_search(boost::json::parse(body), default_mapping(profile::hs).search.answer);
    BOOST_TEST_REQUIRE(!shape.has_value());
    BOOST_TEST((shape.error.kind == failure_kind::bad_answer));
    const auto named_shape = read_named(boost::json::parse(body), default_mapping(profile::hs).parameters.answer);
    BOOST_TEST((named_shape.error.kind == failure_kind::bad_answer));
}

BOOST_AUTO_TEST_CASE(odata_search)
{
    const auto answer = decode_answer(200, fixture("odata-search.json"));
    BOOST_TEST_REQUIRE(answer.has_value());
    std::size_t skipped = 0;
    const auto page = read_search(*answer.value, default_mapping(profile::odata).search.answer, &skipped);
    BOOST_TEST_REQUIRE(page.has_value());
    BOOST_TEST(skipped == 0U);
    BOOST_TEST(!page.value->more);
    BOOST_TEST_REQUIRE(page.value->items.size() == 2U);
    BOOST_TEST(page.value->items[0].id == "4f1d2c1e-9a51-11ee-8c90-0242ac120002");
    BOOST_TEST(page.value->items[0].name == "Кабель ВВГнг(А)-LS 3х2,5");
    BOOST_TEST(page.value->items[0].code == "00-00012345");
    BOOST_TEST(page.value->items[0].unit == "");  // not selected in this answer
    BOOST_TEST(page.value->items[1].id == "4f1d2c1f-9a51-11ee-8c90-0242ac120002");
    // The NBSP after «Кабель» is kept as the UTF-8 bytes C2 A0; normalising is the cache's business.
    BOOST_TEST(page.value->items[1].name == "Кабель\xC2\xA0ВВГнг 3х4 (склад 2)");
    BOOST_TEST(page.value->items[1].code == "00-00012346");
}

BOOST_AUTO_TEST_CASE(odata_error_filter)
{
    const auto body = fixture("odata-error-filter.json");
    for (const unsigned status : {400U, 500U, 200U}) {
        const auto r = decode_answer(status, body);
        BOOST_TEST_REQUIRE(!r.has_value());
        BOOST_TEST((r.error.kind == failure_kind::error));
        BOOST_TEST(!r.error.retryable);
        BOOST_TEST(r.error.status == status);
        BOOST_TEST(r.error.message == "Ошибка при разборе опции запроса $filter");
        BOOST_TEST(r.error.message_is_public);
    }
}

BOOST_AUTO_TEST_SUITE_END()
