// Upstream base URLs in the rules ("https://hyper-script.ru", "http://127.0.0.1:18002/trade") split into
// the parts the forwarder needs. Only http(s), no user information, query or fragment.
#pragma once

#include "proxy/config/checked.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace hs1c::config {

struct url_parts {
    std::string scheme;     // "http" or "https", lower-case
    std::string host;       // name or literal address, IPv6 without brackets
    std::uint16_t port = 0; // explicit or the scheme's default
    std::string base_path;  // without a trailing slash; "" for none
};

checked<url_parts> parse_upstream_url(std::string_view url);

}  // namespace hs1c::config
