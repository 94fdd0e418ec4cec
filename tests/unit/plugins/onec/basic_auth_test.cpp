#include "plugins/onec/basic_auth.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace hs1c::onec;

namespace {

// What the stand's status client sends with quirk status_auth_crlf: CR LF + space every 16 characters.
std::string line_broken(std::string_view base64)
{
    constexpr std::size_t line = 16;
    std::string out;
    for (std::size_t i = 0; i < base64.size(); i += line) {
        if (i > 0) {
            out += "\r\n ";
        }
        out += base64.substr(i, line);
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(basic_auth_test)

BOOST_AUTO_TEST_CASE(cyrillic_login_as_the_stand_expects)
{
    // base64 of the UTF-8 bytes of "Интеграция:hs1c-demo".
    BOOST_TEST(basic_authorization("Интеграция", "hs1c-demo") == "Basic 0JjQvdGC0LXQs9GA0LDRhtC40Y86aHMxYy1kZW1v");
    // The Windows-1251 bytes of the same login give another header, which the stand refuses.
    BOOST_TEST(basic_authorization("\xC8\xED\xF2\xE5\xE3\xF0\xE0\xF6\xE8\xFF", "hs1c-demo") ==
               "Basic yO3y5ePw4Pbo/zpoczFjLWRlbW8=");
}

BOOST_AUTO_TEST_CASE(padding)
{
    BOOST_TEST(basic_authorization("Aladdin", "open sesame") == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    BOOST_TEST(basic_authorization("1c-status", "hs1c-demo-status") == "Basic MWMtc3RhdHVzOmhzMWMtZGVtby1zdGF0dXM=");
    BOOST_TEST(basic_authorization("ab", "c") == "Basic YWI6Yw==");
    BOOST_TEST(basic_authorization("ab", "cd") == "Basic YWI6Y2Q=");
    BOOST_TEST(basic_authorization("ab", "cde") == "Basic YWI6Y2Rl");
    BOOST_TEST(basic_authorization("", "") == "Basic Og==");
    BOOST_TEST(basic_authorization("\xFF", "\xFE") == "Basic /zr+");
}

BOOST_AUTO_TEST_CASE(round_trip)
{
    for (const auto& [user, password] : std::vector<std::pair<std::string, std::string>>{
             {"Интеграция", "hs1c-demo"}, {"1c-status", "hs1c-demo-status"}, {"u", "pa:ss:word"},
             {"Ёжик", "пароль с пробелами"}, {"😀", ""}, {"", "x"}}) {
        const auto parsed = parse_basic_authorization(basic_authorization(user, password));
        BOOST_TEST_REQUIRE(parsed.has_value());
        BOOST_TEST(parsed->user == user);
        BOOST_TEST(parsed->password == password);
    }
}

BOOST_AUTO_TEST_CASE(scheme_in_any_case)
{
    for (const std::string_view scheme : {"Basic", "basic", "BASIC", "bAsIc"}) {
        const auto parsed = parse_basic_authorization(std::string(scheme) + " MWMtc3RhdHVzOmhzMWMtZGVtby1zdGF0dXM=");
        BOOST_TEST_REQUIRE(parsed.has_value());
        BOOST_TEST(parsed->user == "1c-status");
        BOOST_TEST(parsed->password == "hs1c-demo-status");
    }
}

BOOST_AUTO_TEST_CASE(line_broken_base64_from_1c)
{
    const std::string base64 = "MWMtc3RhdHVzOmhzMWMtZGVtby1zdGF0dXM=";
    const auto broken = line_broken(base64);
    BOOST_TEST(broken == "MWMtc3RhdHVzOmhz\r\n MWMtZGVtby1zdGF0\r\n dXM=");
    const auto parsed = parse_basic_authorization("Basic " + broken);
    BOOST_TEST_REQUIRE(parsed.has_value());
    BOOST_TEST(parsed->user == "1c-status");
    BOOST_TEST(parsed->password == "hs1c-demo-status");

    const auto cyrillic = parse_basic_authorization("Basic " + line_broken("0JjQvdGC0LXQs9GA0LDRhtC40Y86aHMxYy1kZW1v"));
    BOOST_TEST_REQUIRE(cyrillic.has_value());
    BOOST_TEST(cyrillic->user == "Интеграция");

    // Tabs, runs of spaces, LF alone, whitespace around the value and inside the padding.
    const auto messy = parse_basic_authorization("  Basic\t\tMWMt c3Rh\ndHVz\r\nOmhzMWMtZGVtby1zdGF0dXM =  ");
    BOOST_TEST_REQUIRE(messy.has_value());
    BOOST_TEST(messy->password == "hs1c-demo-status");
}

BOOST_AUTO_TEST_CASE(padding_is_optional)
{
    const auto without = parse_basic_authorization("Basic YWI6Yw");
    BOOST_TEST_REQUIRE(without.has_value());
    BOOST_TEST(without->user == "ab");
    BOOST_TEST(without->password == "c");
    BOOST_TEST(parse_basic_authorization("Basic YWI6Y2Q").value().password == "cd");
    BOOST_TEST(parse_basic_authorization("Basic YWI6Y2Q=").value().password == "cd");
}

BOOST_AUTO_TEST_CASE(malformed_headers)
{
    for (const std::string_view bad : {
             "",
             "Basic",
             "Basic ",
             "Basic   \r\n ",
             "BasicYWI6Yw==",           // no space after the scheme
             "Bearer YWI6Yw==",
             "Digest username=\"ab\"",
             "Basi YWI6Yw==",
             "Basic YWJj",              // "abc": no ':'
             "Basic YWI6Y*==",          // not Base64
             "Basic YWI6Y-Q=",          // URL-safe alphabet
             "Basic YWI6Y_Q=",
             "Basic YWI6Yw==YWI6Yw==",  // data after padding
             "Basic YWI6Yw===",         // too much padding
             "Basic YWI6Y2Q==",         // padding past the quantum
             "Basic YWI6Y",             // a dangling sixth of a byte
             "Basic =",
             "Basic ====",
             "Basic 0JjQvdGC0LXQs9GA0LDRhtC40Y86aHMxYy1kZW1v\xD0\x96",  // a Cyrillic letter inside
             "Basic YWI6Yw==\x01",
         }) {
        BOOST_TEST(!parse_basic_authorization(bad).has_value(), std::string(bad));
    }
}

BOOST_AUTO_TEST_CASE(matching_credentials)
{
    const basic_credentials given{"Интеграция", "hs1c-demo"};
    BOOST_TEST(credentials_match(given, "Интеграция", "hs1c-demo"));
    BOOST_TEST(!credentials_match(given, "Интеграция", "hs1c-demO"));
    BOOST_TEST(!credentials_match(given, "интеграция", "hs1c-demo"));
    BOOST_TEST(!credentials_match(given, "Интеграция", "hs1c-demo "));
    BOOST_TEST(!credentials_match(given, "Интеграция", ""));
    BOOST_TEST(!credentials_match(given, "", "hs1c-demo"));
    BOOST_TEST(!credentials_match(given, "Интеграция\xD0", "hs1c-demo"));
    // The Windows-1251 spelling of the login is another byte string.
    BOOST_TEST(!credentials_match(basic_credentials{"\xC8\xED\xF2\xE5\xE3\xF0\xE0\xF6\xE8\xFF", "hs1c-demo"},
                                  "Интеграция", "hs1c-demo"));
    BOOST_TEST(credentials_match(basic_credentials{"", ""}, "", ""));
}

BOOST_AUTO_TEST_CASE(constant_time_equality)
{
    BOOST_TEST(constant_time_equal("", ""));
    BOOST_TEST(constant_time_equal("abc", "abc"));
    BOOST_TEST(!constant_time_equal("abc", "abd"));
    BOOST_TEST(!constant_time_equal("abc", "xbc"));
    BOOST_TEST(!constant_time_equal("abc", "abcd"));
    BOOST_TEST(!constant_time_equal("abcd", "abc"));
    BOOST_TEST(!constant_time_equal("", "a"));
    BOOST_TEST(!constant_time_equal(std::string("a\0", 2), "a"));
    BOOST_TEST(constant_time_equal(std::string("a\0b", 3), std::string("a\0b", 3)));
    BOOST_TEST(!constant_time_equal("\x80", std::string(1, '\0')));
    const std::string long_a(100'000, 'a');
    auto long_b = long_a;
    long_b.back() = 'b';
    BOOST_TEST(constant_time_equal(long_a, long_a));
    BOOST_TEST(!constant_time_equal(long_a, long_b));
}

BOOST_AUTO_TEST_SUITE_END()
