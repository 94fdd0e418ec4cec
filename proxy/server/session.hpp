// One client connection: reads requests one at a time with a fresh parser and explicit limits, checks
// framing, then answers locally (assets, plugin and admin routes) or hands the request to the forwarder.
#pragma once

#include "proxy/routing/plugin.hpp"
#include "proxy/server/state.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <functional>
#include <string>

namespace hs1c::server {

struct session_info {
    std::string listener;
    routing::listener_kind kind = routing::listener_kind::public_side;
    bool secure = false;
    boost::asio::ip::tcp::endpoint peer;
};

// Lets a drain close connections that sit idle between requests. Owned by the session; registered
// with its worker thread, which is the only thread that touches it.
struct idle_handle {
    bool idle = false;
    std::function<void()> cancel;
};

template <class Stream>
boost::asio::awaitable<void> run_session(Stream& stream, const session_info& info, proxy_state& state,
                                         idle_handle& idle);

}  // namespace hs1c::server
