// Request-target checks: hs1c is not an open proxy, so only origin-form targets and absolute-form ones
// naming one of our own hosts are accepted (DESIGN §6.7).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hs1c::http {

struct origin_target {
    std::string path;   // starts with '/'
    std::string query;  // without '?'
};

// Accepts origin-form "/p?q". Absolute-form "http://host[:port]/p?q" is accepted only when host
// (case-insensitive, port ignored) is in `our_hosts`; then it is reduced to origin-form.
// Anything else (authority-form, '*', foreign host, control bytes, a path not starting with '/') → nullopt.
std::optional<origin_target> parse_target(std::string_view target, std::span<const std::string> our_hosts);

// "[::1]:8443" → "::1", "a:1" → "a", "a" → "a"; an unbracketed IPv6 address is returned whole.
std::string_view host_without_port(std::string_view host_header);

}  // namespace hs1c::http
