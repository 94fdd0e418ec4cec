// Base64 as Basic auth uses it, tolerant of the line breaks 1C puts inside its Base64.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hs1c::stand::onec {

std::string base64_encode(std::string_view bytes);
// Whitespace inside the input is skipped; nullopt when malformed.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace hs1c::stand::onec
