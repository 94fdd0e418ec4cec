#include "tests/stand/onec/base64.hpp"

namespace hs1c::stand::onec {

namespace {

constexpr std::string_view base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr unsigned sextet_bits = 6;
constexpr unsigned sextet_mask = 0x3F;
constexpr unsigned byte_bits = 8;
constexpr unsigned byte_mask = 0xFF;

constexpr std::size_t quantum = 4;  // output characters per 3 input bytes
constexpr std::size_t max_padding = 2;

}  // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out;
    unsigned acc = 0;
    unsigned bits = 0;
    for (const char c : bytes) {
        acc = (acc << byte_bits) | static_cast<unsigned char>(c);
        bits += byte_bits;
        while (bits >= sextet_bits) {
            bits -= sextet_bits;
            out += base64_alphabet[(acc >> bits) & sextet_mask];
        }
    }
    if (bits > 0) out += base64_alphabet[(acc << (sextet_bits - bits)) & sextet_mask];
    while (out.size() % quantum != 0) out += '=';
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    std::string out;
    unsigned acc = 0;
    unsigned bits = 0;
    std::size_t padding = 0;
    std::size_t symbols = 0;
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (c == '=') {
            ++padding;
            ++symbols;
            continue;
        }
        const auto pos = base64_alphabet.find(c);
        if (pos == std::string_view::npos || padding > 0) return std::nullopt;
        ++symbols;
        acc = (acc << sextet_bits) | static_cast<unsigned>(pos);
        bits += sextet_bits;
        if (bits >= byte_bits) {
            bits -= byte_bits;
            out += static_cast<char>((acc >> bits) & byte_mask);
        }
    }
    if (symbols % quantum != 0 || padding > max_padding) return std::nullopt;
    return out;
}

}  // namespace hs1c::stand::onec
