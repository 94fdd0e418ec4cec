#include "proxy/upstream/client.hpp"

#include "proxy/upstream/pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace hs1c::upstream {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

constexpr auto token = asio::as_tuple(asio::use_awaitable);

struct attempt {
    boost::system::error_code ec;
    bool sent = false;        // the request left completely
    bool got_bytes = false;   // any response bytes arrived
    http::response<http::string_body> res;
    bool keep_alive = false;
};

template <class Stream>
asio::awaitable<attempt> exchange(Stream& stream, connection& conn, http::request<http::string_body>& req,
                                  std::chrono::milliseconds timeout, std::size_t body_limit) {
    attempt a;
    beast::get_lowest_layer(stream).expires_after(timeout);
    auto [wec, wn] = co_await http::async_write(stream, req, token);
    if (wec) {
        a.ec = wec;
        co_return a;
    }
    a.sent = true;
    http::response_parser<http::string_body> parser;
    parser.body_limit(body_limit);
    if (req.method() == http::verb::head) parser.skip(true);
    const auto before = conn.buffer.size();
    auto [rec, rn] = co_await http::async_read(stream, conn.buffer, parser, token);
    a.got_bytes = rn > 0 || conn.buffer.size() != before;
    beast::get_lowest_layer(stream).expires_never();
    if (rec) {
        a.ec = rec;
        co_return a;
    }
    a.res = parser.release();
    a.keep_alive = a.res.keep_alive();
    co_return a;
}

}  // namespace

bool is_idempotent(http::verb method) {
    switch (method) {
        case http::verb::get:
        case http::verb::head:
        case http::verb::options:
        case http::verb::put:
        case http::verb::delete_:
        case http::verb::trace: return true;
        default: return false;
    }
}

client::client(std::shared_ptr<pool> p) : pool_(std::move(p)) {}

asio::awaitable<exchange_result> client::send(http::request<http::string_body> req,
                                              std::chrono::milliseconds timeout, std::size_t body_limit) {
    const auto ex = co_await asio::this_coro::executor;
    req.set(http::field::host, pool_->host_header());
    req.keep_alive(true);
    req.prepare_payload();
    exchange_result result;
    for (bool fresh_only = false;; fresh_only = true) {
        auto got = co_await pool_->acquire(ex, fresh_only);
        if (!got.conn) {
            result.ec = got.ec;
            result.error = got.error;
            co_return result;
        }
        auto& conn = *got.conn;
        auto a = co_await std::visit(
            [&](auto& s) { return exchange(s, conn, req, timeout, body_limit); }, conn.stream);
        if (!a.ec) {
            result.res = std::move(a.res);
            if (a.keep_alive) pool_->release(std::move(got.conn));
            co_return result;
        }
        // A reused connection the upstream had already closed: try once more on a fresh one when that
        // cannot duplicate work.
        const bool retry = got.reused && !fresh_only && !a.got_bytes && (!a.sent || is_idempotent(req.method()));
        if (retry) continue;
        result.ec = a.ec;
        result.timed_out = a.ec == beast::error::timeout;
        result.error = std::string(result.timed_out ? "timeout" : "failure") + " talking to " +
                       pool_->origin() + ": " + a.ec.message();
        co_return result;
    }
}

}  // namespace hs1c::upstream
