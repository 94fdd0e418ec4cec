// amoCRM's disposable widget tokens: HS256 JWTs signed with the integration's client secret, as
// `$authorizedAjax` sends them in X-Auth-Token.
#pragma once

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace hs1c::stand::amo {

std::string base64url(std::string_view bytes);

// header.payload.signature with {"alg":"HS256","typ":"JWT"}.
std::string sign_hs256(const boost::json::object& claims, std::string_view secret);

// The claims amoCRM puts in a disposable token issued at `now` (Unix seconds) with id `jti`.
boost::json::object disposable_token_claims(std::int64_t now, std::string jti);

}  // namespace hs1c::stand::amo
