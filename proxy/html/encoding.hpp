// Content codings of upstream answers that hs1c must rewrite (HTML injection): HyperScript may send
// gzip or deflate even when asked for identity.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hs1c::html {

enum class coding { identity, gzip, deflate, unsupported };

// "", "identity", "gzip", "x-gzip", "deflate" (case-insensitive); others, lists included, unsupported.
coding parse_content_encoding(std::string_view value);

// Decodes gzip (several members allowed) or deflate (zlib-wrapped and raw both accepted); identity is
// returned as is. nullopt when the data is corrupt or truncated, the coding unsupported, or the output
// would exceed max_output bytes (zip-bomb guard).
std::optional<std::string> decode(coding c, std::string_view body, std::size_t max_output);

}  // namespace hs1c::html
