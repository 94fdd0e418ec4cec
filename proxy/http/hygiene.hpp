// Header hygiene applied in both directions: hop-by-hop fields removed, then the proxy's own forwarding
// fields set, so a client can neither forge them nor make the proxy drop them (DESIGN §6.7).
#pragma once

#include <boost/beast/http/fields.hpp>

#include <string>
#include <string_view>

namespace hs1c::http {

namespace bhttp = boost::beast::http;

// Removes hop-by-hop fields (Connection, Keep-Alive, Proxy-Connection, TE, Trailer, Transfer-Encoding,
// Upgrade, Proxy-Authenticate, Proxy-Authorization) and every field named in any Connection header,
// except Host and Content-Length: the peer may not make the proxy drop routing or framing fields.
void strip_hop_by_hop(bhttp::fields& fields);

struct forwarded_info {
    std::string_view peer_address;
    std::string_view proto;  // http|https
    std::string_view host;   // client's Host
    std::string_view request_id;
};

// X-Forwarded-For overwritten with the peer (never appended to a client-supplied one), X-Forwarded-Proto,
// X-Forwarded-Host, X-Request-ID set; Via: "1.1 hs1c" appended (comma-joined with an existing Via).
void add_forwarded(bhttp::fields& fields, const forwarded_info& info);

// 32 lowercase hex chars from a CSPRNG.
std::string make_request_id();

// 1..128 chars of [A-Za-z0-9._-]: a client- or upstream-supplied id is only trusted in this shape.
bool is_valid_request_id(std::string_view id);

}  // namespace hs1c::http
