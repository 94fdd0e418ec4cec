#include "plugins/widget/cors.hpp"

#include <algorithm>

namespace hs1c::widget {

namespace {

namespace http = boost::beast::http;
constexpr std::string_view preflight_max_age = "600";

}  // namespace

std::string_view granted_origin(std::string_view origin, const std::vector<std::string>& allowed) {
    if (origin.empty()) return {};
    return std::find(allowed.begin(), allowed.end(), origin) != allowed.end() ? origin : std::string_view{};
}

void add_cors(http::response<http::string_body>& res, std::string_view origin, const std::vector<std::string>& allowed) {
    // The answer depends on Origin even when nothing is granted: caches must keep them apart.
    res.set(http::field::vary, "Origin");
    const auto granted = granted_origin(origin, allowed);
    if (!granted.empty()) res.set(http::field::access_control_allow_origin, granted);
}

void add_preflight(http::response<http::string_body>& res) {
    res.set(http::field::access_control_allow_methods, "GET, OPTIONS");
    res.set(http::field::access_control_allow_headers, token_header);
    res.set(http::field::access_control_max_age, preflight_max_age);
}

}  // namespace hs1c::widget
