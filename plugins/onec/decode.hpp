// Reading what a 1C server answered, tolerating its known quirks (DESIGN §4.3): a BOM, a wrong or
// missing charset, numbers as strings with NBSP groups and decimal commas, empty references and
// dates, and errors in every form (plain text, HTML, the web-server extension's XML, odata.error, a
// 200 holding an error object). Pure functions; tested without sockets.
#pragma once

#include "plugins/onec/types.hpp"

#include <boost/json/fwd.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string_view>

namespace hs1c::onec {

inline constexpr std::string_view empty_ref = "00000000-0000-0000-0000-000000000000";
inline constexpr std::string_view empty_date = "0001-01-01T00:00:00";
// 1C's own text kept in a failure is cut to this many bytes (at a code point boundary).
inline constexpr std::size_t failure_message_bytes = 500;

// The body without a leading UTF-8 BOM.
std::string_view strip_bom(std::string_view body);

// "1 234,5", "1\u00a0234,50", "1\u202f234.5", "-12", "0", "12." → a decimal; spaces, NBSP and narrow
// NBSP are group separators, ',' or '.' the decimal point. More than four decimals are rounded half
// away from zero. nullopt for anything else ("", "abc", "1,2,3", overflow).
std::optional<decimal> parse_decimal(std::string_view text);
// A JSON number or a string parse_decimal accepts; nullopt otherwise (null, bool, object…).
std::optional<decimal> read_decimal(const boost::json::value& v);

bool is_empty_ref(std::string_view s);   // "" or empty_ref
bool is_empty_date(std::string_view s);  // "" or empty_date (also with a trailing "Z")

// Turns an HTTP answer from 1C into its JSON document or a typed failure:
// - 2xx: the body (BOM stripped, charset ignored) must parse as JSON, else bad_answer; an object with
//   "odata.error", or with "success": false, is an error with 1C's message (public);
// - 404 → not_found; 406 or the XML <exception reason="406"> → unavailable, retryable (session);
// - 5xx whose text mentions licences ("лицензи") → busy, retryable; 502/503/504 → unavailable,
//   retryable; other 5xx → error, not retryable; odata.error in any status → error with its message;
// - 401/403 and other 4xx → rejected.
// Messages come from odata.error/message/value, "error"/"message" strings, <descr> of the XML, the
// text of an HTML body without tags, or the plain text; whitespace folded, cut to
// failure_message_bytes.
result<boost::json::value> decode_answer(unsigned status, std::string_view body);

}  // namespace hs1c::onec
