// A buffered HTTP client for one upstream, used by gateways (1C, amoCRM): whole request out, whole
// response in, pooled connections, one safe retry when a reused connection turns out to be dead.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace hs1c::upstream {

class pool;

namespace http = boost::beast::http;

struct exchange_result {
    boost::system::error_code ec;  // transport failure; res is meaningful only without it
    http::response<http::string_body> res;
    std::string error;  // human-readable transport failure for logs
    bool timed_out = false;
};

class client {
public:
    explicit client(std::shared_ptr<pool> p);

    // Sends req (target: full path and query on the upstream; Host set here) and reads the whole
    // answer within `timeout`, refusing bodies over body_limit bytes.
    boost::asio::awaitable<exchange_result> send(http::request<http::string_body> req,
                                                 std::chrono::milliseconds timeout, std::size_t body_limit);

    const pool& upstream_pool() const { return *pool_; }

private:
    std::shared_ptr<pool> pool_;
};

// True for methods whose repetition is harmless (RFC 9110 §9.2.2).
bool is_idempotent(http::verb method);

}  // namespace hs1c::upstream
