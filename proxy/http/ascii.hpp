// ASCII-only string helpers for protocol text (header names, tokens, schemes), where case folding must
// never depend on the locale.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hs1c::http {

constexpr char ascii_lower(char c) noexcept
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }

constexpr bool is_ascii_alpha(char c) noexcept
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Control bytes as RFC 5234 CTL: 0x00-0x1F and DEL.
constexpr bool is_ascii_control(char c) noexcept
{
    const auto u = static_cast<unsigned char>(c);
    constexpr unsigned char del = 0x7f;
    constexpr unsigned char first_printable = 0x20;
    return u < first_printable || u == del;
}

constexpr bool iequals(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) {
            return false;
        }
    }
    return true;
}

constexpr bool istarts_with(std::string_view s, std::string_view prefix) noexcept
{
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

constexpr bool iends_with(std::string_view s, std::string_view suffix) noexcept
{
    return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

// Position of the first case-insensitive occurrence of `needle`, or npos.
std::size_t ifind(std::string_view haystack, std::string_view needle) noexcept;

// Position of the last case-insensitive occurrence of `needle`, or npos.
std::size_t irfind(std::string_view haystack, std::string_view needle) noexcept;

// Strips RFC 9110 optional whitespace (spaces and horizontal tabs) from both ends.
std::string_view trim_ows(std::string_view s) noexcept;

std::string to_lower(std::string_view s);

}  // namespace hs1c::http
