#include "proxy/http/rewrite.hpp"

#include <boost/test/unit_test.hpp>

using namespace hs1c::http;

namespace {

constexpr std::string_view upstream = "http://127.0.0.1:18001";
constexpr std::string_view public_origin = "https://localhost:8443";

std::string location(std::string_view value)
{
    return rewrite_location(value, upstream, public_origin).value_or("<unchanged>");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rewrite_test)

BOOST_AUTO_TEST_CASE(location_to_public_origin)
{
    BOOST_TEST(location("http://127.0.0.1:18001/login?next=%2F#top") == "https://localhost:8443/login?next=%2F#top");
    BOOST_TEST(location("HTTP://127.0.0.1:18001/a") == "https://localhost:8443/a");
    BOOST_TEST(location("http://127.0.0.1:18001") == "https://localhost:8443");
    BOOST_TEST(location("http://127.0.0.1:18001?x") == "https://localhost:8443?x");
    BOOST_TEST(location("//127.0.0.1:18001/a") == "https://localhost:8443/a");
}

BOOST_AUTO_TEST_CASE(location_left_alone)
{
    BOOST_TEST(location("/relative") == "<unchanged>");
    BOOST_TEST(location("relative/x") == "<unchanged>");
    BOOST_TEST(location("https://127.0.0.1:18001/a") == "<unchanged>");
    BOOST_TEST(location("http://127.0.0.1:18002/a") == "<unchanged>");
    BOOST_TEST(location("http://127.0.0.1:180010/a") == "<unchanged>");
    BOOST_TEST(location("http://127.0.0.1/a") == "<unchanged>");
    BOOST_TEST(location("http://127.0.0.10:18001/a") == "<unchanged>");
    BOOST_TEST(location("http://user@127.0.0.1:18001/a") == "<unchanged>");
    BOOST_TEST(location("https://amocrm.ru/") == "<unchanged>");
    BOOST_TEST(location("") == "<unchanged>");
}

BOOST_AUTO_TEST_CASE(default_ports_normalised)
{
    BOOST_TEST(rewrite_location("https://Hyper-Script.ru/x", "https://hyper-script.ru:443", "https://p.example")
                   .value_or("") == "https://p.example/x");
    BOOST_TEST(rewrite_location("http://h:80/x", "http://h", "https://p:8443/").value_or("") == "https://p:8443/x");
    BOOST_TEST(!rewrite_location("http://h:8080/x", "http://h", "https://p").has_value());
    BOOST_TEST(rewrite_location("http://[::1]:80/x", "http://[::1]", "https://p").value_or("") == "https://p/x");
}

BOOST_AUTO_TEST_CASE(refresh)
{
    BOOST_TEST(rewrite_refresh("5; url=http://127.0.0.1:18001/x", upstream, public_origin).value_or("") ==
               "5; url=https://localhost:8443/x");
    BOOST_TEST(rewrite_refresh("0;URL='http://127.0.0.1:18001/y?a=1'", upstream, public_origin).value_or("") ==
               "0;URL='https://localhost:8443/y?a=1'");
    BOOST_TEST(rewrite_refresh("3, http://127.0.0.1:18001/", upstream, public_origin).value_or("") ==
               "3, https://localhost:8443/");
    BOOST_TEST(rewrite_refresh("1; url = \"http://127.0.0.1:18001/q\"", upstream, public_origin).value_or("") ==
               "1; url = \"https://localhost:8443/q\"");
    BOOST_TEST(!rewrite_refresh("5", upstream, public_origin).has_value());
    BOOST_TEST(!rewrite_refresh("5; url=/x", upstream, public_origin).has_value());
    BOOST_TEST(!rewrite_refresh("5; url=http://other/x", upstream, public_origin).has_value());
    BOOST_TEST(!rewrite_refresh("5; url=", upstream, public_origin).has_value());
}

BOOST_AUTO_TEST_CASE(set_cookie_domain)
{
    BOOST_TEST(rewrite_set_cookie("sid=a=b; Path=/; Domain=app.hyper-script.ru; HttpOnly", "app.hyper-script.ru",
                                  "scripts.company.ru")
                   .value_or("") == "sid=a=b; Path=/; Domain=scripts.company.ru; HttpOnly");
    BOOST_TEST(rewrite_set_cookie("sid=1; domain=.Hyper-Script.ru", "app.hyper-script.ru", "scripts.company.ru")
                   .value_or("") == "sid=1; domain=scripts.company.ru");
    BOOST_TEST(rewrite_set_cookie("sid=1;Domain=hyper-script.ru;Secure", "hyper-script.ru", "localhost").value_or("") ==
               "sid=1;Domain=localhost;Secure");
    BOOST_TEST(rewrite_set_cookie("a=1; Domain=x.ru; Domain=x.ru", "x.ru", "p").value_or("") == "a=1; Domain=p; Domain=p");
}

BOOST_AUTO_TEST_CASE(set_cookie_left_alone)
{
    BOOST_TEST(!rewrite_set_cookie("sid=1; Path=/", "app.hyper-script.ru", "p").has_value());
    BOOST_TEST(!rewrite_set_cookie("sid=1; Domain=other.ru", "app.hyper-script.ru", "p").has_value());
    BOOST_TEST(!rewrite_set_cookie("sid=1; Domain=script.ru", "app.hyper-script.ru", "p").has_value());
    BOOST_TEST(!rewrite_set_cookie("sid=1; Domain=sub.app.hyper-script.ru", "app.hyper-script.ru", "p").has_value());
    BOOST_TEST(!rewrite_set_cookie("Domain=app.hyper-script.ru", "app.hyper-script.ru", "p").has_value());
    BOOST_TEST(!rewrite_set_cookie("sid=1; Domain=", "app.hyper-script.ru", "p").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
