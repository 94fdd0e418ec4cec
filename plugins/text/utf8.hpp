// UTF-8 text helpers shared by gateways and features: validation, code point counts, whitespace
// normalisation and case folding of Latin and Cyrillic. No locale: results never depend on the host.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hs1c::text {

// Well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Number of code points; the input must be valid UTF-8.
std::size_t count_code_points(std::string_view s);

// C0 controls (tab, CR and LF included), DEL and C1 controls.
bool has_control_characters(std::string_view s);

// True for the code points treated as spaces: ASCII space, tab, CR, LF, VT, FF, U+00A0 (NBSP),
// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
bool is_space(char32_t cp);

// Trims spaces at both ends and folds every run of spaces (is_space) into one ASCII space.
// The input must be valid UTF-8.
std::string normalise_spaces(std::string_view s);

// How the letter Ё/ё folds: kept distinct from е (what 1C's search does) or folded into е.
enum class yo_rule { distinct, as_ye };

// Lower-cases A–Z, А–Я, Ѐ–Џ (Ё→ё, or →е with as_ye; ё→е too with as_ye); every other code point is
// copied unchanged. The input must be valid UTF-8.
std::string fold_case(std::string_view s, yo_rule yo = yo_rule::distinct);

}  // namespace hs1c::text
