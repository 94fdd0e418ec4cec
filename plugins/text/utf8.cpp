#include "plugins/text/utf8.hpp"

namespace hs1c::text {

namespace {

constexpr unsigned char ascii_limit = 0x80;
constexpr unsigned char continuation_mask = 0xc0;
constexpr unsigned char continuation_tag = 0x80;
constexpr unsigned char continuation_min = 0x80;
constexpr unsigned char continuation_max = 0xbf;
constexpr unsigned continuation_bits = 6;
constexpr unsigned char continuation_payload = 0x3f;

// Lead bytes. C0 and C1 could only start overlong two-byte forms; F5 and above would exceed U+10FFFF.
constexpr unsigned char two_byte_min = 0xc2;
constexpr unsigned char two_byte_max = 0xdf;
constexpr unsigned char three_byte_min = 0xe0;
constexpr unsigned char three_byte_max = 0xef;
constexpr unsigned char four_byte_min = 0xf0;
constexpr unsigned char four_byte_max = 0xf4;
constexpr unsigned char two_byte_payload = 0x1f;
constexpr unsigned char three_byte_payload = 0x0f;
constexpr unsigned char four_byte_payload = 0x07;

// Second-byte ranges that exclude overlongs (after E0, F0), surrogates (after ED) and code points
// above U+10FFFF (after F4).
constexpr unsigned char overlong_three_lead = 0xe0;
constexpr unsigned char overlong_three_second_min = 0xa0;
constexpr unsigned char surrogate_lead = 0xed;
constexpr unsigned char surrogate_second_max = 0x9f;
constexpr unsigned char overlong_four_lead = 0xf0;
constexpr unsigned char overlong_four_second_min = 0x90;
constexpr unsigned char top_four_lead = 0xf4;
constexpr unsigned char top_four_second_max = 0x8f;

constexpr unsigned char first_printable = 0x20;
constexpr unsigned char del = 0x7f;
// C1 controls U+0080–U+009F are encoded C2 80 … C2 9F.
constexpr unsigned char c1_lead = 0xc2;
constexpr unsigned char c1_second_max = 0x9f;

constexpr char32_t nbsp = 0x00a0;
constexpr char32_t ogham_space = 0x1680;
constexpr char32_t en_quad = 0x2000;
constexpr char32_t hair_space = 0x200a;
constexpr char32_t line_separator = 0x2028;
constexpr char32_t paragraph_separator = 0x2029;
constexpr char32_t narrow_nbsp = 0x202f;
constexpr char32_t math_space = 0x205f;
constexpr char32_t ideographic_space = 0x3000;

// Cyrillic capitals: Ѐ–Џ fold 0x50 up (into ѐ–џ), А–Я fold 0x20 up (into а–я).
constexpr char32_t cyrillic_first = 0x0400;
constexpr char32_t cyrillic_io_range_last = 0x040f;
constexpr char32_t cyrillic_capital_a = 0x0410;
constexpr char32_t cyrillic_capital_ya = 0x042f;
constexpr char32_t io_range_offset = 0x50;
constexpr char32_t basic_range_offset = 0x20;
constexpr char32_t capital_yo = 0x0401;
constexpr char32_t small_yo = 0x0451;
constexpr char32_t small_ye = 0x0435;
// Every code point fold_case changes outside ASCII is U+0400–U+047F: two bytes, D0 or D1 lead.
constexpr unsigned char cyrillic_lead_first = 0xd0;
constexpr unsigned char cyrillic_lead_last = 0xd1;
constexpr unsigned char two_byte_tag = 0xc0;

unsigned char byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

bool is_continuation(unsigned char b) { return (b & continuation_mask) == continuation_tag; }

// Length of the well-formed sequence starting at s[i], or 0 when it is not one.
std::size_t valid_sequence_length(std::string_view s, std::size_t i)
{
    const unsigned char lead = byte_at(s, i);
    if (lead < ascii_limit) {
        return 1;
    }
    std::size_t length = 0;
    unsigned char second_min = continuation_min;
    unsigned char second_max = continuation_max;
    if (lead >= two_byte_min && lead <= two_byte_max) {
        length = 2;
    } else if (lead >= three_byte_min && lead <= three_byte_max) {
        length = 3;
        if (lead == overlong_three_lead) {
            second_min = overlong_three_second_min;
        } else if (lead == surrogate_lead) {
            second_max = surrogate_second_max;
        }
    } else if (lead >= four_byte_min && lead <= four_byte_max) {
        length = 4;
        if (lead == overlong_four_lead) {
            second_min = overlong_four_second_min;
        } else if (lead == top_four_lead) {
            second_max = top_four_second_max;
        }
    } else {
        return 0;
    }
    if (s.size() - i < length) {
        return 0;
    }
    const unsigned char second = byte_at(s, i + 1);
    if (second < second_min || second > second_max) {
        return 0;
    }
    for (std::size_t k = 2; k < length; ++k) {
        if (!is_continuation(byte_at(s, i + k))) {
            return 0;
        }
    }
    return length;
}

// Decodes the code point at s[i] (valid UTF-8 assumed) and advances i past it. A byte that cannot
// start a sequence is returned as itself so that a broken input never reads out of bounds.
char32_t decode_next(std::string_view s, std::size_t& i)
{
    const unsigned char lead = byte_at(s, i++);
    std::size_t extra = 0;
    char32_t cp = lead;
    if (lead >= four_byte_min) {
        extra = 3;
        cp = lead & four_byte_payload;
    } else if (lead >= three_byte_min) {
        extra = 2;
        cp = lead & three_byte_payload;
    } else if (lead >= two_byte_tag) {
        extra = 1;
        cp = lead & two_byte_payload;
    } else {
        return cp;
    }
    for (; extra > 0 && i < s.size() && is_continuation(byte_at(s, i)); --extra, ++i) {
        cp = (cp << continuation_bits) | (byte_at(s, i) & continuation_payload);
    }
    return cp;
}

char32_t fold_cyrillic(char32_t cp, yo_rule yo)
{
    if (yo == yo_rule::as_ye && (cp == capital_yo || cp == small_yo)) {
        return small_ye;
    }
    if (cp >= cyrillic_first && cp <= cyrillic_io_range_last) {
        return cp + io_range_offset;
    }
    if (cp >= cyrillic_capital_a && cp <= cyrillic_capital_ya) {
        return cp + basic_range_offset;
    }
    return cp;
}

void append_two_byte(std::string& out, char32_t cp)
{
    out += static_cast<char>(two_byte_tag | (cp >> continuation_bits));
    out += static_cast<char>(continuation_tag | (cp & continuation_payload));
}

}  // namespace

bool is_valid_utf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t length = valid_sequence_length(s, i);
        if (length == 0) {
            return false;
        }
        i += length;
    }
    return true;
}

std::size_t count_code_points(std::string_view s)
{
    std::size_t count = 0;
    for (const char c : s) {
        if (!is_continuation(static_cast<unsigned char>(c))) {
            ++count;
        }
    }
    return count;
}

bool has_control_characters(std::string_view s)
{
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char b = byte_at(s, i);
        if (b < first_printable || b == del) {
            return true;
        }
        if (b == c1_lead && i + 1 < s.size() && byte_at(s, i + 1) >= continuation_min &&
            byte_at(s, i + 1) <= c1_second_max) {
            return true;
        }
    }
    return false;
}

bool is_space(char32_t cp)
{
    switch (cp) {
    case U' ':
    case U'\t':
    case U'\r':
    case U'\n':
    case U'\v':
    case U'\f':
    case nbsp:
    case ogham_space:
    case line_separator:
    case paragraph_separator:
    case narrow_nbsp:
    case math_space:
    case ideographic_space:
        return true;
    default:
        return cp >= en_quad && cp <= hair_space;
    }
}

std::string normalise_spaces(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    bool space_pending = false;
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t start = i;
        if (is_space(decode_next(s, i))) {
            space_pending = true;
            continue;
        }
        if (space_pending && !out.empty()) {
            out += ' ';
        }
        space_pending = false;
        out.append(s.substr(start, i - start));
    }
    return out;
}

std::string fold_case(std::string_view s, yo_rule yo)
{
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
            ++i;
            continue;
        }
        const unsigned char lead = byte_at(s, i);
        if (lead < cyrillic_lead_first || lead > cyrillic_lead_last) {
            out += c;
            ++i;
            continue;
        }
        const std::size_t start = i;
        const char32_t cp = decode_next(s, i);
        const char32_t folded = fold_cyrillic(cp, yo);
        if (folded == cp || i - start != 2) {
            out.append(s.substr(start, i - start));
        } else {
            append_two_byte(out, folded);
        }
    }
    return out;
}

}  // namespace hs1c::text
