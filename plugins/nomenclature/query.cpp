#include "plugins/nomenclature/query.hpp"

#include <algorithm>
#include <array>

namespace hs1c::nomenclature {

namespace {

constexpr std::size_t max_id_bytes = 128;
constexpr std::string_view allowed_spaces = "\t\r\n";
constexpr std::string_view id_punctuation = "-_.~:";

// Tab, CR and LF are what a pasted text brings along and count as spaces, so only the controls
// between them are a problem. They are single ASCII bytes, so splitting never cuts a sequence.
bool has_forbidden_controls(std::string_view s)
{
    std::size_t start = 0;
    for (;;) {
        const auto end = s.find_first_of(allowed_spaces, start);
        if (text::has_control_characters(s.substr(start, end - start))) {
            return true;
        }
        if (end == std::string_view::npos) {
            return false;
        }
        start = end + 1;
    }
}

bool is_id_character(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           id_punctuation.find(c) != std::string_view::npos;
}

// Letters and digits: what "3 letters" means to an operator. Punctuation, symbols and emoji do not
// count ("'''", "%%%", "😀😀😀" would only make 1C scan its catalogue). Non-ASCII code points from
// U+00C0 up to the general punctuation block count (Latin with diacritics, Greek, Cyrillic and other
// alphabets), except × and ÷.
std::size_t count_letters(std::string_view s)
{
    constexpr char32_t first_non_ascii_letter = 0x00C0;
    constexpr char32_t general_punctuation = 0x2000;
    constexpr char32_t multiplication = 0x00D7;
    constexpr char32_t division = 0x00F7;
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto lead = static_cast<unsigned char>(s[i]);
        const std::size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        char32_t cp = len == 1 ? lead : lead & (0x3F >> (len - 1));
        for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        const bool ascii_alnum = (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
        const bool other_letter = cp >= first_non_ascii_letter && cp < general_punctuation && cp != multiplication &&
                                  cp != division;
        if (ascii_alnum || other_letter) ++n;
        i += len;
    }
    return n;
}

// Zero-width characters pasted along with text from documents and messengers (ZWSP, ZWNJ, ZWJ, word
// joiner, BOM) are invisible to the operator and would only make the search miss: dropped.
std::string without_invisible(std::string_view s)
{
    static constexpr std::array<std::string_view, 5> invisible{"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"};
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto hit = std::find_if(invisible.begin(), invisible.end(),
                                      [&](std::string_view z) { return s.substr(i).starts_with(z); });
        if (hit != invisible.end()) {
            i += hit->size();
            continue;
        }
        out += s[i++];
    }
    return out;
}

}  // namespace

std::variant<normalised_query, query_problem> normalise_query(std::string_view raw, const query_rules& rules)
{
    if (!text::is_valid_utf8(raw)) {
        return query_problem::invalid_utf8;
    }
    if (has_forbidden_controls(raw)) {
        return query_problem::control_characters;
    }
    normalised_query q;
    q.text = text::normalise_spaces(without_invisible(raw));
    const std::size_t chars = text::count_code_points(q.text);
    if (chars > rules.max_chars) {
        return query_problem::too_long;
    }
    q.letters = count_letters(q.text);
    if (q.letters < rules.min_letters) {
        return query_problem::too_short;
    }
    q.key = text::fold_case(q.text, rules.yo);
    return q;
}

bool name_matches(std::string_view name, std::string_view key, onec::match_semantics match, text::yo_rule yo)
{
    if (match == onec::match_semantics::opaque) {
        return false;
    }
    const std::string folded = text::fold_case(name, yo);
    const std::string_view view = folded;
    if (match == onec::match_semantics::prefix) {
        return view.starts_with(key);
    }
    return view.find(key) != std::string_view::npos;
}

onec::search_page refine(const onec::search_page& complete, std::string_view key, onec::match_semantics match,
                         text::yo_rule yo, std::size_t limit)
{
    onec::search_page page;
    for (const auto& candidate : complete.items) {
        if (page.items.size() >= limit) {
            break;
        }
        if (name_matches(candidate.name, key, match, yo)) {
            page.items.push_back(candidate);
        }
    }
    return page;
}

bool is_valid_id(std::string_view id)
{
    // "." and ".." are made of allowed characters but are dot segments: placed into a URL path they
    // would move the request to another 1C resource.
    if (id.empty() || id.size() > max_id_bytes || id == "." || id == "..") {
        return false;
    }
    return std::all_of(id.begin(), id.end(), is_id_character);
}

}  // namespace hs1c::nomenclature
