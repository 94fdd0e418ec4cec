#include "plugins/onec/basic_auth.hpp"

#include "proxy/http/ascii.hpp"

#include <algorithm>

namespace hs1c::onec {

namespace {

constexpr std::string_view scheme = "Basic";
constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char padding = '=';
constexpr unsigned sextet_bits = 6;
constexpr unsigned sextet_mask = 0x3F;
constexpr unsigned byte_bits = 8;
constexpr unsigned byte_mask = 0xFF;
constexpr std::size_t quantum = 4;            // Base64 characters per three bytes
constexpr std::size_t max_padding = 2;
constexpr std::size_t dangling_symbols = 1;   // one symbol alone cannot carry a byte

// The whitespace 1C breaks its Base64 with (CR LF and a space every few characters).
bool is_ignored(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string base64_encode(std::string_view bytes)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * quantum);
    unsigned acc = 0;
    unsigned bits = 0;
    for (const char c : bytes) {
        acc = (acc << byte_bits) | static_cast<unsigned char>(c);
        bits += byte_bits;
        while (bits >= sextet_bits) {
            bits -= sextet_bits;
            out += alphabet[(acc >> bits) & sextet_mask];
        }
    }
    if (bits > 0) {
        out += alphabet[(acc << (sextet_bits - bits)) & sextet_mask];
    }
    while (out.size() % quantum != 0) {
        out += padding;
    }
    return out;
}

// Whitespace anywhere is skipped; '=' only at the end, and only as much as completes a quantum.
std::optional<std::string> base64_decode(std::string_view text)
{
    std::string out;
    unsigned acc = 0;
    unsigned bits = 0;
    std::size_t symbols = 0;
    std::size_t pads = 0;
    for (const char c : text) {
        if (is_ignored(c)) {
            continue;
        }
        if (c == padding) {
            ++pads;
            continue;
        }
        const auto pos = alphabet.find(c);
        if (pos == std::string_view::npos || pads > 0) {
            return std::nullopt;
        }
        ++symbols;
        acc = (acc << sextet_bits) | static_cast<unsigned>(pos);
        bits += sextet_bits;
        if (bits >= byte_bits) {
            bits -= byte_bits;
            out += static_cast<char>((acc >> bits) & byte_mask);
        }
    }
    if (symbols % quantum == dangling_symbols || pads > max_padding ||
        (pads > 0 && (symbols + pads) % quantum != 0)) {
        return std::nullopt;
    }
    return out;
}

}  // namespace

std::string basic_authorization(std::string_view user, std::string_view password)
{
    std::string credentials;
    credentials.reserve(user.size() + 1 + password.size());
    credentials.append(user).append(1, ':').append(password);
    return std::string(scheme) + ' ' + base64_encode(credentials);
}

std::optional<basic_credentials> parse_basic_authorization(std::string_view header)
{
    while (!header.empty() && is_ignored(header.front())) {
        header.remove_prefix(1);
    }
    if (!http::istarts_with(header, scheme)) {
        return std::nullopt;
    }
    header.remove_prefix(scheme.size());
    if (header.empty() || !is_ignored(header.front())) {
        return std::nullopt;  // "Basicabc" or a bare "Basic"
    }
    const auto decoded = base64_decode(header);
    if (!decoded) {
        return std::nullopt;
    }
    const auto colon = decoded->find(':');
    if (colon == std::string::npos) {
        return std::nullopt;
    }
    return basic_credentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

bool credentials_match(const basic_credentials& given, std::string_view user, std::string_view password)
{
    // Both compared in full, so the time does not tell whether the user or the password was wrong.
    const bool user_ok = constant_time_equal(given.user, user);
    const bool password_ok = constant_time_equal(given.password, password);
    return user_ok & password_ok;
}

bool constant_time_equal(std::string_view a, std::string_view b)
{
    const std::size_t n = std::max(a.size(), b.size());
    unsigned diff = a.size() == b.size() ? 0U : 1U;
    for (std::size_t i = 0; i < n; ++i) {
        const auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0U;
        const auto y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0U;
        diff |= x ^ y;
    }
    return diff == 0;
}

}  // namespace hs1c::onec
