#include "proxy/config/address.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <limits>

namespace hs1c::config {
namespace {

constexpr std::size_t max_port_digits = 5;
constexpr std::size_t in6_bytes = 16;  // sizeof(in6_addr), spelled without the type

bool parses_as(int family, std::string_view text)
{
    std::array<unsigned char, in6_bytes> buffer{};
    const std::string terminated(text);
    return ::inet_pton(family, terminated.c_str(), buffer.data()) == 1;
}

}  // namespace

std::optional<std::uint16_t> parse_port(std::string_view text)
{
    if (text.empty() || text.size() > max_port_digits)
        return std::nullopt;
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() ||
        value > std::numeric_limits<std::uint16_t>::max())
        return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

bool is_ipv4_literal(std::string_view text) { return parses_as(AF_INET, text); }

bool is_ipv6_literal(std::string_view text) { return parses_as(AF_INET6, text); }

bool is_unspecified_address(std::string_view host)
{
    if (is_ipv4_literal(host))
        return host == "0.0.0.0";
    if (!is_ipv6_literal(host))
        return false;
    std::array<unsigned char, in6_bytes> bytes{};
    const std::string terminated(host);
    ::inet_pton(AF_INET6, terminated.c_str(), bytes.data());
    for (const unsigned char b : bytes)
        if (b != 0)
            return false;
    return true;
}

bool binds_overlap(const socket_address& a, const socket_address& b)
{
    return a.port != 0 && a.port == b.port &&
           (a.host == b.host || is_unspecified_address(a.host) || is_unspecified_address(b.host));
}

checked<socket_address> parse_listen_address(std::string_view text)
{
    using result = checked<socket_address>;
    std::string_view host;
    std::string_view port;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos)
            return result::fail("missing \"]\" after the IPv6 address");
        host = text.substr(1, close - 1);
        const auto rest = text.substr(close + 1);
        if (rest.empty() || rest.front() != ':')
            return result::fail("expected \"[IPv6]:port\"");
        port = rest.substr(1);
        if (!is_ipv6_literal(host))
            return result::fail("not a literal IPv6 address inside the brackets");
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos)
            return result::fail("expected \"IP:port\" or \"[IPv6]:port\"");
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (host.find(':') != std::string_view::npos)
            return result::fail("IPv6 addresses must be written in brackets: \"[::1]:port\"");
        if (!is_ipv4_literal(host))
            return result::fail("the host must be a literal IP address, not a name");
    }
    const auto number = parse_port(port);
    if (!number)
        return result::fail("the port must be a number from 0 to 65535");
    return result::ok({std::string(host), *number});
}

}  // namespace hs1c::config
