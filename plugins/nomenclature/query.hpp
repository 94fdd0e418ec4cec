// The operator's search text as the nomenclature API accepts it: validated, whitespace-normalised
// (the text sent to 1C) and case-folded (the cache key), plus the local matching used to refine a
// complete cached answer. Pure functions.
#pragma once

#include "plugins/onec/mapping.hpp"
#include "plugins/onec/types.hpp"
#include "plugins/text/utf8.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

namespace hs1c::nomenclature {

struct query_rules {
    std::size_t min_letters = 3;   // letters and digits (not punctuation, symbols, emoji)
    std::size_t max_chars = 100;   // code points after normalisation
    text::yo_rule yo = text::yo_rule::distinct;
};

struct normalised_query {
    std::string text;  // trimmed, every run of spaces (NBSP, tab, CR, LF… included) → one space; sent to 1C
    std::string key;   // text case-folded by the rules' yo rule; the cache key part
    std::size_t letters = 0;  // letters and digits
};

enum class query_problem { invalid_utf8, control_characters, too_short, too_long };

// Tab, CR and LF count as spaces; any other control character is a problem. Checks in the order
// invalid_utf8, control_characters, too_long, too_short.
std::variant<normalised_query, query_problem> normalise_query(std::string_view raw, const query_rules& rules);

// Whether an item name matches a normalised key the way 1C matches (case-insensitive; `contains`:
// substring, `prefix`: the name starts with it; `opaque`: never decidable locally → false). The
// name is case-folded with the same yo rule but NOT space-normalised: 1C matches names as stored.
bool name_matches(std::string_view name, std::string_view key, onec::match_semantics match, text::yo_rule yo);

// The answer for `key` computed from a complete (more == false) answer for a shorter prefix of it:
// the items whose names match `key`, in the same order, at most `limit`; more is false.
onec::search_page refine(const onec::search_page& complete, std::string_view key, onec::match_semantics match,
                         text::yo_rule yo, std::size_t limit);

// Item and parameter ids accepted in routes and sent to 1C: 1–128 bytes of A–Z a–z 0–9 - _ . ~ :
// (GUIDs, codes), except the dot segments "." and ".."; anything else is refused before it reaches a URL.
bool is_valid_id(std::string_view id);

}  // namespace hs1c::nomenclature
