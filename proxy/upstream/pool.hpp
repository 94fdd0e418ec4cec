// Keep-alive connections to one upstream: connects (TCP, then TLS with verification and SNI), hands
// out idle connections of the caller's own I/O thread first, and drops idle ones past their timeout
// or closed by the peer.
#pragma once

#include "proxy/config/rules.hpp"
#include "proxy/upstream/connection.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace hs1c::observe {
class metrics;
class gauge;
class counter;
}  // namespace hs1c::observe

namespace hs1c::upstream {

struct acquired {
    boost::system::error_code ec;
    std::unique_ptr<connection> conn;
    bool reused = false;
    std::string error;  // for logs: what failed (resolve, connect, TLS handshake…)
};

class pool {
public:
    // Throws std::runtime_error when the TLS context cannot be set up (bad CA file).
    pool(config::upstream cfg, observe::metrics& metrics);
    ~pool();

    const config::upstream& settings() const { return cfg_; }
    // "http://host:port" as clients would write it (default ports omitted).
    const std::string& origin() const { return origin_; }
    // The Host header value for requests to this upstream.
    const std::string& host_header() const { return host_header_; }

    // An idle connection of ex's context, or a fresh one when fresh_only or none is idle.
    boost::asio::awaitable<acquired> acquire(boost::asio::any_io_executor ex, bool fresh_only = false);
    // Returns a connection after a complete exchange on which keep-alive holds.
    void release(std::unique_ptr<connection> conn);
    // Closes every idle connection. Called at shutdown while the I/O contexts the sockets belong to
    // still exist.
    void close_idle();

private:
    boost::asio::awaitable<acquired> connect(boost::asio::any_io_executor ex);

    config::upstream cfg_;
    std::string origin_;
    std::string host_header_;
    std::optional<boost::asio::ssl::context> tls_;
    std::mutex mutex_;
    std::map<const void*, std::deque<std::unique_ptr<connection>>> idle_;  // by execution context
    observe::gauge& idle_gauge_;
    observe::counter& connects_;
    observe::counter& connect_errors_;
};

}  // namespace hs1c::upstream
