// CORS for the widget API: the amoCRM card page calls the proxy from the account's origin. Only
// configured origins get a grant; the preflight allows GET with X-Auth-Token. Pure.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace hs1c::widget {

inline constexpr std::string_view token_header = "X-Auth-Token";

// The origin when it is one of `allowed` (exact, case-sensitive as browsers send it); "" otherwise.
std::string_view granted_origin(std::string_view origin, const std::vector<std::string>& allowed);

// Adds Access-Control-Allow-Origin (and Vary: Origin) when the origin is granted.
void add_cors(boost::beast::http::response<boost::beast::http::string_body>& res, std::string_view origin,
              const std::vector<std::string>& allowed);

// A preflight's answer headers (methods, headers, max age) on top of add_cors.
void add_preflight(boost::beast::http::response<boost::beast::http::string_body>& res);

}  // namespace hs1c::widget
