#include "plugins/onec/url_template.hpp"

#include "proxy/http/codec.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace hs1c::onec;

namespace {

constexpr std::string_view odata_search =
    "/odata/standard.odata/Catalog_Номенклатура?$format=json&$top={limit}"
    "&$select=Ref_Key,Description,Code,ЕдиницаИзмерения"
    "&$filter=like(Description,'%{q:odata}%') and DeletionMark eq false and IsFolder eq false";

std::string expand(std::string_view tmpl, std::string_view q)
{
    std::string problem;
    const auto out = expand_template(tmpl, {{"q", q}, {"limit", "21"}}, &problem);
    BOOST_TEST_REQUIRE(out.has_value(), problem);
    return *out;
}

// What a value expands to inside "<{q}>" (or "<{q:odata}>"), without the markers.
std::string encoded(std::string_view q, bool odata = false)
{
    const auto out = expand(odata ? "<{q:odata}>" : "<{q}>", q);
    BOOST_TEST_REQUIRE(out.size() >= 6U);
    BOOST_TEST_REQUIRE(out.starts_with("%3C"));
    BOOST_TEST_REQUIRE(out.ends_with("%3E"));
    return out.substr(3, out.size() - 6);
}

// Only unreserved bytes and well-formed %XX escapes: nothing a URL or an OData filter reads as syntax.
bool is_inert(std::string_view s)
{
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            continue;
        }
        const auto is_hex = [](char h) { return (h >= '0' && h <= '9') || (h >= 'A' && h <= 'F'); };
        if (c != '%' || i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) {
            return false;
        }
        i += 2;
    }
    return true;
}

bool has_raw_unsafe(std::string_view url)
{
    for (const char c : url) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || u <= 0x20 || c == '"' || c == '#' || c == '<' || c == '>' || c == '\\' || c == '{' ||
            c == '}' || c == '|' || c == '^' || c == '`') {
            return true;
        }
    }
    return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(url_template_test)

BOOST_AUTO_TEST_CASE(plain_placeholders)
{
    std::string problem;
    const auto url = expand_template("/nomenclature?q={q}&limit={limit}", {{"q", "кабель"}, {"limit", "20"}}, &problem);
    BOOST_TEST_REQUIRE(url.has_value());
    BOOST_TEST(*url == "/nomenclature?q=%D0%BA%D0%B0%D0%B1%D0%B5%D0%BB%D1%8C&limit=20");
    BOOST_TEST(problem.empty());

    const auto same_twice = expand_template("/{id}/{id}", {{"id", "a b"}}, nullptr);
    BOOST_TEST(same_twice.value() == "/a%20b/a%20b");

    const auto extra_vars = expand_template("/x", {{"unused", "1"}}, nullptr);
    BOOST_TEST(extra_vars.value() == "/x");

    const auto first_wins = expand_template("{a}", {{"a", "1"}, {"a", "2"}}, nullptr);
    BOOST_TEST(first_wins.value() == "1");

    BOOST_TEST(expand_template("", {}, nullptr).value() == "");
    BOOST_TEST(expand_template("/{q}", {{"q", ""}}, nullptr).value() == "/");
}

BOOST_AUTO_TEST_CASE(odata_search_as_the_stand_reads_it)
{
    std::string problem;
    const auto url = expand_template(odata_search, {{"q", "д'Анжу"}, {"limit", "21"}}, &problem);
    BOOST_TEST_REQUIRE(url.has_value(), problem);
    BOOST_TEST(*url ==
               "/odata/standard.odata/Catalog_%D0%9D%D0%BE%D0%BC%D0%B5%D0%BD%D0%BA%D0%BB%D0%B0%D1%82%D1%83%D1%80%D0%B0"
               "?$format=json&$top=21"
               "&$select=Ref_Key,Description,Code,%D0%95%D0%B4%D0%B8%D0%BD%D0%B8%D1%86%D0%B0%D0%98%D0%B7%D0%BC%D0%B5"
               "%D1%80%D0%B5%D0%BD%D0%B8%D1%8F"
               "&$filter=like(Description,'%25%D0%B4%27%27%D0%90%D0%BD%D0%B6%D1%83%25')%20and%20DeletionMark%20eq"
               "%20false%20and%20IsFolder%20eq%20false");
    BOOST_TEST(!has_raw_unsafe(*url));

    // Decoded as a server decodes the query, the quote is doubled inside the literal.
    const auto filter_at = url->find("&$filter=");
    BOOST_TEST_REQUIRE(filter_at != std::string::npos);
    const auto filter = hs1c::http::percent_decode(url->substr(filter_at + 9), true);
    BOOST_TEST_REQUIRE(filter.has_value());
    BOOST_TEST(*filter == "like(Description,'%д''Анжу%') and DeletionMark eq false and IsFolder eq false");
}

BOOST_AUTO_TEST_CASE(awkward_values)
{
    BOOST_TEST(encoded("д'Анжу") == "%D0%B4%27%D0%90%D0%BD%D0%B6%D1%83");
    BOOST_TEST(encoded("д'Анжу", true) == "%D0%B4%27%27%D0%90%D0%BD%D0%B6%D1%83");
    BOOST_TEST(encoded("''", true) == "%27%27%27%27");
    BOOST_TEST(encoded("100%") == "100%25");
    BOOST_TEST(encoded("100%", true) == "100%25");
    BOOST_TEST(encoded("a_b") == "a_b");
    BOOST_TEST(encoded("&x=1") == "%26x%3D1");
    BOOST_TEST(encoded("a#b") == "a%23b");
    BOOST_TEST(encoded("a+b c") == "a%2Bb%20c");
    BOOST_TEST(encoded("<script>") == "%3Cscript%3E");
    BOOST_TEST(encoded("😀") == "%F0%9F%98%80");
    BOOST_TEST(encoded("Ёж ё") == "%D0%81%D0%B6%20%D1%91");
    BOOST_TEST(encoded("\xEF\xBB\xBF" "x") == "%EF%BB%BFx");
    BOOST_TEST(encoded("a\xC2\xA0" "b") == "a%C2%A0b");
    BOOST_TEST(encoded("\xFF\xC0") == "%FF%C0");  // invalid UTF-8 still cannot escape
    BOOST_TEST(encoded("{q}") == "%7Bq%7D");      // a value is never expanded again
    BOOST_TEST(encoded("%27") == "%2527");
    BOOST_TEST(encoded(std::string("a\0b", 3)) == "a%00b");
}

BOOST_AUTO_TEST_CASE(huge_value)
{
    std::string q;
    while (q.size() < 2'048) {
        q += "Кабель 'ВВГ' & 100% #1 ";
    }
    const auto url = expand(odata_search, q);
    BOOST_TEST(!has_raw_unsafe(url));
    const auto plain = encoded(q);
    BOOST_TEST(is_inert(plain));
    BOOST_TEST(hs1c::http::percent_decode(plain, false).value() == q);
    const auto odata = encoded(q, true);
    BOOST_TEST(is_inert(odata));
    auto doubled = q;
    for (std::size_t at = doubled.find('\''); at != std::string::npos; at = doubled.find('\'', at + 2)) {
        doubled.insert(at, 1, '\'');
    }
    BOOST_TEST(hs1c::http::percent_decode(odata, false).value() == doubled);
}

BOOST_AUTO_TEST_CASE(no_value_introduces_syntax)
{
    std::vector<std::string> values = {"'", "&", "#", "' or 1 eq 1 or '", "')", "%", "?a=b", "/../", "\r\n", " "};
    for (int b = 0; b < 256; ++b) {
        values.emplace_back(1, static_cast<char>(b));
    }
    for (const auto& v : values) {
        for (const bool odata : {false, true}) {
            const auto out = encoded(v, odata);
            BOOST_TEST(is_inert(out));
            BOOST_TEST(out.find('\'') == std::string::npos);
            BOOST_TEST(out.find('&') == std::string::npos);
            BOOST_TEST(out.find('#') == std::string::npos);
            BOOST_TEST(!has_raw_unsafe(out));
        }
    }
}

BOOST_AUTO_TEST_CASE(literal_text)
{
    BOOST_TEST(expand("/Catalog_Номенклатура", "") == "/Catalog_%D0%9D%D0%BE%D0%BC%D0%B5%D0%BD%D0%BA%D0%BB%D0%B0%D1%82%D1%83%D1%80%D0%B0");
    BOOST_TEST(expand("$'(),=&?/:@!*+;~._-", "") == "$'(),=&?/:@!*+;~._-");
    BOOST_TEST(expand("100%", "") == "100%25");
    BOOST_TEST(expand("%20", "") == "%2520");  // templates are unencoded: '%' is a character
    BOOST_TEST(expand("a b", "") == "a%20b");
    BOOST_TEST(expand("a#b\"c<d>e", "") == "a%23b%22c%3Cd%3Ee");
    BOOST_TEST(expand("{{q}}", "x") == "%7Bq%7D");
    BOOST_TEST(expand("{{{q}}}", "x") == "%7Bx%7D");
    BOOST_TEST(expand("a\tb\x7F", "") == "a%09b%7F");
}

BOOST_AUTO_TEST_CASE(malformed_templates)
{
    const template_vars vars = {{"q", "x"}, {"limit", "1"}};
    for (const std::string_view bad :
         {"/{unknown}", "/{q:base64}", "/{q:}", "/{q", "/q}", "/{}", "/{q{limit}}", "/{ q }", "/{q-x}", "}", "{",
          "/{:odata}", "/{q:odata:x}"}) {
        std::string problem;
        BOOST_TEST(!expand_template(bad, vars, &problem).has_value(), bad);
        BOOST_TEST(!problem.empty(), bad);
        BOOST_TEST(!expand_template(bad, vars, nullptr).has_value(), bad);
    }
    std::string problem;
    (void)expand_template("/{nope}", vars, &problem);
    BOOST_TEST(problem.find("nope") != std::string::npos);
    (void)expand_template("/{q:base64}", vars, &problem);
    BOOST_TEST(problem.find("base64") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(placeholder_names)
{
    std::string problem;
    const auto names = template_placeholders("/nomenclature/{item}/parameters/{parameter}/values?x={item}", &problem);
    BOOST_TEST_REQUIRE(names.has_value());
    BOOST_TEST(*names == (std::vector<std::string>{"item", "parameter", "item"}), boost::test_tools::per_element());

    const auto odata = template_placeholders(odata_search, &problem);
    BOOST_TEST_REQUIRE(odata.has_value());
    BOOST_TEST(*odata == (std::vector<std::string>{"limit", "q"}), boost::test_tools::per_element());

    BOOST_TEST(template_placeholders("{{q}}", nullptr).value().empty());
    BOOST_TEST(template_placeholders("", nullptr).value().empty());
    // Any name is fine here; only the shape is checked.
    BOOST_TEST(template_placeholders("{whatever}", nullptr).value().size() == 1U);

    BOOST_TEST(!template_placeholders("{q", &problem).has_value());
    BOOST_TEST(!problem.empty());
    BOOST_TEST(!template_placeholders("{q:xml}", nullptr).has_value());
    BOOST_TEST(!template_placeholders("q}", nullptr).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
