// Text helpers of the 1C emulator: UTF-8 case folding the way 1C compares names, LIKE patterns, and
// the formatting 1C applies to messages, numbers, dates and XML.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace hs1c::stand::onec {

// Lower-cases Latin and Cyrillic letters of UTF-8 text (Ё → ё; ё and е stay distinct). Bytes that are
// not valid UTF-8 are kept as they are.
std::string fold_case(std::string_view utf8);

// SQL/OData LIKE on already folded UTF-8 text: '%' any run, '_' one code point.
bool like_match(std::string_view folded_text, std::string_view folded_pattern);

std::string xml_escape(std::string_view text);

// Substitutes %1, %2, … in a message template (the way 1C's СтрШаблон does).
std::string format_message(std::string_view pattern, std::initializer_list<std::string_view> args);

// A number as 1C's Формат() writes it for people: NBSP thousands groups, a decimal comma, `decimals`
// digits after it (none for whole numbers when `decimals` is 0); zero is "0".
std::string format_1c_number(double number, unsigned decimals);

// The current UTC time as 1C writes dates in JSON: YYYY-MM-DDThh:mm:ss.
std::string utc_now_iso();

}  // namespace hs1c::stand::onec
