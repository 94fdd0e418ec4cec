#include "proxy/html/encoding.hpp"

#include <boost/test/unit_test.hpp>

#include <zlib.h>

#include <array>
#include <string>

using namespace hs1c::html;

namespace {

constexpr int gzip_window_bits = 16 + MAX_WBITS;
constexpr int raw_window_bits = -MAX_WBITS;
constexpr int memory_level = 8;

std::string compress(std::string_view data, int window_bits)
{
    z_stream stream{};
    BOOST_TEST_REQUIRE(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, memory_level,
                                    Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    BOOST_TEST_REQUIRE(result == Z_STREAM_END);
    return out;
}

std::string sample_page()
{
    std::string page = "<html><head><title>Скрипты</title></head><body>";
    for (int i = 0; i < 2000; ++i) {
        page += "<p>строка " + std::to_string(i) + "</p>";
    }
    return page + "</body></html>";
}

constexpr std::size_t limit = 1024 * 1024;

}  // namespace

BOOST_AUTO_TEST_SUITE(encoding_test)

BOOST_AUTO_TEST_CASE(content_encoding_names)
{
    BOOST_TEST((parse_content_encoding("") == coding::identity));
    BOOST_TEST((parse_content_encoding("identity") == coding::identity));
    BOOST_TEST((parse_content_encoding("gzip") == coding::gzip));
    BOOST_TEST((parse_content_encoding(" GZIP ") == coding::gzip));
    BOOST_TEST((parse_content_encoding("x-gzip") == coding::gzip));
    BOOST_TEST((parse_content_encoding("Deflate") == coding::deflate));
    BOOST_TEST((parse_content_encoding("br") == coding::unsupported));
    BOOST_TEST((parse_content_encoding("gzip, gzip") == coding::unsupported));
    BOOST_TEST((parse_content_encoding("zstd") == coding::unsupported));
}

BOOST_AUTO_TEST_CASE(round_trips)
{
    const auto page = sample_page();
    BOOST_TEST(decode(coding::gzip, compress(page, gzip_window_bits), limit).value() == page);
    BOOST_TEST(decode(coding::deflate, compress(page, MAX_WBITS), limit).value() == page);
    BOOST_TEST(decode(coding::deflate, compress(page, raw_window_bits), limit).value() == page);
    BOOST_TEST(decode(coding::identity, page, limit).value() == page);
    BOOST_TEST(decode(coding::gzip, compress("", gzip_window_bits), limit).value() == "");
}

BOOST_AUTO_TEST_CASE(gzip_members_concatenated)
{
    const auto body = compress("<p>one</p>", gzip_window_bits) + compress("<p>two</p>", gzip_window_bits);
    BOOST_TEST(decode(coding::gzip, body, limit).value() == "<p>one</p><p>two</p>");
}

BOOST_AUTO_TEST_CASE(corrupt_and_truncated)
{
    const auto page = sample_page();
    auto gz = compress(page, gzip_window_bits);
    auto corrupt = gz;
    corrupt[corrupt.size() / 2] = static_cast<char>(corrupt[corrupt.size() / 2] ^ 0x5a);
    BOOST_TEST(!decode(coding::gzip, corrupt, limit).has_value());
    BOOST_TEST(!decode(coding::gzip, gz.substr(0, gz.size() - 4), limit).has_value());
    BOOST_TEST(!decode(coding::gzip, gz.substr(0, gz.size() / 2), limit).has_value());
    BOOST_TEST(!decode(coding::gzip, "not gzip at all", limit).has_value());
    BOOST_TEST(!decode(coding::gzip, gz + "trailing", limit).has_value());
    const auto zlib = compress(page, MAX_WBITS);
    BOOST_TEST(!decode(coding::deflate, zlib.substr(0, zlib.size() - 1), limit).has_value());
    BOOST_TEST(!decode(coding::deflate, zlib + "x", limit).has_value());
    BOOST_TEST(!decode(coding::unsupported, page, limit).has_value());
}

BOOST_AUTO_TEST_CASE(bomb_over_the_limit)
{
    const std::string zeros(limit * 16, '\0');
    const auto bomb = compress(zeros, gzip_window_bits);
    BOOST_TEST(bomb.size() < limit / 64);
    BOOST_TEST(!decode(coding::gzip, bomb, limit).has_value());
    BOOST_TEST(!decode(coding::deflate, compress(zeros, MAX_WBITS), limit).has_value());

    const std::string exact(limit, 'a');
    BOOST_TEST(decode(coding::gzip, compress(exact, gzip_window_bits), limit).value().size() == limit);
    BOOST_TEST(!decode(coding::gzip, compress(exact + "a", gzip_window_bits), limit).has_value());
    BOOST_TEST(!decode(coding::identity, exact + "a", limit).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
