#include "tests/stand/onec/text.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <vector>

namespace hs1c::stand::onec {

namespace {

constexpr char32_t invalid = 0xFFFFFFFF;
constexpr char32_t cyr_upper_first = 0x0410;   // А
constexpr char32_t cyr_upper_last = 0x042F;    // Я
constexpr char32_t cyr_ext_upper_first = 0x0400;  // Ѐ..Џ map to ѐ..џ
constexpr char32_t cyr_ext_upper_last = 0x040F;
constexpr char32_t cyr_ext_offset = 0x50;
constexpr char32_t case_offset = 0x20;
constexpr char32_t latin1_upper_first = 0xC0;
constexpr char32_t latin1_upper_last = 0xDE;
constexpr char32_t latin1_times = 0xD7;  // '×' has no lower case

// Decodes one code point at `i`, advancing it; `invalid` (and one byte consumed) on a bad sequence.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    char32_t cp = 0;
    if (b0 < 0x80) { ++i; return b0; }
    if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; }
    else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; }
    else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; }
    else { ++i; return invalid; }
    if (i + len > s.size()) { ++i; return invalid; }
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) { ++i; return invalid; }
        cp = (cp << 6) | (b & 0x3F);
    }
    i += len;
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

char32_t fold_code_point(char32_t cp) {
    if (cp >= 'A' && cp <= 'Z') return cp + case_offset;
    if (cp >= cyr_upper_first && cp <= cyr_upper_last) return cp + case_offset;
    if (cp >= cyr_ext_upper_first && cp <= cyr_ext_upper_last) return cp + cyr_ext_offset;  // Ё → ё among them
    if (cp >= latin1_upper_first && cp <= latin1_upper_last && cp != latin1_times) return cp + case_offset;
    return cp;
}

std::vector<char32_t> code_points(std::string_view s) {
    std::vector<char32_t> out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) out.push_back(next_code_point(s, i));
    return out;
}

}  // namespace

std::string fold_case(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) {
        const auto start = i;
        const auto cp = next_code_point(utf8, i);
        if (cp == invalid) out.append(utf8.substr(start, i - start));
        else append_utf8(out, fold_code_point(cp));
    }
    return out;
}

bool like_match(std::string_view folded_text, std::string_view folded_pattern) {
    const auto text = code_points(folded_text);
    const auto pattern = code_points(folded_pattern);
    // Greedy wildcard matching with one backtrack point: linear enough for catalogue names.
    std::size_t t = 0, p = 0, star_p = std::string::npos, star_t = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '_' || pattern[p] == text[t])) {
            ++t;
            ++p;
        } else if (p < pattern.size() && pattern[p] == '%') {
            star_p = p++;
            star_t = t;
        } else if (star_p != std::string::npos) {
            p = star_p + 1;
            t = ++star_t;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '%') ++p;
    return p == pattern.size();
}

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string format_message(std::string_view pattern, std::initializer_list<std::string_view> args) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const auto index = i + 1 < pattern.size() ? pattern[i + 1] - '1' : -1;
        if (pattern[i] == '%' && index >= 0 && static_cast<std::size_t>(index) < args.size()) {
            out += *(args.begin() + index);
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

std::string format_1c_number(double number, unsigned decimals) {
    constexpr std::string_view nbsp = "\u00a0";
    constexpr std::size_t group = 3;
    if (number == 0) return "0";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(decimals), std::fabs(number));
    const std::string digits(buf);
    const auto dot = digits.find('.');
    const auto whole = digits.substr(0, dot);
    std::string out = number < 0 ? "-" : "";
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % group == 0) out += nbsp;
        out += whole[i];
    }
    if (dot != std::string::npos) {
        out += ',';
        out.append(digits.begin() + static_cast<std::ptrdiff_t>(dot) + 1, digits.end());
    }
    return out;
}

std::string utc_now_iso() {
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto days = std::chrono::floor<std::chrono::days>(now);
    const std::chrono::year_month_day ymd{days};
    const std::chrono::hh_mm_ss hms{now - days};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                  static_cast<long>(hms.seconds().count()));
    return buf;
}

}  // namespace hs1c::stand::onec
