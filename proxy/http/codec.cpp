#include "proxy/http/codec.hpp"

#include "proxy/http/ascii.hpp"

#include <map>

namespace hs1c::http {

namespace {

constexpr std::string_view hex_digits = "0123456789ABCDEF";
constexpr unsigned nibble_bits = 4;
constexpr unsigned nibble_mask = 0x0f;
constexpr int hex_letter_offset = 10;
constexpr std::size_t escape_length = 3;  // "%XX"

bool is_unreserved(char c)
{
    return is_ascii_alpha(c) || is_ascii_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// The set JavaScript's encodeURIComponent leaves alone.
bool is_uri_component_safe(char c)
{
    return is_ascii_alpha(c) || is_ascii_digit(c) || std::string_view("-_.!~*'()").find(c) != std::string_view::npos;
}

void append_escape(std::string& out, char c)
{
    const auto u = static_cast<unsigned char>(c);
    out += '%';
    out += hex_digits[u >> nibble_bits];
    out += hex_digits[u & nibble_mask];
}

int hex_value(char c)
{
    if (is_ascii_digit(c)) {
        return c - '0';
    }
    const char lower = ascii_lower(c);
    if (lower >= 'a' && lower <= 'f') {
        return lower - 'a' + hex_letter_offset;
    }
    return -1;
}

// Splits "name=value" (no '=' → empty value) and calls `on_pair(raw_name, raw_value, value_offset)` for
// each non-empty '&'-separated segment; `value_offset` is relative to `text`.
template <class OnPair>
void for_each_pair(std::string_view text, OnPair on_pair)
{
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('&', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const auto segment = text.substr(start, end - start);
        if (!segment.empty()) {
            const auto equals = segment.find('=');
            if (equals == std::string_view::npos) {
                on_pair(segment, segment.substr(segment.size()), end);
            } else {
                on_pair(segment.substr(0, equals), segment.substr(equals + 1), start + equals + 1);
            }
        }
        start = end + 1;
    }
}

}  // namespace

std::string percent_encode(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    for (const char c : bytes) {
        if (is_unreserved(c)) {
            out += c;
        } else {
            append_escape(out, c);
        }
    }
    return out;
}

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '%') {
            if (i + escape_length > s.size()) {
                return std::nullopt;
            }
            const int high = hex_value(s[i + 1]);
            const int low = hex_value(s[i + 2]);
            if (high < 0 || low < 0) {
                return std::nullopt;
            }
            out += static_cast<char>((high << nibble_bits) | low);
            i += escape_length - 1;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::vector<query_param> parse_query(std::string_view query)
{
    std::vector<query_param> params;
    for_each_pair(query, [&](std::string_view raw_name, std::string_view raw_value, std::size_t) {
        auto name = percent_decode(raw_name, true);
        auto value = percent_decode(raw_value, true);
        if (name && value) {
            params.push_back({std::move(*name), std::move(*value)});
        }
    });
    return params;
}

std::optional<std::vector<form_pair>> parse_form(std::string_view body)
{
    std::vector<form_pair> pairs;
    bool malformed = false;
    for_each_pair(body, [&](std::string_view raw_name, std::string_view raw_value, std::size_t value_offset) {
        auto name = percent_decode(raw_name, true);
        auto value = percent_decode(raw_value, true);
        if (!name || !value) {
            malformed = true;
            return;
        }
        pairs.push_back({raw_name, raw_value, std::move(*name), std::move(*value), value_offset, raw_value.size()});
    });
    if (malformed) {
        return std::nullopt;
    }
    return pairs;
}

std::string form_encode(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == ' ') {
            out += '+';
        } else if (is_uri_component_safe(c)) {
            out += c;
        } else {
            append_escape(out, c);
        }
    }
    return out;
}

std::string replace_form_values(std::string_view body, const std::vector<form_pair>& pairs,
                                const std::vector<std::pair<std::size_t, std::string>>& replacements)
{
    // Keyed by offset so the body is rebuilt in one left-to-right pass.
    std::map<std::size_t, std::pair<std::size_t, std::string>> by_offset;
    for (const auto& [index, new_value] : replacements) {
        if (index >= pairs.size()) {
            continue;
        }
        const auto& pair = pairs[index];
        if (pair.value_offset + pair.value_length > body.size()) {
            continue;
        }
        // A bare "name" segment has no '=' yet: the replacement must supply it. Names never end in '='
        // (the first '=' splits), so the byte before the value tells the two apart.
        const bool has_equals = pair.value_offset > 0 && body[pair.value_offset - 1] == '=';
        std::string replacement = has_equals ? std::string() : std::string(1, '=');
        replacement.append(form_encode(new_value));
        by_offset[pair.value_offset] = {pair.value_length, std::move(replacement)};
    }
    std::string out;
    out.reserve(body.size());
    std::size_t copied = 0;
    for (const auto& [offset, replacement] : by_offset) {
        out.append(body.substr(copied, offset - copied));
        out.append(replacement.second);
        copied = offset + replacement.first;
    }
    out.append(body.substr(copied));
    return out;
}

}  // namespace hs1c::http
