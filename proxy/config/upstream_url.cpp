#include "proxy/config/upstream_url.hpp"

#include "proxy/config/address.hpp"

#include <algorithm>
#include <cctype>

namespace hs1c::config {
namespace {

constexpr std::uint16_t default_http_port = 80;
constexpr std::uint16_t default_https_port = 443;
constexpr std::string_view scheme_separator = "://";

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_host_name_char(unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c == '_'; }

// Printable ASCII without spaces: anything else must be percent-encoded in a URL path.
bool is_path_char(unsigned char c) { return c > ' ' && c < 0x7f; }

}  // namespace

checked<url_parts> parse_upstream_url(std::string_view url)
{
    using result = checked<url_parts>;
    const auto separator = url.find(scheme_separator);
    if (separator == std::string_view::npos)
        return result::fail("must be an absolute http:// or https:// URL");
    url_parts parts;
    parts.scheme = lower(url.substr(0, separator));
    if (parts.scheme == "http")
        parts.port = default_http_port;
    else if (parts.scheme == "https")
        parts.port = default_https_port;
    else
        return result::fail("the scheme must be http or https");

    if (url.find('#') != std::string_view::npos)
        return result::fail("must not contain a fragment (\"#\")");
    if (url.find('?') != std::string_view::npos)
        return result::fail("must not contain a query (\"?\")");

    const auto rest = url.substr(separator + scheme_separator.size());
    const auto path_start = std::min(rest.find('/'), rest.size());
    const auto authority = rest.substr(0, path_start);
    const auto path = rest.substr(path_start);
    if (authority.find('@') != std::string_view::npos)
        return result::fail("must not contain user information; credentials belong in the plugin's section");

    std::string_view host = authority;
    std::string_view port;
    bool has_port = false;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            return result::fail("missing \"]\" after the IPv6 address");
        host = authority.substr(1, close - 1);
        if (!is_ipv6_literal(host))
            return result::fail("not a literal IPv6 address inside the brackets");
        const auto after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':')
                return result::fail("unexpected text after the IPv6 address");
            port = after.substr(1);
            has_port = true;
        }
    } else {
        const auto colon = authority.find(':');
        if (colon != std::string_view::npos) {
            host = authority.substr(0, colon);
            port = authority.substr(colon + 1);
            has_port = true;
        }
        if (host.empty())
            return result::fail("the host is missing");
        if (!std::all_of(host.begin(), host.end(), [](char c) { return is_host_name_char(c); }))
            return result::fail("the host has characters a host name cannot have");
    }
    if (host.empty())
        return result::fail("the host is missing");
    if (has_port) {
        const auto number = parse_port(port);
        if (!number || *number == 0)
            return result::fail("the port must be a number from 1 to 65535");
        parts.port = *number;
    }
    if (!std::all_of(path.begin(), path.end(), [](char c) { return is_path_char(c); }))
        return result::fail("the path has spaces or characters that must be percent-encoded");

    parts.host = std::string(host);
    auto base = path;
    while (!base.empty() && base.back() == '/')
        base.remove_suffix(1);
    parts.base_path = std::string(base);
    return result::ok(std::move(parts));
}

}  // namespace hs1c::config
