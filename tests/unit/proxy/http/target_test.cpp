#include "proxy/http/target.hpp"

#include "raw_message.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using hs1c::http::host_without_port;
using hs1c::http::parse_target;

namespace {

const std::vector<std::string> our_hosts{"scripts.example.ru", "localhost:8443"};

}  // namespace

BOOST_AUTO_TEST_SUITE(target_test)

BOOST_AUTO_TEST_CASE(origin_form)
{
    const auto t = parse_target("/ajax?method=x&a=%20", our_hosts);
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST(t->path == "/ajax");
    BOOST_TEST(t->query == "method=x&a=%20");

    const auto no_query = parse_target("/", our_hosts);
    BOOST_TEST_REQUIRE(no_query.has_value());
    BOOST_TEST(no_query->path == "/");
    BOOST_TEST(no_query->query == "");

    const auto empty_query = parse_target("/a?", our_hosts);
    BOOST_TEST_REQUIRE(empty_query.has_value());
    BOOST_TEST(empty_query->path == "/a");
    BOOST_TEST(empty_query->query == "");
}

BOOST_AUTO_TEST_CASE(absolute_form_for_our_host)
{
    const auto t = parse_target("http://SCRIPTS.example.ru:8080/p/q?x=1", our_hosts);
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST(t->path == "/p/q");
    BOOST_TEST(t->query == "x=1");

    const auto bare = parse_target("https://localhost", our_hosts);
    BOOST_TEST_REQUIRE(bare.has_value());
    BOOST_TEST(bare->path == "/");
    BOOST_TEST(bare->query == "");

    const auto query_only = parse_target("HTTPS://localhost:1?z", our_hosts);
    BOOST_TEST_REQUIRE(query_only.has_value());
    BOOST_TEST(query_only->path == "/");
    BOOST_TEST(query_only->query == "z");
}

BOOST_AUTO_TEST_CASE(refused_targets)
{
    const auto request = hs1c::test::parse_raw_request(hs1c::test::fixture("cases/proxy/absolute-form-foreign.http"));
    BOOST_TEST(request.target == "http://169.254.169.254/latest/meta-data/");
    BOOST_TEST(!parse_target(request.target, our_hosts).has_value());

    BOOST_TEST(!parse_target("http://evil.example.ru/", our_hosts).has_value());
    BOOST_TEST(!parse_target("http://scripts.example.ru.evil/", our_hosts).has_value());
    BOOST_TEST(!parse_target("http://user@scripts.example.ru/", our_hosts).has_value());
    BOOST_TEST(!parse_target("http://evil@/", our_hosts).has_value());
    BOOST_TEST(!parse_target("ftp://scripts.example.ru/", our_hosts).has_value());
    BOOST_TEST(!parse_target("scripts.example.ru:443", our_hosts).has_value());
    BOOST_TEST(!parse_target("*", our_hosts).has_value());
    BOOST_TEST(!parse_target("", our_hosts).has_value());
    BOOST_TEST(!parse_target("ajax", our_hosts).has_value());
    BOOST_TEST(!parse_target("/a b", our_hosts).has_value());
    BOOST_TEST(!parse_target("/a\r\nX: y", our_hosts).has_value());
    BOOST_TEST(!parse_target(std::string_view("/a\0", 3), our_hosts).has_value());
    BOOST_TEST(!parse_target("/a\x7f", our_hosts).has_value());
    BOOST_TEST(!parse_target("/a#frag", our_hosts).has_value());
    BOOST_TEST(parse_target("/", {}).has_value());
    BOOST_TEST(!parse_target("http://scripts.example.ru/", {}).has_value());
}

BOOST_AUTO_TEST_CASE(host_port_split)
{
    BOOST_TEST(host_without_port("[::1]:8443") == "::1");
    BOOST_TEST(host_without_port("[::1]") == "::1");
    BOOST_TEST(host_without_port("a:1") == "a");
    BOOST_TEST(host_without_port("a") == "a");
    BOOST_TEST(host_without_port("127.0.0.1:8080") == "127.0.0.1");
    BOOST_TEST(host_without_port("::1") == "::1");
    BOOST_TEST(host_without_port("") == "");
}

BOOST_AUTO_TEST_SUITE_END()
