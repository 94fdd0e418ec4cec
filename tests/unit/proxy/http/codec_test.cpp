#include "proxy/http/codec.hpp"

#include "raw_message.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace hs1c::http;

namespace {

std::string trim_newline(std::string s)
{
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
        s.pop_back();
    }
    return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(codec_test)

BOOST_AUTO_TEST_CASE(percent_encoding)
{
    BOOST_TEST(percent_encode("AZaz09-._~") == "AZaz09-._~");
    BOOST_TEST(percent_encode("a b&c=d/e?") == "a%20b%26c%3Dd%2Fe%3F");
    BOOST_TEST(percent_encode("Ёж") == "%D0%81%D0%B6");
    BOOST_TEST(percent_encode("'()*!") == "%27%28%29%2A%21");
    BOOST_TEST(percent_encode("") == "");
}

BOOST_AUTO_TEST_CASE(percent_decoding)
{
    BOOST_TEST(percent_decode("%D0%81%d0%b6", false).value() == "Ёж");
    BOOST_TEST(percent_decode("a+b", false).value() == "a+b");
    BOOST_TEST(percent_decode("a+b", true).value() == "a b");
    BOOST_TEST(percent_decode("%2B", true).value() == "+");
    BOOST_TEST(percent_decode("%00", false).value() == std::string(1, '\0'));
    BOOST_TEST(!percent_decode("%", false).has_value());
    BOOST_TEST(!percent_decode("%4", false).has_value());
    BOOST_TEST(!percent_decode("%G1", false).has_value());
    BOOST_TEST(!percent_decode("abc%zz", true).has_value());
}

BOOST_AUTO_TEST_CASE(query_parsing)
{
    const auto params = parse_query("q=%D0%B1%D0%B5%D0%BB+%D1%8B%D0%B9&cart=c1&&flag&bad=%X1&=v&limit=10");
    BOOST_TEST_REQUIRE(params.size() == 5U);
    BOOST_TEST(params[0].name == "q");
    BOOST_TEST(params[0].value == "бел ый");
    BOOST_TEST(params[1].name == "cart");
    BOOST_TEST(params[1].value == "c1");
    BOOST_TEST(params[2].name == "flag");
    BOOST_TEST(params[2].value == "");
    BOOST_TEST(params[3].name == "");
    BOOST_TEST(params[3].value == "v");
    BOOST_TEST(params[4].name == "limit");
    BOOST_TEST(params[4].value == "10");
    BOOST_TEST(parse_query("").empty());
}

BOOST_AUTO_TEST_CASE(form_encoding_as_jquery)
{
    BOOST_TEST(form_encode("Иванов Пётр (тест)") ==
               "%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2+%D0%9F%D1%91%D1%82%D1%80+(%D1%82%D0%B5%D1%81%D1%82)");
    BOOST_TEST(form_encode("+7 900 000-00-00") == "%2B7+900+000-00-00");
    BOOST_TEST(form_encode("a&b=c;d/e?f#g") == "a%26b%3Dc%3Bd%2Fe%3Ff%23g");
    BOOST_TEST(form_encode("-_.!~*'()") == "-_.!~*'()");
    BOOST_TEST(form_encode("100%") == "100%25");
    BOOST_TEST(form_encode("a\nb") == "a%0Ab");
}

BOOST_AUTO_TEST_CASE(form_parsing_keeps_raw_ranges)
{
    const std::string body = "a=1&b%5B0%5D=x+y&c&d=";
    const auto pairs = parse_form(body);
    BOOST_TEST_REQUIRE(pairs.has_value());
    BOOST_TEST_REQUIRE(pairs->size() == 4U);
    BOOST_TEST((*pairs)[1].raw_name == "b%5B0%5D");
    BOOST_TEST((*pairs)[1].name == "b[0]");
    BOOST_TEST((*pairs)[1].raw_value == "x+y");
    BOOST_TEST((*pairs)[1].value == "x y");
    BOOST_TEST((*pairs)[1].value_offset == 13U);
    BOOST_TEST((*pairs)[1].value_length == 3U);
    BOOST_TEST((*pairs)[2].name == "c");
    BOOST_TEST((*pairs)[2].value_offset == 18U);
    BOOST_TEST((*pairs)[2].value_length == 0U);
    BOOST_TEST((*pairs)[3].name == "d");
    BOOST_TEST((*pairs)[3].value_offset == 21U);
    BOOST_TEST((*pairs)[3].value_length == 0U);

    BOOST_TEST(!parse_form("a=1&b=%E").has_value());
    BOOST_TEST(!parse_form("a%=1").has_value());
    BOOST_TEST(parse_form("").value().empty());
    BOOST_TEST(parse_form("&&a=1&").value().size() == 1U);
}

BOOST_AUTO_TEST_CASE(save_log_cart_value_replaced)
{
    const auto body = trim_newline(hs1c::test::fixture("cases/hyperscript/save_log.form"));
    const auto pairs = parse_form(body);
    BOOST_TEST_REQUIRE(pairs.has_value());

    std::size_t cart_index = pairs->size();
    for (std::size_t i = 0; i < pairs->size(); ++i) {
        if ((*pairs)[i].value.starts_with("hs1c-cart:")) {
            cart_index = i;
        }
    }
    BOOST_TEST_REQUIRE(cart_index < pairs->size());
    BOOST_TEST((*pairs)[cart_index].name == "fields[2][value]");
    BOOST_TEST((*pairs)[cart_index].value == "hs1c-cart:3d6f0a4e-2c1b-4f7e-9a8d-5b6c7d8e9f01");

    const std::string summary = "Заказ ЗК-000123: Кабель & разъём ×2";
    const auto rewritten = replace_form_values(body, *pairs, {{cart_index, summary}});

    const auto after = parse_form(rewritten);
    BOOST_TEST_REQUIRE(after.has_value());
    BOOST_TEST_REQUIRE(after->size() == pairs->size());
    for (std::size_t i = 0; i < pairs->size(); ++i) {
        BOOST_TEST((*after)[i].raw_name == (*pairs)[i].raw_name);
        if (i == cart_index) {
            BOOST_TEST((*after)[i].value == summary);
            BOOST_TEST((*after)[i].raw_value == form_encode(summary));
        } else {
            BOOST_TEST((*after)[i].raw_value == (*pairs)[i].raw_value);
        }
    }
    const auto& cart = (*pairs)[cart_index];
    BOOST_TEST(rewritten.substr(0, cart.value_offset) == body.substr(0, cart.value_offset));
    const auto encoded = form_encode(summary);
    BOOST_TEST(rewritten.substr(cart.value_offset + encoded.size()) ==
               body.substr(cart.value_offset + cart.value_length));
    BOOST_TEST(rewritten.ends_with("&csrf_token=b1946ac92492d2347c6235b4d2611184"));
    BOOST_TEST(rewritten.find("fields%5B4%5D%5Bvalue%5D%5B%5D=%D0%9C%D0%BE%D0%BD%D1%82%D0%B0%D0%B6+%26+"
                              "%D0%BD%D0%B0%D0%BB%D0%B0%D0%B4%D0%BA%D0%B0") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(save_log_fields_decoded)
{
    const auto body = trim_newline(hs1c::test::fixture("cases/hyperscript/save_log.form"));
    const auto pairs = parse_form(body).value();
    BOOST_TEST(pairs.front().name == "method");
    BOOST_TEST(pairs.front().value == "script.save_log");
    BOOST_TEST(pairs.back().name == "csrf_token");
    BOOST_TEST(pairs.back().value == "b1946ac92492d2347c6235b4d2611184");
    std::vector<std::string> multilist;
    for (const auto& pair : pairs) {
        if (pair.name == "fields[4][value][]") {
            multilist.push_back(pair.value);
        }
    }
    BOOST_TEST_REQUIRE(multilist.size() == 2U);
    BOOST_TEST(multilist[0] == "Доставка");
    BOOST_TEST(multilist[1] == "Монтаж & наладка");
}

BOOST_AUTO_TEST_CASE(add_field_type_replaced)
{
    const auto body = trim_newline(hs1c::test::fixture("cases/hyperscript/add_field.form"));
    const auto pairs = parse_form(body).value();
    std::size_t type_index = pairs.size();
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        if (pairs[i].name == "type") {
            type_index = i;
        }
    }
    BOOST_TEST_REQUIRE(type_index < pairs.size());
    BOOST_TEST(pairs[type_index].value == "nomenclature");
    BOOST_TEST(pairs[3].value == "Товары из 1С");

    const auto rewritten = replace_form_values(body, pairs, {{type_index, "textarea"}});
    BOOST_TEST(rewritten ==
               "method=script.add_field&script_id=5120&node_id=88231&name=%D0%A2%D0%BE%D0%B2%D0%B0%D1%80%D1%8B+"
               "%D0%B8%D0%B7+1%D0%A1&key=&type=textarea&is_from_crm=0&sys_name=&csrf_token="
               "b1946ac92492d2347c6235b4d2611184");
}

BOOST_AUTO_TEST_CASE(several_replacements_in_any_order)
{
    const std::string body = "a=1&b=2&c=3";
    const auto pairs = parse_form(body).value();
    BOOST_TEST(replace_form_values(body, pairs, {{2, "z z"}, {0, "x"}}) == "a=x&b=2&c=z+z");
    BOOST_TEST(replace_form_values(body, pairs, {{0, "x"}, {0, "y"}}) == "a=y&b=2&c=3");
    BOOST_TEST(replace_form_values(body, pairs, {{7, "x"}}) == body);
    BOOST_TEST(replace_form_values(body, pairs, {}) == body);

    const std::string no_value = "flag&b=2";
    const auto flag_pairs = parse_form(no_value).value();
    BOOST_TEST(replace_form_values(no_value, flag_pairs, {{0, "v"}}) == "flag=v&b=2");
}

BOOST_AUTO_TEST_SUITE_END()
