// The forwarder: one client request relayed to an upstream and its answer relayed back, streaming
// bodies with bounded memory, or buffering them when interceptors or HTML injection need the whole
// message. Instantiated for plain and TLS client streams in forward.cpp.
#pragma once

#include "proxy/server/runtime.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <string>

namespace hs1c::server {

// What the access log and metrics learn about one exchange.
struct exchange_log {
    std::string route;
    std::string upstream;
    unsigned status = 0;
    std::uint64_t bytes_in = 0;   // request body bytes from the client
    std::uint64_t bytes_out = 0;  // response body bytes to the client
    double upstream_seconds = -1;
    std::string error;            // why the exchange failed, for logs (never a secret)
};

struct forward_params {
    const runtime& rt;
    const config::route& route;
    std::string path;   // origin-form path of the client's request
    std::string query;  // without '?'
    std::string request_id;
    std::string peer_address;
    bool secure = false;
    std::string client_host;    // the client's Host header as sent
    std::string public_origin;  // "https://scripts.company.ru"
    boost::asio::ip::address peer;
    std::string_view listener;
};

// Relays the request whose header `hp` holds. Returns true when the client connection may carry
// another request.
template <class ClientStream>
boost::asio::awaitable<bool> forward(ClientStream& client, boost::beast::flat_buffer& client_buffer,
                                     boost::beast::http::request_parser<boost::beast::http::empty_body>& hp,
                                     forward_params& params, exchange_log& log);

// A body the client framed wrongly (bad chunk, bad trailer), as opposed to a client that went away
// mid-body: the former gets a 400, the latter nothing.
bool is_bad_framing(const boost::system::error_code& ec);

}  // namespace hs1c::server
