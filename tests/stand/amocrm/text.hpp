// Text helpers of the amoCRM emulator: amoCRM-like case-insensitive search over UTF-8 (Latin and
// Cyrillic), HTML escaping for the deal-card page, random hex for tokens and ids.
#pragma once

#include <cstddef>
#include <random>
#include <string>
#include <string_view>

namespace hs1c::stand::amo {

// Lower-cases ASCII and Cyrillic letters (Ё included); other bytes are kept as they are.
std::string fold_case(std::string_view utf8);

// Whether `haystack` contains `needle`, ignoring case as fold_case does.
bool contains_folded(std::string_view haystack, std::string_view needle);

std::string html_escape(std::string_view text);

// `bytes` random bytes as lower-case hex.
std::string random_hex(std::mt19937_64& random, std::size_t bytes);

}  // namespace hs1c::stand::amo
