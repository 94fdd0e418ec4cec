#include "proxy/html/encoding.hpp"

#include "proxy/http/ascii.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>

namespace hs1c::html {

namespace {

constexpr int gzip_window_bits = 16 + MAX_WBITS;  // zlib's "expect a gzip wrapper" flag
constexpr int zlib_window_bits = MAX_WBITS;
constexpr int raw_window_bits = -MAX_WBITS;
constexpr std::size_t output_chunk = 16 * 1024;
constexpr unsigned zlib_header_check_divisor = 31;  // RFC 1950: CMF*256 + FLG is a multiple of 31
constexpr unsigned compression_method_mask = 0x0f;
constexpr unsigned byte_bits = 8;

// RFC 1950 header test: "deflate" is meant to be zlib-wrapped, but servers also send raw deflate.
bool has_zlib_header(std::string_view body)
{
    if (body.size() < 2) {
        return false;
    }
    const auto cmf = static_cast<unsigned char>(body[0]);
    const auto flg = static_cast<unsigned char>(body[1]);
    return (cmf & compression_method_mask) == Z_DEFLATED &&
           ((static_cast<unsigned>(cmf) << byte_bits) | flg) % zlib_header_check_divisor == 0;
}

class inflater {
public:
    explicit inflater(int window_bits) { ok_ = inflateInit2(&stream_, window_bits) == Z_OK; }
    inflater(const inflater&) = delete;
    inflater& operator=(const inflater&) = delete;
    ~inflater()
    {
        if (ok_) {
            inflateEnd(&stream_);
        }
    }

    // `several_members`: after one stream ends, further input starts another (gzip members).
    std::optional<std::string> run(std::string_view body, std::size_t max_output, bool several_members)
    {
        if (!ok_) {
            return std::nullopt;
        }
        std::string out;
        std::array<Bytef, output_chunk> buffer{};
        std::size_t consumed = 0;
        constexpr std::size_t max_feed = std::numeric_limits<uInt>::max();
        for (;;) {
            if (stream_.avail_in == 0 && consumed < body.size()) {
                const auto feed = std::min(body.size() - consumed, max_feed);
                // zlib's API takes a non-const pointer but never writes through next_in.
                stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data() + consumed));
                stream_.avail_in = static_cast<uInt>(feed);
                consumed += feed;
            }
            stream_.next_out = buffer.data();
            stream_.avail_out = static_cast<uInt>(buffer.size());
            const int result = inflate(&stream_, Z_NO_FLUSH);
            const auto produced = buffer.size() - stream_.avail_out;
            if (out.size() + produced > max_output) {
                return std::nullopt;
            }
            out.append(reinterpret_cast<const char*>(buffer.data()), produced);
            if (result == Z_STREAM_END) {
                const bool input_left = stream_.avail_in > 0 || consumed < body.size();
                if (!input_left) {
                    return out;
                }
                if (!several_members || inflateReset(&stream_) != Z_OK) {
                    return std::nullopt;
                }
                continue;
            }
            if (result != Z_OK) {
                // Z_BUF_ERROR here means no progress was possible: the input ended mid-stream.
                return std::nullopt;
            }
            if (stream_.avail_in == 0 && consumed == body.size() && produced == 0) {
                return std::nullopt;
            }
        }
    }

private:
    z_stream stream_{};
    bool ok_ = false;
};

}  // namespace

coding parse_content_encoding(std::string_view value)
{
    const auto token = http::trim_ows(value);
    if (token.empty() || http::iequals(token, "identity")) {
        return coding::identity;
    }
    if (http::iequals(token, "gzip") || http::iequals(token, "x-gzip")) {
        return coding::gzip;
    }
    if (http::iequals(token, "deflate")) {
        return coding::deflate;
    }
    return coding::unsupported;
}

std::optional<std::string> decode(coding c, std::string_view body, std::size_t max_output)
{
    switch (c) {
    case coding::identity:
        if (body.size() > max_output) {
            return std::nullopt;
        }
        return std::string(body);
    case coding::gzip:
        return inflater(gzip_window_bits).run(body, max_output, true);
    case coding::deflate:
        return inflater(has_zlib_header(body) ? zlib_window_bits : raw_window_bits).run(body, max_output, false);
    case coding::unsupported:
        return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace hs1c::html
