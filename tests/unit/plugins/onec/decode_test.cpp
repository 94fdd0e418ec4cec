#include "plugins/onec/decode.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <string>

using namespace hs1c::onec;

namespace boost::test_tools::tt_detail {
template <>
struct print_log_value<std::optional<std::int64_t>> {
    void operator()(std::ostream& os, const std::optional<std::int64_t>& v)
    {
        if (v) {
            os << *v;
        } else {
            os << "nullopt";
        }
    }
};
}  // namespace boost::test_tools::tt_detail

namespace {

std::optional<std::int64_t> units(std::string_view text)
{
    const auto d = parse_decimal(text);
    return d ? std::optional<std::int64_t>(d->ten_thousandths) : std::nullopt;
}

std::optional<std::int64_t> json_units(std::string_view json)
{
    const auto d = read_decimal(boost::json::parse(json));
    return d ? std::optional<std::int64_t>(d->ten_thousandths) : std::nullopt;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string repeat(std::string_view piece, std::size_t times)
{
    std::string out;
    for (std::size_t i = 0; i < times; ++i) {
        out += piece;
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(decode_test)

BOOST_AUTO_TEST_CASE(bom_is_stripped_once)
{
    BOOST_TEST(strip_bom("\xEF\xBB\xBF{}") == "{}");
    BOOST_TEST(strip_bom("{}") == "{}");
    BOOST_TEST(strip_bom("\xEF\xBB\xBF") == "");
    BOOST_TEST(strip_bom("\xEF\xBB\xBF\xEF\xBB\xBFx") == "\xEF\xBB\xBFx");
    BOOST_TEST(strip_bom("\xEF\xBB") == "\xEF\xBB");
    BOOST_TEST(strip_bom("") == "");
}

BOOST_AUTO_TEST_CASE(decimals_with_groups_and_commas)
{
    BOOST_TEST(units("0") == 0);
    BOOST_TEST(units("-12") == -120'000);
    BOOST_TEST(units("12.") == 120'000);
    BOOST_TEST(units("12,") == 120'000);
    BOOST_TEST(units("1 234,5") == 12'345'000);
    BOOST_TEST(units("1\xC2\xA0" "234,50") == 12'345'000);
    BOOST_TEST(units("1\xE2\x80\xAF" "234.5") == 12'345'000);
    BOOST_TEST(units("1\xC2\xA0" "234\xC2\xA0" "567,89") == 12'345'678'900);
    BOOST_TEST(units("-0,5") == -5'000);
    BOOST_TEST(units("-0") == 0);
    BOOST_TEST(units("007") == 70'000);
    BOOST_TEST(units("1.234") == 12'340);
    BOOST_TEST(units("2469,00") == 24'690'000);
}

BOOST_AUTO_TEST_CASE(decimals_refused)
{
    BOOST_TEST(!units("").has_value());
    BOOST_TEST(!units("abc").has_value());
    BOOST_TEST(!units("1,2,3").has_value());
    BOOST_TEST(!units("1.234,5").has_value());  // ambiguous: both separators
    BOOST_TEST(!units("1,234.5").has_value());
    BOOST_TEST(!units("+5").has_value());
    BOOST_TEST(!units("1e5").has_value());
    BOOST_TEST(!units("1E5").has_value());
    BOOST_TEST(!units("-").has_value());
    BOOST_TEST(!units("--5").has_value());
    BOOST_TEST(!units("- 5").has_value());
    BOOST_TEST(!units(",5").has_value());
    BOOST_TEST(!units("-,5").has_value());
    BOOST_TEST(!units(" 12").has_value());
    BOOST_TEST(!units("12 ").has_value());
    BOOST_TEST(!units("1 ,5").has_value());
    BOOST_TEST(!units("0,1 2").has_value());
    BOOST_TEST(!units("1\xC2" "234").has_value());            // a lone NBSP lead byte
    BOOST_TEST(!units("1\xE2\x80\x89" "234").has_value());    // thin space is not a group separator
    BOOST_TEST(!units(std::string("1\0", 2)).has_value());
    BOOST_TEST(!units("١٢").has_value());                      // Arabic-Indic digits
    BOOST_TEST(!units("12 руб.").has_value());
}

BOOST_AUTO_TEST_CASE(decimals_round_half_away_from_zero)
{
    BOOST_TEST(units("0,00005") == 1);
    BOOST_TEST(units("0,000049999") == 0);
    BOOST_TEST(units("-0,00005") == -1);
    BOOST_TEST(units("1,23456") == 12'346);
    BOOST_TEST(units("1,23454") == 12'345);
    BOOST_TEST(units("0,99995") == 10'000);
    BOOST_TEST(units("0." + repeat("3", 4'000)) == 3'333);
}

BOOST_AUTO_TEST_CASE(decimals_overflow)
{
    constexpr auto max = std::numeric_limits<std::int64_t>::max();
    BOOST_TEST(units("922337203685477,5807") == max);
    BOOST_TEST(units("-922337203685477,5807") == -max);
    BOOST_TEST(!units("922337203685477,5808").has_value());
    BOOST_TEST(!units("922337203685477,58075").has_value());  // rounding past the range
    BOOST_TEST(!units("922337203685478").has_value());
    BOOST_TEST(!units("99999999999999999999999").has_value());
    BOOST_TEST(!units(repeat("9", 10'000)).has_value());
}

BOOST_AUTO_TEST_CASE(json_decimals)
{
    BOOST_TEST(json_units("1234.5") == 12'345'000);
    BOOST_TEST(json_units("0.1") == 1'000);
    BOOST_TEST(json_units("0.3") == 3'000);
    BOOST_TEST(json_units("2469.00") == 24'690'000);
    BOOST_TEST(json_units("42") == 420'000);
    BOOST_TEST(json_units("-7") == -70'000);
    BOOST_TEST(json_units("-0.5") == -5'000);
    BOOST_TEST(json_units("1e-10") == 0);
    BOOST_TEST(json_units("1.5e3") == 15'000'000);
    BOOST_TEST(json_units("\"1\\u00a0234,50\"") == 12'345'000);
    BOOST_TEST(!json_units("1e300").has_value());
    BOOST_TEST(!json_units("18446744073709551615").has_value());
    BOOST_TEST(!json_units("922337203685478").has_value());
    BOOST_TEST(!json_units("\"1e5\"").has_value());
    BOOST_TEST(!json_units("null").has_value());
    BOOST_TEST(!json_units("true").has_value());
    BOOST_TEST(!json_units("{}").has_value());
    BOOST_TEST(!json_units("[1]").has_value());
    BOOST_TEST(!json_units("\"\"").has_value());
}

BOOST_AUTO_TEST_CASE(empty_references_and_dates)
{
    BOOST_TEST(is_empty_ref(""));
    BOOST_TEST(is_empty_ref("00000000-0000-0000-0000-000000000000"));
    BOOST_TEST(!is_empty_ref("4f1d2c1e-9a51-11ee-8c90-0242ac120002"));
    BOOST_TEST(!is_empty_ref("00000000-0000-0000-0000-000000000001"));
    BOOST_TEST(!is_empty_ref(" "));
    BOOST_TEST(is_empty_date(""));
    BOOST_TEST(is_empty_date("0001-01-01T00:00:00"));
    BOOST_TEST(is_empty_date("0001-01-01T00:00:00Z"));
    BOOST_TEST(!is_empty_date("2026-12-03T12:00:00"));
    BOOST_TEST(!is_empty_date("Z"));
    BOOST_TEST(!is_empty_date("0001-01-01T00:00:00ZZ"));
    BOOST_TEST(!is_empty_date("0001-01-01"));
}

BOOST_AUTO_TEST_CASE(success_answers)
{
    const auto plain = decode_answer(200, R"({"items":[],"more":false})");
    BOOST_TEST_REQUIRE(plain.has_value());
    BOOST_TEST(plain.value->at("more").as_bool() == false);

    const auto with_bom = decode_answer(200, "\xEF\xBB\xBF[1,2]");
    BOOST_TEST_REQUIRE(with_bom.has_value());
    BOOST_TEST(with_bom.value->as_array().size() == 2U);

    const auto created = decode_answer(201, R"({"success":true,"id":"x"})");
    BOOST_TEST_REQUIRE(created.has_value());
    BOOST_TEST(created.value->at("id").as_string() == "x");
}

BOOST_AUTO_TEST_CASE(success_status_with_unusable_body)
{
    for (const std::string_view body : {"", "not json", "{\"items\":", "\xEF\xBB\xBF", "\xFF\xFE{}"}) {
        const auto r = decode_answer(200, body);
        BOOST_TEST_REQUIRE(!r.has_value());
        BOOST_TEST((r.error.kind == failure_kind::bad_answer));
        BOOST_TEST(!r.error.retryable);
        BOOST_TEST(r.error.status == 200U);
        BOOST_TEST(!r.error.message_is_public);
    }
    const auto html = decode_answer(200, "<html><body><h1>Вход</h1><p>Введите&nbsp;пароль</p></body></html>");
    BOOST_TEST_REQUIRE(!html.has_value());
    BOOST_TEST((html.error.kind == failure_kind::bad_answer));
    BOOST_TEST(html.error.message == "Вход Введите\xC2\xA0пароль");
}

BOOST_AUTO_TEST_CASE(success_status_with_error_object)
{
    const auto onec = decode_answer(200, R"({"success":false,"error":"Нет такого товара"})");
    BOOST_TEST_REQUIRE(!onec.has_value());
    BOOST_TEST((onec.error.kind == failure_kind::error));
    BOOST_TEST(onec.error.message == "Нет такого товара");
    BOOST_TEST(onec.error.message_is_public);
    BOOST_TEST(!onec.error.retryable);

    const auto with_message = decode_answer(200, R"({"success":false,"message":"  Ошибка\n  записи  "})");
    BOOST_TEST_REQUIRE(!with_message.has_value());
    BOOST_TEST(with_message.error.message == "Ошибка записи");
    BOOST_TEST(with_message.error.message_is_public);

    const auto bare = decode_answer(200, R"({"success":false})");
    BOOST_TEST_REQUIRE(!bare.has_value());
    BOOST_TEST((bare.error.kind == failure_kind::error));
    BOOST_TEST(!bare.error.message_is_public);

    const auto odata = decode_answer(200, R"({"odata.error":{"code":"14","message":{"lang":"ru","value":"Плохо"}}})");
    BOOST_TEST_REQUIRE(!odata.has_value());
    BOOST_TEST((odata.error.kind == failure_kind::error));
    BOOST_TEST(odata.error.message == "Плохо");
    BOOST_TEST(odata.error.message_is_public);

    // "success" that is not the boolean false is not an error flag.
    BOOST_TEST(decode_answer(200, R"({"success":"false","items":[]})").has_value());
    BOOST_TEST(decode_answer(200, R"({"success":true,"items":[]})").has_value());
}

BOOST_AUTO_TEST_CASE(not_found)
{
    const auto plain = decode_answer(404, "Not Found");
    BOOST_TEST_REQUIRE(!plain.has_value());
    BOOST_TEST((plain.error.kind == failure_kind::not_found));
    BOOST_TEST(!plain.error.retryable);
    BOOST_TEST(plain.error.message == "Not Found");
    BOOST_TEST(!plain.error.message_is_public);

    const auto onec = decode_answer(404, R"({"success":false,"error":"Заказ не найден"})");
    BOOST_TEST_REQUIRE(!onec.has_value());
    BOOST_TEST((onec.error.kind == failure_kind::not_found));
    BOOST_TEST(onec.error.message == "Заказ не найден");
    BOOST_TEST(onec.error.message_is_public);

    const auto odata = decode_answer(404, R"({"odata.error":{"code":"9","message":{"lang":"ru","value":"Нет объекта"}}})");
    BOOST_TEST_REQUIRE(!odata.has_value());
    BOOST_TEST((odata.error.kind == failure_kind::not_found));
    BOOST_TEST(odata.error.message == "Нет объекта");
}

BOOST_AUTO_TEST_CASE(session_errors_are_retryable)
{
    const auto status_only = decode_answer(406, "");
    BOOST_TEST_REQUIRE(!status_only.has_value());
    BOOST_TEST((status_only.error.kind == failure_kind::unavailable));
    BOOST_TEST(status_only.error.retryable);
    BOOST_TEST(status_only.error.status == 406U);

    const std::string xml = R"(<?xml version="1.0"?><exception reason='406' xmlns="x">)"
                            R"(<descr>Сеанс &quot;1&quot; &lt;истёк&gt;</descr></exception>)";
    const auto in_500 = decode_answer(500, xml);
    BOOST_TEST_REQUIRE(!in_500.has_value());
    BOOST_TEST((in_500.error.kind == failure_kind::unavailable));
    BOOST_TEST(in_500.error.retryable);
    BOOST_TEST(in_500.error.message == "Сеанс \"1\" <истёк>");
    BOOST_TEST(!in_500.error.message_is_public);
}

BOOST_AUTO_TEST_CASE(other_xml_exceptions_follow_the_status)
{
    const std::string xml = R"(<exception xsi:type="Exception" reason="500"><descr>Сбой</descr></exception>)";
    const auto r = decode_answer(500, xml);
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error.kind == failure_kind::error));
    BOOST_TEST(!r.error.retryable);
    BOOST_TEST(r.error.message == "Сбой");

    // "treason" is not "reason".
    const auto look_alike = decode_answer(500, R"(<exception treason="406"><descr>x</descr></exception>)");
    BOOST_TEST((look_alike.error.kind == failure_kind::error));
}

BOOST_AUTO_TEST_CASE(licence_exhaustion_is_busy)
{
    for (const std::string_view body :
         {"Не обнаружена свободная лицензия! Обратитесь к администратору.", "ЛИЦЕНЗИЯ НЕ НАЙДЕНА",
          "Лицензия не обнаружена", "No free license found", "<html><body>Нет лицензии</body></html>"}) {
        const auto r = decode_answer(500, body);
        BOOST_TEST_REQUIRE(!r.has_value());
        BOOST_TEST((r.error.kind == failure_kind::busy));
        BOOST_TEST(r.error.retryable);
    }
    BOOST_TEST((decode_answer(503, "лицензия").error.kind == failure_kind::busy));
    // Only server errors: a 400 about licences is still a bad request.
    BOOST_TEST((decode_answer(400, "лицензия").error.kind == failure_kind::rejected));
}

BOOST_AUTO_TEST_CASE(gateway_statuses_are_unavailable)
{
    for (const unsigned status : {502U, 503U, 504U}) {
        const auto r = decode_answer(status, "<html><body>Bad Gateway</body></html>");
        BOOST_TEST_REQUIRE(!r.has_value());
        BOOST_TEST((r.error.kind == failure_kind::unavailable));
        BOOST_TEST(r.error.retryable);
        BOOST_TEST(r.error.status == status);
        BOOST_TEST(r.error.message == "Bad Gateway");
    }
}

BOOST_AUTO_TEST_CASE(other_server_errors)
{
    const auto plain = decode_answer(500, "  Ошибка\r\n\tвыполнения   запроса  ");
    BOOST_TEST_REQUIRE(!plain.has_value());
    BOOST_TEST((plain.error.kind == failure_kind::error));
    BOOST_TEST(!plain.error.retryable);
    BOOST_TEST(plain.error.message == "Ошибка выполнения запроса");
    BOOST_TEST(!plain.error.message_is_public);

    const auto json = decode_answer(500, R"({"error":"Деление на 0"})");
    BOOST_TEST((json.error.kind == failure_kind::error));
    BOOST_TEST(json.error.message == "Деление на 0");
    BOOST_TEST(json.error.message_is_public);

    const auto invalid_utf8 = decode_answer(500, "\xCE\xF8\xE8\xE1\xEA\xE0");  // Windows-1251
    BOOST_TEST((invalid_utf8.error.kind == failure_kind::error));
    BOOST_TEST(invalid_utf8.error.message == "\xCE\xF8\xE8\xE1\xEA\xE0");
}

BOOST_AUTO_TEST_CASE(html_errors_lose_their_markup)
{
    const std::string html =
        "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title>"
        "<style>body { color: red; }</style><script type=\"text/javascript\">alert('x<y')</script></head>"
        "<body><!-- <b>hidden</b> --><h1>Ошибка</h1><p>Поле &laquo;А&raquo; &amp; &#1041;&#x411; &bogus; &#0; "
        "<SCRIPT>evil()</SCRIPT>не&nbsp;найдено</p></body></html>";
    const auto r = decode_answer(500, html);
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error.kind == failure_kind::error));
    BOOST_TEST(r.error.message == "500 Internal Server Error Ошибка Поле «А» & &#1041;&#x411; &bogus; &#0; не\xC2\xA0найдено");
    BOOST_TEST(r.error.message.find('<') == std::string::npos);
    BOOST_TEST(r.error.message.find("alert") == std::string::npos);
    BOOST_TEST(r.error.message.find("evil") == std::string::npos);
    BOOST_TEST(r.error.message.find("color") == std::string::npos);
    BOOST_TEST(r.error.message.find("hidden") == std::string::npos);
    BOOST_TEST(!r.error.message_is_public);

    const auto unterminated = decode_answer(500, "<html><body>Сбой <script>never closed");
    BOOST_TEST(unterminated.error.message == "Сбой");
}

BOOST_AUTO_TEST_CASE(odata_errors_in_any_status)
{
    const std::string body = R"({"odata.error":{"code":"14","message":{"lang":"ru","value":"Ошибка $filter"}}})";
    for (const unsigned status : {400U, 500U, 200U}) {
        const auto r = decode_answer(status, body);
        BOOST_TEST_REQUIRE(!r.has_value());
        BOOST_TEST((r.error.kind == failure_kind::error));
        BOOST_TEST(!r.error.retryable);
        BOOST_TEST(r.error.message == "Ошибка $filter");
        BOOST_TEST(r.error.message_is_public);
    }
    // Some servers put the message text directly under "message".
    const auto flat = decode_answer(400, R"({"odata.error":{"code":"14","message":"Плоско"}})");
    BOOST_TEST(flat.error.message == "Плоско");
}

BOOST_AUTO_TEST_CASE(client_errors_are_rejected)
{
    for (const unsigned status : {400U, 401U, 403U, 405U, 409U, 422U}) {
        const auto r = decode_answer(status, "Unauthorized");
        BOOST_TEST_REQUIRE(!r.has_value());
        BOOST_TEST((r.error.kind == failure_kind::rejected));
        BOOST_TEST(!r.error.retryable);
        BOOST_TEST(r.error.status == status);
    }
    const auto onec = decode_answer(400, R"({"success":false,"error":"Не указан external_id"})");
    BOOST_TEST((onec.error.kind == failure_kind::rejected));
    BOOST_TEST(onec.error.message == "Не указан external_id");
    BOOST_TEST(onec.error.message_is_public);
    BOOST_TEST((decode_answer(302, "").error.kind == failure_kind::rejected));
}

BOOST_AUTO_TEST_CASE(statuses_outside_http_are_bad_answers)
{
    BOOST_TEST((decode_answer(100, "{}").error.kind == failure_kind::bad_answer));
    BOOST_TEST((decode_answer(0, "").error.kind == failure_kind::bad_answer));
    BOOST_TEST((decode_answer(999, "x").error.kind == failure_kind::bad_answer));
}

BOOST_AUTO_TEST_CASE(messages_are_cut_at_code_points)
{
    // Two-byte letters: 500 bytes exactly.
    const auto even = decode_answer(500, repeat("я", 600));
    BOOST_TEST(even.error.message == repeat("я", 250));

    // Shifted by one byte: the letter that would be split is dropped whole.
    const auto odd = decode_answer(500, "a" + repeat("я", 600));
    BOOST_TEST(odd.error.message.size() == 499U);
    BOOST_TEST(odd.error.message == "a" + repeat("я", 249));

    for (const std::string_view piece : {"€", "😀", "ab€", "x😀"}) {
        const auto body = repeat(piece, 400);
        const auto r = decode_answer(500, body);
        BOOST_TEST(r.error.message.size() <= failure_message_bytes);
        BOOST_TEST(r.error.message.size() > failure_message_bytes - piece.size());
        BOOST_TEST(r.error.message.size() % piece.size() == 0U);
        BOOST_TEST(body.starts_with(r.error.message));
        BOOST_TEST(!is_continuation(body[r.error.message.size()]));
    }

    // Cutting never leaves a trailing space from folding.
    const auto spaced = decode_answer(500, repeat("x", 499) + "   y");
    BOOST_TEST(spaced.error.message == repeat("x", 499));

    // Invalid bytes are not a reason to cut further back.
    const auto junk = decode_answer(500, repeat("\x80", 1'000));
    BOOST_TEST(junk.error.message.size() == failure_message_bytes);
}

BOOST_AUTO_TEST_CASE(huge_bodies)
{
    const auto text = decode_answer(500, repeat("Ошибка ", 200'000));
    BOOST_TEST((text.error.kind == failure_kind::error));
    BOOST_TEST(text.error.message.size() <= failure_message_bytes);

    const auto json = decode_answer(200, "[" + repeat("1,", 100'000) + "1]");
    BOOST_TEST_REQUIRE(json.has_value());
    BOOST_TEST(json.value->as_array().size() == 100'001U);

    const auto public_message = decode_answer(200, R"({"success":false,"error":")" + repeat("ж", 1'000) + "\"}");
    BOOST_TEST(public_message.error.message == repeat("ж", 250));
}

BOOST_AUTO_TEST_SUITE_END()
