#include "tests/stand/amocrm/text.hpp"

namespace hs1c::stand::amo {

namespace {

// UTF-8 lead bytes of the two-byte Cyrillic block U+0400..U+047F.
constexpr unsigned char lead_d0 = 0xD0;
constexpr unsigned char lead_d1 = 0xD1;
// In D0: Ё is 81, А..П are 90..9F, Р..Я are A0..AF; lower case: ё D1 91, а..п D0 B0..BF, р..я D1 80..8F.
constexpr unsigned char upper_yo = 0x81;
constexpr unsigned char lower_yo = 0x91;
constexpr unsigned char upper_a = 0x90;
constexpr unsigned char upper_p = 0x9F;
constexpr unsigned char upper_r = 0xA0;
constexpr unsigned char upper_ya = 0xAF;
constexpr unsigned char a_to_lower = 0x20;  // А..П → а..п within D0
constexpr unsigned char r_to_lower = 0x20;  // Р..Я (D0 A0..AF) → р..я (D1 80..8F), lead byte D1

}  // namespace

std::string fold_case(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
            continue;
        }
        if (c == lead_d0 && i + 1 < utf8.size()) {
            const auto n = static_cast<unsigned char>(utf8[i + 1]);
            if (n == upper_yo) {
                out += static_cast<char>(lead_d1);
                out += static_cast<char>(lower_yo);
                ++i;
                continue;
            }
            if (n >= upper_a && n <= upper_p) {
                out += static_cast<char>(lead_d0);
                out += static_cast<char>(n + a_to_lower);
                ++i;
                continue;
            }
            if (n >= upper_r && n <= upper_ya) {
                out += static_cast<char>(lead_d1);
                out += static_cast<char>(n - r_to_lower);
                ++i;
                continue;
            }
        }
        out += static_cast<char>(c);
    }
    return out;
}

bool contains_folded(std::string_view haystack, std::string_view needle) {
    return fold_case(haystack).find(fold_case(needle)) != std::string::npos;
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string random_hex(std::mt19937_64& random, std::size_t bytes) {
    static constexpr std::string_view digits = "0123456789abcdef";
    constexpr unsigned byte_mask = 0xFF;
    constexpr unsigned nibble_bits = 4;
    constexpr unsigned nibble_mask = 0xF;
    std::string out;
    out.reserve(bytes * 2);
    for (std::size_t i = 0; i < bytes; ++i) {
        const auto byte = static_cast<unsigned>(random() & byte_mask);
        out += digits[byte >> nibble_bits];
        out += digits[byte & nibble_mask];
    }
    return out;
}

}  // namespace hs1c::stand::amo
