// Reading what amoCRM answered (DESIGN §5): the JSON of a success (null for 204), or a typed failure.
// The HTML pages of a blocked account (403) and of the rate limit (429) are recognised without ever
// being parsed as JSON; problem+json errors give their validation code, path and detail. Pure.
#pragma once

#include "plugins/amocrm/types.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <string_view>

namespace hs1c::amocrm {

// amoCRM text kept in a failure is cut to this many bytes (at a code point boundary).
inline constexpr std::size_t failure_message_bytes = 300;

// The body without a leading UTF-8 BOM and surrounding ASCII whitespace.
std::string_view trim_body(std::string_view body);

// A 403 whose body is not a JSON object: the block page amoCRM's front servers send to a banned
// account (whatever its Content-Type says).
bool is_block_page(unsigned status, std::string_view body);

// - 2xx: 204 or an empty body → null; otherwise the body must be JSON, else unavailable;
// - 403 block page → banned (retryable: the work waits); a JSON 403 → rejected;
// - 429 → throttled, retryable; the body is never read;
// - 401 → unauthorized (message: the problem's detail, e.g. "Token has expired");
// - 400 with validation-errors → rejected with the first error's code and path, or unsorted when it
//   is NotSupportedChoice on status_id (amoCRM's refusal to move a lead out of «Неразобранное»);
// - 404 → not_found; 5xx and anything unexpected → unavailable, retryable; other 4xx → rejected.
result<boost::json::value> decode_answer(unsigned status, std::string_view body);

// The detail of a problem+json body ("detail", else "hint", else "title"), or "" when the body is
// not a JSON object. Never called on a block page or a 429 page.
std::string problem_text(std::string_view body);

// `text` cut to at most `bytes` bytes without splitting a UTF-8 sequence.
std::string_view cut_utf8(std::string_view text, std::size_t bytes);

}  // namespace hs1c::amocrm
