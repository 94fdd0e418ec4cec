// amoCRM's disposable token (the X-Auth-Token a widget's $authorizedAjax sends, DESIGN §5): a JWT
// signed HS256 with the integration's client secret. Verified strictly: the algorithm exactly HS256
// (never "none", never another), the signature in constant time, the time window with a small skew,
// the audience and the account. Pure.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace hs1c::widget {

struct token_rules {
    std::string secret;    // the integration's client secret
    std::string audience;  // scheme://host[:port] of the integration's redirect URI
    std::int64_t account_id = 0;
    std::chrono::seconds skew{60};
};

inline constexpr std::size_t max_token_bytes = 4096;

struct claims {
    std::int64_t account_id = 0;
    std::int64_t user_id = 0;
    std::string subdomain;
};

enum class token_problem {
    missing, too_large, malformed, bad_algorithm, bad_signature, expired, not_yet_valid, wrong_audience, wrong_account
};
std::string_view problem_name(token_problem p);

std::variant<claims, token_problem> verify_token(std::string_view token, const token_rules& rules, std::int64_t now_s);

// Base64url without padding (RFC 7515 §2); nullopt for any other character or an impossible length.
std::optional<std::string> base64url_decode(std::string_view s);
std::string base64url_encode(std::string_view bytes);
// HS256 over "header.payload" → the signature part (for tests and tools).
std::string hs256(std::string_view secret, std::string_view signing_input);

}  // namespace hs1c::widget
