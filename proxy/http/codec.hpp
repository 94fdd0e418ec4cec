// URL and application/x-www-form-urlencoded codecs, including an in-place form rewrite that keeps every
// other byte of a HyperScript RPC body identical (csrf_token included).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hs1c::http {

// RFC 3986 unreserved bytes kept, everything else %XX (the UTF-8 bytes, upper-case hex).
std::string percent_encode(std::string_view bytes);

// nullopt on a '%' not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

struct query_param {
    std::string name;
    std::string value;
};

// '+' is a space; pairs with bad % escapes are skipped, empty segments ignored.
std::vector<query_param> parse_query(std::string_view query);

// One pair of a form body as jQuery $.param writes it. The raw views and offsets point into the body
// that was parsed, which must outlive them.
struct form_pair {
    std::string_view raw_name;
    std::string_view raw_value;
    std::string name;   // decoded
    std::string value;  // decoded
    std::size_t value_offset;  // of raw_value in the body
    std::size_t value_length;
};

// nullopt when malformed (bad %); empty segments ("a=1&&b=2", a trailing '&') are ignored.
std::optional<std::vector<form_pair>> parse_form(std::string_view body);

// As jQuery encodes a value: encodeURIComponent, then space as '+'.
std::string form_encode(std::string_view value);

// Replaces the raw values of the given pairs (indices into `pairs`) with form_encode(new_value); all
// other bytes untouched. Indices out of range are ignored; for a repeated index the last one wins.
std::string replace_form_values(std::string_view body, const std::vector<form_pair>& pairs,
                                const std::vector<std::pair<std::size_t, std::string>>& replacements);

}  // namespace hs1c::http
