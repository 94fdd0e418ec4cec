#include "proxy/http/target.hpp"

#include "proxy/http/ascii.hpp"

#include <algorithm>

namespace hs1c::http {

namespace {

constexpr std::string_view scheme_separator = "://";

// Spaces, controls and fragments never belong in a target; bytes above 0x7F are tolerated as some
// clients send raw UTF-8 paths.
bool has_forbidden_bytes(std::string_view s)
{
    return std::any_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '#' || is_ascii_control(c); });
}

origin_target split_origin(std::string_view origin)
{
    const auto question = origin.find('?');
    if (question == std::string_view::npos) {
        return {std::string(origin), {}};
    }
    return {std::string(origin.substr(0, question)), std::string(origin.substr(question + 1))};
}

}  // namespace

std::string_view host_without_port(std::string_view host_header)
{
    if (!host_header.empty() && host_header.front() == '[') {
        const auto close = host_header.find(']');
        if (close == std::string_view::npos) {
            return host_header;
        }
        return host_header.substr(1, close - 1);
    }
    const auto colon = host_header.find(':');
    if (colon == std::string_view::npos || host_header.find(':', colon + 1) != std::string_view::npos) {
        return host_header;
    }
    return host_header.substr(0, colon);
}

std::optional<origin_target> parse_target(std::string_view target, std::span<const std::string> our_hosts)
{
    if (target.empty() || has_forbidden_bytes(target)) {
        return std::nullopt;
    }
    if (target.front() == '/') {
        return split_origin(target);
    }
    const auto separator = target.find(scheme_separator);
    if (separator == std::string_view::npos) {
        return std::nullopt;
    }
    const auto scheme = target.substr(0, separator);
    if (!iequals(scheme, "http") && !iequals(scheme, "https")) {
        return std::nullopt;
    }
    const auto rest = target.substr(separator + scheme_separator.size());
    const auto authority_end = rest.find_first_of("/?");
    const auto authority = rest.substr(0, authority_end);
    if (authority.empty() || authority.find('@') != std::string_view::npos) {
        return std::nullopt;
    }
    const auto host = host_without_port(authority);
    const bool ours = std::any_of(our_hosts.begin(), our_hosts.end(), [&](const std::string& candidate) {
        return iequals(host_without_port(candidate), host);
    });
    if (!ours) {
        return std::nullopt;
    }
    if (authority_end == std::string_view::npos) {
        return origin_target{"/", {}};
    }
    const auto origin = rest.substr(authority_end);
    if (origin.front() == '?') {
        return origin_target{"/", std::string(origin.substr(1))};
    }
    return split_origin(origin);
}

}  // namespace hs1c::http
