// Listener addresses in the rules: "IP:port" or "[IPv6]:port", literal addresses only (no names to
// resolve at start-up), and the literal-IP checks upstream URLs share.
#pragma once

#include "proxy/config/checked.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hs1c::config {

struct socket_address {
    std::string host;  // literal IP, IPv6 without brackets
    std::uint16_t port = 0;
};

checked<socket_address> parse_listen_address(std::string_view text);

// Decimal port 0..65535 with no sign, spaces or leading "+".
std::optional<std::uint16_t> parse_port(std::string_view text);

bool is_ipv4_literal(std::string_view text);
bool is_ipv6_literal(std::string_view text);
bool is_unspecified_address(std::string_view host);  // 0.0.0.0 or ::, which overlaps every address

// Whether two listeners would fight over one socket. Port 0 asks the system for a free port, so two
// of them never collide.
bool binds_overlap(const socket_address& a, const socket_address& b);

}  // namespace hs1c::config
