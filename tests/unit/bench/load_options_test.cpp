#include "bench/load/load_options.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace hs1c::bench;

namespace {

parse_result parse(std::vector<std::string> args) { return parse_load_options(args); }

}  // namespace

BOOST_AUTO_TEST_SUITE(load_options_test)

BOOST_AUTO_TEST_CASE(defaults_with_only_a_url)
{
    const auto r = parse({"--url", "http://127.0.0.1:8080/1k"});
    BOOST_TEST_REQUIRE(r.options.has_value());
    BOOST_TEST(r.options->host == "127.0.0.1");
    BOOST_TEST(r.options->port == "8080");
    BOOST_TEST(r.options->target == "/1k");
    BOOST_TEST(r.options->connections == 1u);
    BOOST_TEST(r.options->rate == 0.0);
    BOOST_TEST(r.options->duration.count() == 10000);
}

BOOST_AUTO_TEST_CASE(url_without_port_or_path)
{
    const auto r = parse({"--url", "http://localhost"});
    BOOST_TEST_REQUIRE(r.options.has_value());
    BOOST_TEST(r.options->port == "80");
    BOOST_TEST(r.options->target == "/");
}

BOOST_AUTO_TEST_CASE(query_with_cyrillic_percent_encoding_is_kept)
{
    const auto r = parse({"--url", "http://127.0.0.1:9/_hs1c/api/v1/nomenclature?q=%D0%BA%D0%B0%D0%B1"});
    BOOST_TEST_REQUIRE(r.options.has_value());
    BOOST_TEST(r.options->target == "/_hs1c/api/v1/nomenclature?q=%D0%BA%D0%B0%D0%B1");
}

BOOST_AUTO_TEST_CASE(every_option)
{
    const auto r = parse({"--url", "http://h:1/", "--connections", "50", "--duration", "1.5", "--rate", "2000",
                          "--threads", "2", "--header", "Accept-Encoding: gzip", "--header", "X-Empty:"});
    BOOST_TEST_REQUIRE(r.options.has_value());
    BOOST_TEST(r.options->connections == 50u);
    BOOST_TEST(r.options->duration.count() == 1500);
    BOOST_TEST(r.options->rate == 2000.0);
    BOOST_TEST(r.options->threads == 2u);
    BOOST_TEST_REQUIRE(r.options->headers.size() == 2u);
    BOOST_TEST(r.options->headers[0].first == "Accept-Encoding");
    BOOST_TEST(r.options->headers[0].second == "gzip");
    BOOST_TEST(r.options->headers[1].second == "");
}

BOOST_AUTO_TEST_CASE(threads_never_exceed_connections)
{
    const auto r = parse({"--url", "http://h:1/", "--connections", "2", "--threads", "8"});
    BOOST_TEST_REQUIRE(r.options.has_value());
    BOOST_TEST(r.options->threads == 2u);
}

BOOST_AUTO_TEST_CASE(refusals_name_the_problem)
{
    BOOST_TEST(parse({}).error == "--url is required");
    BOOST_TEST(!parse({"--url", "https://h:1/"}).options);
    BOOST_TEST(!parse({"--url", "http://h:0/"}).options);
    BOOST_TEST(!parse({"--url", "http://h:70000/"}).options);
    BOOST_TEST(!parse({"--url", "http://h:8x/"}).options);
    BOOST_TEST(!parse({"--url", "http://:80/"}).options);
    BOOST_TEST(!parse({"--url", "http://h/", "--connections", "0"}).options);
    BOOST_TEST(!parse({"--url", "http://h/", "--connections", "-1"}).options);
    BOOST_TEST(!parse({"--url", "http://h/", "--duration", "0"}).options);
    BOOST_TEST(!parse({"--url", "http://h/", "--rate", "nan"}).options);
    BOOST_TEST(!parse({"--url", "http://h/", "--rate", "-1"}).options);
    BOOST_TEST(!parse({"--url", "http://h/", "--header", "no colon"}).options);
    BOOST_TEST(!parse({"--url", "http://h/", "--header", ": value"}).options);
    BOOST_TEST(!parse({"--url", "http://h/", "--header", "X: a\r\nInjected: b"}).options);
    BOOST_TEST(parse({"--url", "http://h/", "--bogus", "1"}).error == "unknown option --bogus");
    BOOST_TEST(parse({"--url"}).error == "--url needs a value");
}

BOOST_AUTO_TEST_SUITE_END()
