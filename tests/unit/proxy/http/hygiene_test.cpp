#include "proxy/http/hygiene.hpp"

#include "raw_message.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

namespace bhttp = boost::beast::http;
using namespace hs1c::http;

namespace {

std::size_t count(const bhttp::fields& fields, std::string_view name)
{
    return static_cast<std::size_t>(std::distance(fields.equal_range(name).first, fields.equal_range(name).second));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hygiene_test)

BOOST_AUTO_TEST_CASE(connection_names_and_forged_xff)
{
    auto request = hs1c::test::parse_raw_request(hs1c::test::fixture("cases/proxy/connection-names-xff.http"));
    strip_hop_by_hop(request.fields);
    BOOST_TEST(count(request.fields, "X-Secret-Hop") == 0U);
    BOOST_TEST(count(request.fields, "Connection") == 0U);
    BOOST_TEST(count(request.fields, "X-Forwarded-For") == 0U);
    BOOST_TEST(request.fields["Host"] == "scripts.example.ru");

    add_forwarded(request.fields, {"203.0.113.7", "https", "scripts.example.ru", "abc-1"});
    BOOST_TEST(count(request.fields, "X-Forwarded-For") == 1U);
    BOOST_TEST(request.fields["X-Forwarded-For"] == "203.0.113.7");
    BOOST_TEST(request.fields["X-Forwarded-Proto"] == "https");
    BOOST_TEST(request.fields["X-Forwarded-Host"] == "scripts.example.ru");
    BOOST_TEST(request.fields["X-Request-ID"] == "abc-1");
    BOOST_TEST(request.fields["Via"] == "1.1 hs1c");
    BOOST_TEST(count(request.fields, "X-Secret-Hop") == 0U);
}

BOOST_AUTO_TEST_CASE(every_hop_by_hop_field_removed)
{
    bhttp::fields fields;
    for (const auto* name : {"Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding",
                             "Upgrade", "Proxy-Authenticate", "Proxy-Authorization"}) {
        fields.insert(name, "x");
    }
    fields.insert("connection", "close");
    fields.insert("Accept", "*/*");
    fields.insert("Cookie", "s=1");
    strip_hop_by_hop(fields);
    std::set<std::string> left;
    for (const auto& field : fields) {
        left.insert(std::string(field.name_string()));
    }
    BOOST_TEST((left == std::set<std::string>{"Accept", "Cookie"}));
}

BOOST_AUTO_TEST_CASE(names_from_several_connection_fields)
{
    bhttp::fields fields;
    fields.insert("Connection", " x-one ,,X-TWO\t");
    fields.insert("Connection", "x-three");
    fields.insert("X-One", "1");
    fields.insert("x-two", "2");
    fields.insert("X-Two", "2b");
    fields.insert("X-Three", "3");
    fields.insert("X-Four", "4");
    strip_hop_by_hop(fields);
    BOOST_TEST(count(fields, "X-One") == 0U);
    BOOST_TEST(count(fields, "X-Two") == 0U);
    BOOST_TEST(count(fields, "X-Three") == 0U);
    BOOST_TEST(fields["X-Four"] == "4");
}

BOOST_AUTO_TEST_CASE(routing_and_framing_fields_survive_connection)
{
    bhttp::fields fields;
    fields.insert("Connection", "Host, Content-Length, X-Request-ID");
    fields.insert("Host", "a");
    fields.insert("Content-Length", "5");
    fields.insert("X-Request-ID", "forged");
    strip_hop_by_hop(fields);
    BOOST_TEST(fields["Host"] == "a");
    BOOST_TEST(fields["Content-Length"] == "5");
    BOOST_TEST(count(fields, "X-Request-ID") == 0U);
}

BOOST_AUTO_TEST_CASE(forwarded_fields_overwrite_client_values)
{
    bhttp::fields fields;
    fields.insert("X-Forwarded-For", "6.6.6.6");
    fields.insert("X-Forwarded-For", "7.7.7.7");
    fields.insert("X-Forwarded-Proto", "gopher");
    fields.insert("X-Forwarded-Host", "evil");
    fields.insert("X-Request-ID", "old");
    fields.insert("Via", "1.0 fred");
    fields.insert("Via", "1.1 p.example.net");
    add_forwarded(fields, {"::1", "http", "localhost:8080", "r1"});
    BOOST_TEST(count(fields, "X-Forwarded-For") == 1U);
    BOOST_TEST(fields["X-Forwarded-For"] == "::1");
    BOOST_TEST(fields["X-Forwarded-Proto"] == "http");
    BOOST_TEST(fields["X-Forwarded-Host"] == "localhost:8080");
    BOOST_TEST(fields["X-Request-ID"] == "r1");
    BOOST_TEST(count(fields, "Via") == 1U);
    BOOST_TEST(fields["Via"] == "1.0 fred, 1.1 p.example.net, 1.1 hs1c");
}

BOOST_AUTO_TEST_CASE(request_ids)
{
    const auto a = make_request_id();
    const auto b = make_request_id();
    BOOST_TEST(a.size() == 32U);
    BOOST_TEST(a.find_first_not_of("0123456789abcdef") == std::string::npos);
    BOOST_TEST(a != b);
    BOOST_TEST(is_valid_request_id(a));

    BOOST_TEST(is_valid_request_id("A-z.0_9"));
    BOOST_TEST(is_valid_request_id(std::string(128, 'a')));
    BOOST_TEST(!is_valid_request_id(std::string(129, 'a')));
    BOOST_TEST(!is_valid_request_id(""));
    BOOST_TEST(!is_valid_request_id("a b"));
    BOOST_TEST(!is_valid_request_id("a\r\nb"));
    BOOST_TEST(!is_valid_request_id("id;drop"));
    BOOST_TEST(!is_valid_request_id("ид"));
}

BOOST_AUTO_TEST_CASE(client_forwarding_variants_are_dropped)
{
    bhttp::fields f;
    f.set("Forwarded", "for=6.6.6.6;host=evil.example");
    f.set("X-Real-IP", "6.6.6.6");
    f.set("X-Forwarded-Port", "1");
    f.set("X-Forwarded-Prefix", "/evil");
    add_forwarded(f, {"127.0.0.1", "https", "scripts.example.ru", "abc"});
    BOOST_TEST(f.count("Forwarded") == 0u);
    BOOST_TEST(f.count("X-Real-IP") == 0u);
    BOOST_TEST(f.count("X-Forwarded-Port") == 0u);
    BOOST_TEST(f.count("X-Forwarded-Prefix") == 0u);
    BOOST_TEST(f["X-Forwarded-For"] == "127.0.0.1");
}

BOOST_AUTO_TEST_SUITE_END()
