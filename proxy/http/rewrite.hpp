// Response header rewrites from the upstream's origin to the public one, so redirects and cookies
// issued by HyperScript keep the browser on the proxy.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hs1c::http {

// Absolute Location / Content-Location values pointing at the upstream origin ("http://127.0.0.1:18001",
// scheme+host+port compared case-insensitively, default ports normalised) are rewritten to the public
// origin ("https://localhost:8443"); relative values and other hosts unchanged (nullopt = unchanged).
// A scheme-relative "//host:port/x" naming the upstream is rewritten too.
std::optional<std::string> rewrite_location(std::string_view value, std::string_view upstream_origin,
                                            std::string_view public_origin);

// "Refresh: 5; url=http://upstream/x": the URL part rewritten as above, every other byte kept.
std::optional<std::string> rewrite_refresh(std::string_view value, std::string_view upstream_origin,
                                           std::string_view public_origin);

// Set-Cookie: a Domain attribute equal to (or a parent of) upstream_host becomes public_host; other
// attributes and the cookie value byte-for-byte unchanged. nullopt = unchanged.
std::optional<std::string> rewrite_set_cookie(std::string_view value, std::string_view upstream_host,
                                              std::string_view public_host);

}  // namespace hs1c::http
