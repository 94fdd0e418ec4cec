// JSON pointers (RFC 6901) naming places in the rules document, for problem reports.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hs1c::config {

// base + "/" + key, with "~" and "/" in the key escaped as the RFC asks.
std::string pointer_append(std::string_view base, std::string_view key);
std::string pointer_append(std::string_view base, std::size_t index);

}  // namespace hs1c::config
