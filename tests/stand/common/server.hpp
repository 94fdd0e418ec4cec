// A small HTTP/1.1 server that hosts one emulator, journals what it receives and serves the shared
// control API. Single-threaded: emulators keep plain in-memory state without locks.
#pragma once

#include "tests/stand/common/emulator.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>

namespace hs1c::stand {

class journal;

class server {
public:
    server(boost::asio::ip::tcp::acceptor acceptor, std::unique_ptr<emulator> emu);
    ~server();

    boost::asio::ip::tcp::endpoint local_endpoint() const;
    boost::asio::awaitable<void> run();

private:
    boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket);
    boost::asio::awaitable<response> dispatch(request& req, const exchange_info& info);

    boost::asio::ip::tcp::acceptor acceptor_;
    std::unique_ptr<emulator> emulator_;
    std::unique_ptr<journal> journal_;
};

// Parses "host:port" into an endpoint; throws std::invalid_argument on a bad address.
boost::asio::ip::tcp::endpoint parse_address(const std::string& address);

}  // namespace hs1c::stand
