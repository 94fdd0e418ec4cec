// One connection to an upstream, plain TCP or TLS, with the read buffer that belongs to it.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <variant>

namespace hs1c::upstream {

using plain_stream = boost::beast::tcp_stream;
using tls_stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

struct connection {
    explicit connection(plain_stream s) : stream(std::move(s)) {}
    explicit connection(tls_stream s) : stream(std::move(s)) {}

    std::variant<plain_stream, tls_stream> stream;
    boost::beast::flat_buffer buffer;
    std::chrono::steady_clock::time_point idle_since{};
    unsigned requests = 0;  // exchanges completed on it; > 0 means a reused connection

    boost::beast::tcp_stream& tcp() {
        return std::visit(
            [](auto& s) -> boost::beast::tcp_stream& {
                if constexpr (std::is_same_v<std::decay_t<decltype(s)>, plain_stream>) return s;
                else return boost::beast::get_lowest_layer(s);
            },
            stream);
    }

    // True when the peer has closed, reset, or sent anything while idle: such a connection must not
    // carry another request. Non-blocking peek; never consumes data.
    bool idle_peer_gone();
};

}  // namespace hs1c::upstream
