// Message framing checks (DESIGN §6.7) run on the raw header fields before the body is trusted, so
// smuggling tricks the Beast parser lets through (TE gzip + CL, chunked on 1.0, "chunked\t") are refused.
#pragma once

#include <boost/beast/http/fields.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace hs1c::http {

namespace bhttp = boost::beast::http;

enum class framing_error {
    none,
    content_length_and_transfer_encoding,
    unsupported_transfer_encoding,
    chunked_on_http10,
    conflicting_content_length,
    invalid_content_length,
    missing_host,
    duplicate_host,
    invalid_host
};

// Checks the raw header fields of a request as received; `version` is 10 or 11.
framing_error check_request_framing(const bhttp::fields& fields, unsigned version);

// The Transfer-Encoding lines of a raw request header block (request line through the empty line), as
// the bytes arrived. Beast trims trailing spaces and tabs from every field value (parser and
// bhttp::fields alike), so "chunked\t" can only be told from "chunked" here: run this on the buffered
// header bytes before handing them to the parser. Returns none or unsupported_transfer_encoding.
framing_error check_raw_transfer_encoding(std::string_view header_block);

// Upstream response framing: identical duplicate Content-Length is tolerated, differing ones or CL+TE
// are an error (the response is then refused with 502).
framing_error check_response_framing(const bhttp::fields& fields);

// Short English reason for logs.
std::string_view describe(framing_error error);

// A Content-Length value: plain decimal digits only, no sign, no list, no overflow.
std::optional<std::uint64_t> parse_content_length(std::string_view value);

// A Host value (reg-name, IPv4 or bracketed IPv6, optional port): no spaces, userinfo, paths or controls.
bool is_valid_host(std::string_view host);

}  // namespace hs1c::http
