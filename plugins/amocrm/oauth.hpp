// OAuth 2.0 with amoCRM (DESIGN §5): the body of a token request (authorization code or refresh),
// reading the answer into a token pair, and when a pair must be refreshed. Refresh tokens are
// single-use, so the gateway refreshes one at a time and stores the new pair before using it. Pure.
#pragma once

#include "plugins/amocrm/settings.hpp"
#include "plugins/amocrm/types.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace hs1c::amocrm {

inline constexpr std::string_view token_path = "/oauth2/access_token";

// Times are Unix seconds: they are stored and must survive a restart.
struct token_pair {
    std::string access;
    std::string refresh;
    std::int64_t expires_at = 0;
    std::int64_t obtained_at = 0;
};

enum class grant { authorization_code, refresh_token };

// {"client_id","client_secret","grant_type","code"|"refresh_token","redirect_uri"} as JSON.
std::string token_request_body(const gateway_settings& s, grant g, std::string_view code_or_refresh);

// A 200 with token_type Bearer, non-empty access_token and refresh_token and a positive expires_in
// gives the pair (obtained at `now`). Failures: 400 → rejected, 401 → unauthorized (the refresh
// token already used or revoked, a wrong client secret), block page → banned, 429 → throttled, 2xx of
// another shape or 5xx → unavailable. The message is amoCRM's hint or detail, never a token.
result<token_pair> read_token_answer(unsigned status, std::string_view body, std::int64_t now);

// Refresh ahead of expiry by min(5 min, half the pair's lifetime): a short-lived pair is not
// refreshed on every call.
bool needs_refresh(const token_pair& t, std::int64_t now);
// The access token may still be sent.
bool usable(const token_pair& t, std::int64_t now);

}  // namespace hs1c::amocrm
