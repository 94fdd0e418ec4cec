#include "proxy/http/framing.hpp"

#include "raw_message.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <utility>

namespace bhttp = boost::beast::http;
using hs1c::http::check_request_framing;
using hs1c::http::check_response_framing;
using hs1c::http::framing_error;

namespace boost::test_tools::tt_detail {
template <>
struct print_log_value<framing_error> {
    void operator()(std::ostream& os, framing_error e) { os << hs1c::http::describe(e); }
};
}  // namespace boost::test_tools::tt_detail

namespace {

bhttp::fields make_fields(std::initializer_list<std::pair<std::string_view, std::string_view>> list)
{
    bhttp::fields fields;
    for (const auto& [name, value] : list) {
        fields.insert(name, value);
    }
    return fields;
}

framing_error check_fixture(std::string_view name)
{
    const auto request = hs1c::test::parse_raw_request(hs1c::test::fixture(name));
    return check_request_framing(request.fields, request.version);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(framing_test)

BOOST_AUTO_TEST_CASE(fixture_cases)
{
    BOOST_TEST(check_fixture("cases/proxy/cl-and-te.http") == framing_error::content_length_and_transfer_encoding);
    BOOST_TEST(check_fixture("cases/proxy/te-gzip-then-cl.http") ==
               framing_error::content_length_and_transfer_encoding);
    BOOST_TEST(check_fixture("cases/proxy/chunked-on-http10.http") == framing_error::chunked_on_http10);
    BOOST_TEST(check_fixture("cases/proxy/duplicate-cl-differ.http") == framing_error::conflicting_content_length);
    BOOST_TEST(check_fixture("cases/proxy/missing-host.http") == framing_error::missing_host);
    BOOST_TEST(check_fixture("cases/proxy/expect-100-continue.http") == framing_error::none);
    BOOST_TEST(check_fixture("cases/proxy/connection-names-xff.http") == framing_error::none);
}

BOOST_AUTO_TEST_CASE(transfer_encoding_values)
{
    const auto te = [](std::string_view value, unsigned version = 11) {
        return check_request_framing(make_fields({{"Host", "a"}, {"Transfer-Encoding", value}}), version);
    };
    BOOST_TEST(te("chunked") == framing_error::none);
    BOOST_TEST(te("Chunked") == framing_error::none);
    BOOST_TEST(te("CHUNKED") == framing_error::none);
    BOOST_TEST(te("chunked ") == framing_error::none);
    BOOST_TEST(te("chunked   ") == framing_error::none);
    BOOST_TEST(te("chunked\x0b") == framing_error::unsupported_transfer_encoding);
    BOOST_TEST(te("chunked;") == framing_error::unsupported_transfer_encoding);
    BOOST_TEST(te("chunked,") == framing_error::unsupported_transfer_encoding);
    BOOST_TEST(te("gzip") == framing_error::unsupported_transfer_encoding);
    BOOST_TEST(te("gzip, chunked") == framing_error::unsupported_transfer_encoding);
    BOOST_TEST(te("chunked, chunked") == framing_error::unsupported_transfer_encoding);
    BOOST_TEST(te("identity") == framing_error::unsupported_transfer_encoding);
    BOOST_TEST(te("") == framing_error::unsupported_transfer_encoding);
    BOOST_TEST(te("xchunked") == framing_error::unsupported_transfer_encoding);
    BOOST_TEST(te("chunked", 10) == framing_error::chunked_on_http10);
    BOOST_TEST(te("gzip", 10) == framing_error::unsupported_transfer_encoding);

    const auto two_fields =
        make_fields({{"Host", "a"}, {"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}});
    BOOST_TEST(check_request_framing(two_fields, 11) == framing_error::unsupported_transfer_encoding);
    const auto lower_case_names = make_fields({{"host", "a"}, {"transfer-encoding", "gzip"}});
    BOOST_TEST(check_request_framing(lower_case_names, 11) == framing_error::unsupported_transfer_encoding);
}

BOOST_AUTO_TEST_CASE(content_length_and_transfer_encoding_together)
{
    const auto fields = make_fields({{"Host", "a"}, {"Content-Length", "6"}, {"Transfer-Encoding", "chunked"}});
    BOOST_TEST(check_request_framing(fields, 11) == framing_error::content_length_and_transfer_encoding);
    BOOST_TEST(check_response_framing(fields) == framing_error::content_length_and_transfer_encoding);
}

BOOST_AUTO_TEST_CASE(content_length_values)
{
    const auto cl = [](std::string_view value) {
        return check_request_framing(make_fields({{"Host", "a"}, {"Content-Length", value}}), 11);
    };
    BOOST_TEST(cl("0") == framing_error::none);
    BOOST_TEST(cl("5") == framing_error::none);
    BOOST_TEST(cl("18446744073709551615") == framing_error::none);
    BOOST_TEST(cl("18446744073709551616") == framing_error::invalid_content_length);
    BOOST_TEST(cl("99999999999999999999999") == framing_error::invalid_content_length);
    BOOST_TEST(cl("+5") == framing_error::invalid_content_length);
    BOOST_TEST(cl("-1") == framing_error::invalid_content_length);
    BOOST_TEST(cl("5 5") == framing_error::invalid_content_length);
    BOOST_TEST(cl("5,5") == framing_error::invalid_content_length);
    BOOST_TEST(cl("0x5") == framing_error::invalid_content_length);
    BOOST_TEST(cl("") == framing_error::invalid_content_length);
    BOOST_TEST(cl("5.0") == framing_error::invalid_content_length);

    BOOST_TEST(hs1c::http::parse_content_length("0042").value() == 42U);
    BOOST_TEST(!hs1c::http::parse_content_length(" 4").has_value());
}

BOOST_AUTO_TEST_CASE(duplicate_content_length)
{
    const auto same = make_fields({{"Host", "a"}, {"Content-Length", "5"}, {"Content-Length", "5"}});
    BOOST_TEST(check_request_framing(same, 11) == framing_error::none);
    BOOST_TEST(check_response_framing(same) == framing_error::none);

    const auto differ = make_fields({{"Host", "a"}, {"Content-Length", "5"}, {"Content-Length", "6"}});
    BOOST_TEST(check_request_framing(differ, 11) == framing_error::conflicting_content_length);
    BOOST_TEST(check_response_framing(differ) == framing_error::conflicting_content_length);

    const auto one_invalid = make_fields({{"Host", "a"}, {"Content-Length", "5"}, {"Content-Length", "+5"}});
    BOOST_TEST(check_request_framing(one_invalid, 11) == framing_error::invalid_content_length);
    BOOST_TEST(check_response_framing(one_invalid) == framing_error::invalid_content_length);
}

BOOST_AUTO_TEST_CASE(host_rules)
{
    BOOST_TEST(check_request_framing(make_fields({}), 11) == framing_error::missing_host);
    BOOST_TEST(check_request_framing(make_fields({}), 10) == framing_error::none);
    BOOST_TEST(check_request_framing(make_fields({{"Host", "a"}, {"Host", "a"}}), 11) ==
               framing_error::duplicate_host);
    BOOST_TEST(check_request_framing(make_fields({{"Host", "a"}, {"Host", "b"}}), 10) ==
               framing_error::duplicate_host);

    const auto host = [](std::string_view value) {
        return check_request_framing(make_fields({{"Host", value}}), 11);
    };
    BOOST_TEST(host("scripts.example.ru") == framing_error::none);
    BOOST_TEST(host("scripts.example.ru:8443") == framing_error::none);
    BOOST_TEST(host("127.0.0.1:8080") == framing_error::none);
    BOOST_TEST(host("[::1]:8443") == framing_error::none);
    BOOST_TEST(host("") == framing_error::invalid_host);
    BOOST_TEST(host("a b") == framing_error::invalid_host);
    BOOST_TEST(host("user@evil") == framing_error::invalid_host);
    BOOST_TEST(host("evil/x") == framing_error::invalid_host);
    BOOST_TEST(host("evil\\x") == framing_error::invalid_host);
    BOOST_TEST(host(std::string_view("a\0b", 3)) == framing_error::invalid_host);
    BOOST_TEST(host("a\x7f") == framing_error::invalid_host);
    BOOST_TEST(host("a\tb") == framing_error::invalid_host);
}

BOOST_AUTO_TEST_CASE(response_tolerates_what_requests_need_not)
{
    BOOST_TEST(check_response_framing(make_fields({})) == framing_error::none);
    BOOST_TEST(check_response_framing(make_fields({{"Transfer-Encoding", "chunked"}})) == framing_error::none);
    BOOST_TEST(check_response_framing(make_fields({{"Content-Length", "0x10"}})) ==
               framing_error::invalid_content_length);
}

// What Beast's own parser lets through must still be caught when the checks run on its fields.
BOOST_AUTO_TEST_CASE(checks_on_fields_parsed_by_beast)
{
    const auto parse = [](std::string_view bytes) {
        bhttp::request_parser<bhttp::empty_body> parser;
        parser.eager(false);
        boost::beast::error_code ec;
        parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
        BOOST_TEST_REQUIRE(!ec, ec.message());
        BOOST_TEST_REQUIRE(parser.is_header_done());
        return check_request_framing(parser.get().base(), parser.get().version());
    };
    BOOST_TEST(parse(hs1c::test::fixture("cases/proxy/te-gzip-then-cl.http")) ==
               framing_error::content_length_and_transfer_encoding);
    BOOST_TEST(parse(hs1c::test::fixture("cases/proxy/chunked-on-http10.http")) == framing_error::chunked_on_http10);
    BOOST_TEST(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked \r\n\r\n") == framing_error::none);
}

// Beast trims OWS from field values on insert, so a trailing tab is invisible in bhttp::fields; this pins
// that fact, which is why check_raw_transfer_encoding exists.
BOOST_AUTO_TEST_CASE(beast_fields_trim_trailing_tab)
{
    bhttp::fields fields;
    fields.insert("Transfer-Encoding", "chunked\t");
    BOOST_TEST(fields["Transfer-Encoding"] == "chunked");
}

BOOST_AUTO_TEST_CASE(raw_transfer_encoding_lines)
{
    using hs1c::http::check_raw_transfer_encoding;
    const auto raw = [](std::string_view te_line) {
        return check_raw_transfer_encoding("POST / HTTP/1.1\r\nHost: a\r\n" + std::string(te_line) +
                                           "\r\nX: 1\r\n\r\nbody: chunked\t");
    };
    BOOST_TEST(raw("Transfer-Encoding: chunked") == framing_error::none);
    BOOST_TEST(raw("Transfer-Encoding:chunked") == framing_error::none);
    BOOST_TEST(raw("transfer-encoding: \tChunked") == framing_error::none);
    BOOST_TEST(raw("Transfer-Encoding: chunked ") == framing_error::none);
    BOOST_TEST(raw("Transfer-Encoding: chunked  ") == framing_error::none);
    BOOST_TEST(raw("Transfer-Encoding: chunked\t") == framing_error::unsupported_transfer_encoding);
    BOOST_TEST(raw("Transfer-Encoding: chunked \t") == framing_error::unsupported_transfer_encoding);
    BOOST_TEST(raw("Transfer-Encoding: chunked\x0b") == framing_error::unsupported_transfer_encoding);
    BOOST_TEST(raw("Transfer-Encoding: gzip, chunked") == framing_error::unsupported_transfer_encoding);
    BOOST_TEST(raw("Transfer-Encoding: chunked\r\n gzip") == framing_error::unsupported_transfer_encoding);
    BOOST_TEST(raw("X-Note: chunked\t") == framing_error::none);
    BOOST_TEST(raw("X-Note: a\r\n\tb") == framing_error::none);
    BOOST_TEST(check_raw_transfer_encoding("") == framing_error::none);
    BOOST_TEST(check_raw_transfer_encoding(hs1c::test::fixture("cases/proxy/te-gzip-then-cl.http")) ==
               framing_error::unsupported_transfer_encoding);
    BOOST_TEST(check_raw_transfer_encoding(hs1c::test::fixture("cases/proxy/cl-and-te.http")) == framing_error::none);
}

BOOST_AUTO_TEST_CASE(every_error_is_described)
{
    BOOST_TEST(hs1c::http::describe(framing_error::none) == "ok");
    BOOST_TEST(hs1c::http::describe(framing_error::missing_host) == "HTTP/1.1 request without Host");
    BOOST_TEST(hs1c::http::describe(framing_error::unsupported_transfer_encoding) ==
               "Transfer-Encoding other than a single chunked");
}

BOOST_AUTO_TEST_SUITE_END()
