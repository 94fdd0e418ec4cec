#include "proxy/http/framing.hpp"

#include "proxy/http/ascii.hpp"

#include <limits>

namespace hs1c::http {

namespace {

constexpr unsigned http10 = 10;
constexpr std::uint64_t decimal_base = 10;

// The only transfer coding hs1c accepts, as one field. Trailing spaces are tolerated, a trailing tab
// or anything else is not: servers disagree on those and disagreement is what smuggling exploits.
bool is_plain_chunked(std::string_view value)
{
    const auto first = value.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return false;
    }
    value.remove_prefix(first);
    const auto last = value.find_last_not_of(' ');
    return iequals(value.substr(0, last + 1), "chunked");
}

// Counts of the framing-relevant fields and the verdict on Content-Length alone.
struct framing_fields {
    unsigned content_length_count = 0;
    unsigned transfer_encoding_count = 0;
    unsigned host_count = 0;
    std::string_view transfer_encoding;
    std::string_view host;
    framing_error content_length_error = framing_error::none;
};

framing_fields collect(const bhttp::fields& fields)
{
    framing_fields out;
    std::optional<std::uint64_t> length;
    for (const auto& field : fields) {
        const auto name = field.name_string();
        const auto value = field.value();
        if (iequals(name, "Content-Length")) {
            ++out.content_length_count;
            const auto parsed = parse_content_length(value);
            if (!parsed) {
                out.content_length_error = framing_error::invalid_content_length;
            } else if (length && *length != *parsed &&
                       out.content_length_error == framing_error::none) {
                out.content_length_error = framing_error::conflicting_content_length;
            }
            if (parsed && !length) {
                length = parsed;
            }
        } else if (iequals(name, "Transfer-Encoding")) {
            ++out.transfer_encoding_count;
            out.transfer_encoding = value;
        } else if (iequals(name, "Host")) {
            ++out.host_count;
            out.host = value;
        }
    }
    return out;
}

}  // namespace

framing_error check_raw_transfer_encoding(std::string_view header_block)
{
    bool previous_was_transfer_encoding = false;
    while (!header_block.empty()) {
        const auto newline = header_block.find('\n');
        auto line = header_block.substr(0, newline);
        header_block = newline == std::string_view::npos ? std::string_view{} : header_block.substr(newline + 1);
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            break;
        }
        const bool continuation = line.front() == ' ' || line.front() == '\t';
        if (continuation) {
            // An obs-fold line continues the previous field's value.
            if (previous_was_transfer_encoding) {
                return framing_error::unsupported_transfer_encoding;
            }
            continue;
        }
        const auto colon = line.find(':');
        previous_was_transfer_encoding =
            colon != std::string_view::npos && iequals(line.substr(0, colon), "Transfer-Encoding");
        if (previous_was_transfer_encoding && !is_plain_chunked(line.substr(colon + 1))) {
            return framing_error::unsupported_transfer_encoding;
        }
    }
    return framing_error::none;
}

std::optional<std::uint64_t> parse_content_length(std::string_view value)
{
    if (value.empty()) {
        return std::nullopt;
    }
    std::uint64_t result = 0;
    constexpr auto max = std::numeric_limits<std::uint64_t>::max();
    for (const char c : value) {
        if (!is_ascii_digit(c)) {
            return std::nullopt;
        }
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (result > (max - digit) / decimal_base) {
            return std::nullopt;
        }
        result = result * decimal_base + digit;
    }
    return result;
}

bool is_valid_host(std::string_view host)
{
    if (host.empty()) {
        return false;
    }
    // RFC 3986 reg-name / IP-literal / port characters; everything else (space, '@', '/', '\\', '?',
    // '#', controls, non-ASCII) could make the host mean different things to different parsers.
    constexpr std::string_view allowed_punctuation = "-._~!$&'()*+,;=:[]%";
    for (const char c : host) {
        if (!is_ascii_alpha(c) && !is_ascii_digit(c) && allowed_punctuation.find(c) == std::string_view::npos) {
            return false;
        }
    }
    return true;
}

framing_error check_request_framing(const bhttp::fields& fields, unsigned version)
{
    const auto found = collect(fields);
    if (found.content_length_count > 0 && found.transfer_encoding_count > 0) {
        return framing_error::content_length_and_transfer_encoding;
    }
    if (found.transfer_encoding_count > 1 ||
        (found.transfer_encoding_count == 1 && !is_plain_chunked(found.transfer_encoding))) {
        return framing_error::unsupported_transfer_encoding;
    }
    if (found.transfer_encoding_count == 1 && version <= http10) {
        return framing_error::chunked_on_http10;
    }
    if (found.content_length_error != framing_error::none) {
        return found.content_length_error;
    }
    if (found.host_count > 1) {
        return framing_error::duplicate_host;
    }
    if (found.host_count == 0) {
        return version > http10 ? framing_error::missing_host : framing_error::none;
    }
    return is_valid_host(found.host) ? framing_error::none : framing_error::invalid_host;
}

framing_error check_response_framing(const bhttp::fields& fields)
{
    const auto found = collect(fields);
    if (found.content_length_count > 0 && found.transfer_encoding_count > 0) {
        return framing_error::content_length_and_transfer_encoding;
    }
    return found.content_length_error;
}

std::string_view describe(framing_error error)
{
    switch (error) {
    case framing_error::none:
        return "ok";
    case framing_error::content_length_and_transfer_encoding:
        return "both Content-Length and Transfer-Encoding";
    case framing_error::unsupported_transfer_encoding:
        return "Transfer-Encoding other than a single chunked";
    case framing_error::chunked_on_http10:
        return "chunked Transfer-Encoding on HTTP/1.0";
    case framing_error::conflicting_content_length:
        return "differing Content-Length values";
    case framing_error::invalid_content_length:
        return "Content-Length is not a plain decimal number";
    case framing_error::missing_host:
        return "HTTP/1.1 request without Host";
    case framing_error::duplicate_host:
        return "more than one Host field";
    case framing_error::invalid_host:
        return "malformed Host value";
    }
    return "unknown framing error";
}

}  // namespace hs1c::http
