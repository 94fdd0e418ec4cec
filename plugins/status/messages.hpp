// Texts of the status endpoint. Its caller is 1C's integration code and its developer, so they are in
// English and name what to fix.
#pragma once

#include <string_view>

namespace hs1c::status::messages {

inline constexpr std::string_view unauthorized = "Basic credentials of onec.inbound are required";
inline constexpr std::string_view bad_signature = "X-Hs1c-Signature / X-Hs1c-Timestamp missing, wrong or outside the window";
inline constexpr std::string_view forbidden_source = "this address may not send status events";
inline constexpr std::string_view not_configured =
    "status events are not configured on this proxy (the status, onec and amocrm sections are needed)";
inline constexpr std::string_view accepted = "stored; it will be applied to the deal";
inline constexpr std::string_view duplicate = "already stored; not applied twice";

}  // namespace hs1c::status::messages
