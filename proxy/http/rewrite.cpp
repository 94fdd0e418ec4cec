#include "proxy/http/rewrite.hpp"

#include "proxy/http/ascii.hpp"

#include <algorithm>

namespace hs1c::http {

namespace {

constexpr std::string_view scheme_separator = "://";
constexpr std::string_view scheme_relative_prefix = "//";
constexpr std::string_view http_default_port = "80";
constexpr std::string_view https_default_port = "443";

// An absolute URL cut into what origin comparison needs; `rest` is path, query and fragment.
struct url_parts {
    std::string_view scheme;  // empty for a scheme-relative reference
    std::string_view host;
    std::string_view port;  // explicit or the scheme's default
    std::string_view rest;
};

std::string_view default_port(std::string_view scheme)
{
    if (iequals(scheme, "http")) {
        return http_default_port;
    }
    if (iequals(scheme, "https")) {
        return https_default_port;
    }
    return {};
}

// Splits "host[:port]" or "[v6][:port]"; `port` stays empty when absent. Userinfo is refused.
bool split_authority(std::string_view authority, std::string_view& host, std::string_view& port)
{
    if (authority.empty() || authority.find('@') != std::string_view::npos) {
        return false;
    }
    std::size_t host_end = 0;
    if (authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            return false;
        }
        host = authority.substr(1, close - 1);
        host_end = close + 1;
    } else {
        host_end = std::min(authority.find(':'), authority.size());
        host = authority.substr(0, host_end);
    }
    const auto tail = authority.substr(host_end);
    if (tail.empty()) {
        port = {};
        return true;
    }
    if (tail.front() != ':' || tail.size() == 1 || !std::all_of(tail.begin() + 1, tail.end(), is_ascii_digit)) {
        return false;
    }
    port = tail.substr(1);
    return true;
}

// `fallback_scheme` gives the default port of a scheme-relative reference.
std::optional<url_parts> split_url(std::string_view url, std::string_view fallback_scheme)
{
    url_parts parts;
    std::string_view after_scheme;
    if (url.starts_with(scheme_relative_prefix)) {
        after_scheme = url.substr(scheme_relative_prefix.size());
    } else {
        const auto separator = url.find(scheme_separator);
        if (separator == std::string_view::npos || separator == 0) {
            return std::nullopt;
        }
        parts.scheme = url.substr(0, separator);
        if (!std::all_of(parts.scheme.begin(), parts.scheme.end(), [](char c) {
                return is_ascii_alpha(c) || is_ascii_digit(c) || c == '+' || c == '-' || c == '.';
            })) {
            return std::nullopt;
        }
        after_scheme = url.substr(separator + scheme_separator.size());
    }
    const auto authority_end = std::min(after_scheme.find_first_of("/?#"), after_scheme.size());
    if (!split_authority(after_scheme.substr(0, authority_end), parts.host, parts.port)) {
        return std::nullopt;
    }
    if (parts.port.empty()) {
        parts.port = default_port(parts.scheme.empty() ? fallback_scheme : parts.scheme);
    }
    parts.rest = after_scheme.substr(authority_end);
    return parts;
}

std::string_view strip_trailing_slash(std::string_view origin)
{
    while (!origin.empty() && origin.back() == '/') {
        origin.remove_suffix(1);
    }
    return origin;
}

}  // namespace

std::optional<std::string> rewrite_location(std::string_view value, std::string_view upstream_origin,
                                            std::string_view public_origin)
{
    const auto upstream = split_url(strip_trailing_slash(upstream_origin), {});
    if (!upstream) {
        return std::nullopt;
    }
    const auto location = split_url(value, upstream->scheme);
    if (!location) {
        return std::nullopt;
    }
    const bool same_scheme = location->scheme.empty() || iequals(location->scheme, upstream->scheme);
    if (!same_scheme || !iequals(location->host, upstream->host) || location->port != upstream->port) {
        return std::nullopt;
    }
    std::string out(strip_trailing_slash(public_origin));
    out.append(location->rest);
    return out;
}

std::optional<std::string> rewrite_refresh(std::string_view value, std::string_view upstream_origin,
                                           std::string_view public_origin)
{
    const auto separator = value.find_first_of(";,");
    if (separator == std::string_view::npos) {
        return std::nullopt;
    }
    std::size_t url_start = value.find_first_not_of(" \t", separator + 1);
    if (url_start == std::string_view::npos) {
        return std::nullopt;
    }
    constexpr std::string_view url_key = "url";
    if (istarts_with(value.substr(url_start), url_key)) {
        const auto equals = value.find_first_not_of(" \t", url_start + url_key.size());
        if (equals != std::string_view::npos && value[equals] == '=') {
            url_start = value.find_first_not_of(" \t", equals + 1);
            if (url_start == std::string_view::npos) {
                return std::nullopt;
            }
        }
    }
    std::size_t url_end = value.size();
    const char first = value[url_start];
    if (first == '"' || first == '\'') {
        ++url_start;
        url_end = value.find(first, url_start);
        if (url_end == std::string_view::npos) {
            url_end = value.size();
        }
    } else {
        url_end = value.find_last_not_of(" \t") + 1;
    }
    const auto rewritten = rewrite_location(value.substr(url_start, url_end - url_start), upstream_origin,
                                            public_origin);
    if (!rewritten) {
        return std::nullopt;
    }
    std::string out(value.substr(0, url_start));
    out.append(*rewritten);
    out.append(value.substr(url_end));
    return out;
}

std::optional<std::string> rewrite_set_cookie(std::string_view value, std::string_view upstream_host,
                                              std::string_view public_host)
{
    std::string out;
    std::size_t copied = 0;
    // The first segment is name=value and is never touched; attributes follow, ';'-separated.
    auto position = value.find(';');
    while (position != std::string_view::npos) {
        const auto start = position + 1;
        const auto end = std::min(value.find(';', start), value.size());
        const auto attribute = value.substr(start, end - start);
        const auto equals = attribute.find('=');
        if (equals != std::string_view::npos && iequals(trim_ows(attribute.substr(0, equals)), "Domain")) {
            const auto raw_domain = trim_ows(attribute.substr(equals + 1));
            auto domain = raw_domain;
            if (domain.starts_with('.')) {
                domain.remove_prefix(1);
            }
            const bool covers_upstream =
                !domain.empty() && (iequals(domain, upstream_host) ||
                                    (upstream_host.size() > domain.size() && iends_with(upstream_host, domain) &&
                                     upstream_host[upstream_host.size() - domain.size() - 1] == '.'));
            if (covers_upstream) {
                const auto domain_offset = static_cast<std::size_t>(raw_domain.data() - value.data());
                out.append(value.substr(copied, domain_offset - copied));
                out.append(public_host);
                copied = domain_offset + raw_domain.size();
            }
        }
        position = end < value.size() ? end : std::string_view::npos;
    }
    if (copied == 0) {
        return std::nullopt;
    }
    out.append(value.substr(copied));
    return out;
}

}  // namespace hs1c::http
