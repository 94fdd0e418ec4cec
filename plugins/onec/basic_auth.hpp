// HTTP Basic credentials both ways: the header hs1c sends to 1C (user:password as UTF-8 bytes before
// Base64, so Cyrillic logins work) and the check of the header 1C sends with status events (Base64
// that may be broken by CR LF and spaces; compared in constant time).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hs1c::onec {

// "Basic " + base64(user ":" password).
std::string basic_authorization(std::string_view user, std::string_view password);

struct basic_credentials {
    std::string user;
    std::string password;
};

// Parses an Authorization value: scheme "Basic" in any case, then Base64 in which every space, tab,
// CR and LF is ignored; padding optional. nullopt when malformed or without ':'.
std::optional<basic_credentials> parse_basic_authorization(std::string_view header);

// True when both user and password equal the expected ones; the time taken does not depend on
// where they differ.
bool credentials_match(const basic_credentials& given, std::string_view user, std::string_view password);

// Equality of two byte strings in time depending only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace hs1c::onec
