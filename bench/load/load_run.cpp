#include "bench/load/load_run.hpp"

#include "bench/load/pacing.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <optional>
#include <thread>
#include <vector>

namespace hs1c::bench {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

// Connections open during this lead before the first request is due, so connect time is not
// charged to the first paced requests.
constexpr auto connect_lead = std::chrono::milliseconds(300);
// How long after the run's end late paced requests may still be sent and in-flight ones finish.
constexpr auto grace = std::chrono::seconds(5);
constexpr auto request_timeout = std::chrono::seconds(30);
// A refused connect is retried after this pause instead of spinning.
constexpr auto reconnect_pause = std::chrono::milliseconds(10);
constexpr unsigned http_version = 11;
constexpr unsigned status_class_divisor = 100;
constexpr unsigned success_class = 2;

struct run_plan {
    const load_options& opts;
    tcp::resolver::results_type endpoints;
    clock_type::time_point start;
    clock_type::time_point end;
    clock_type::time_point hard_end;
};

http::request<http::empty_body> make_request(const load_options& opts)
{
    http::request<http::empty_body> req{http::verb::get, opts.target, http_version};
    req.set(http::field::host, opts.host + ":" + opts.port);
    for (const auto& [name, value] : opts.headers) req.set(name, value);
    req.keep_alive(true);
    return req;
}

asio::awaitable<void> pause_until(asio::steady_timer& timer, clock_type::time_point when)
{
    if (clock_type::now() >= when) co_return;
    timer.expires_at(when);
    boost::system::error_code ignored;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}

asio::awaitable<void> connection(const run_plan& plan, std::size_t index, load_totals& totals)
{
    const auto ex = co_await asio::this_coro::executor;
    beast::tcp_stream stream(ex);
    asio::steady_timer timer(ex);
    beast::flat_buffer buffer;
    const auto req = make_request(plan.opts);
    std::optional<pacing_schedule> pace;
    if (plan.opts.rate > 0) pace.emplace(plan.opts.rate, plan.opts.connections, index);
    bool connected = false;
    boost::system::error_code ec;

    std::uint64_t k = 0;
    for (;;) {
        clock_type::time_point intended;
        if (pace) {
            intended = plan.start + pace->intended(k);
            if (intended >= plan.end) break;
        } else {
            co_await pause_until(timer, plan.start);
            intended = clock_type::now();
            if (intended >= plan.end) break;
        }
        if (!connected) {
            stream.expires_after(request_timeout);
            co_await stream.async_connect(plan.endpoints, asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                ++totals.errors;
                stream.close();
                if (clock_type::now() >= plan.hard_end) break;
                co_await pause_until(timer, clock_type::now() + reconnect_pause);
                continue;
            }
            connected = true;
            buffer.clear();
        }
        co_await pause_until(timer, intended);
        if (clock_type::now() >= plan.hard_end) break;
        ++k;

        stream.expires_after(request_timeout);
        co_await http::async_write(stream, req, asio::redirect_error(asio::use_awaitable, ec));
        http::response<http::string_body> res;
        if (!ec) co_await http::async_read(stream, buffer, res, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            ++totals.errors;
            stream.close();
            connected = false;
            continue;
        }
        const auto took = clock_type::now() - intended;
        totals.latency_us.record(static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(took).count()));
        ++totals.completed;
        totals.body_bytes += res.body().size();
        if (res.result_int() / status_class_divisor != success_class) ++totals.non_2xx;
        if (!res.keep_alive()) {
            stream.close();
            connected = false;
        }
    }
    if (pace) {
        const auto due = pace->due_before(plan.end - plan.start);
        totals.unsent += due - std::min(due, k);
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace

void load_totals::merge(const load_totals& other)
{
    latency_us.merge(other.latency_us);
    completed += other.completed;
    non_2xx += other.non_2xx;
    errors += other.errors;
    unsent += other.unsent;
    body_bytes += other.body_bytes;
}

load_totals run_load(const load_options& opts)
{
    asio::io_context resolve_ctx;
    tcp::resolver resolver(resolve_ctx);
    const auto endpoints = resolver.resolve(opts.host, opts.port);
    const auto start = clock_type::now() + connect_lead;
    const run_plan plan{opts, endpoints, start, start + opts.duration, start + opts.duration + grace};

    std::vector<load_totals> per_thread(opts.threads);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < opts.threads; ++t) {
        threads.emplace_back([&, t] {
            asio::io_context ctx{1};
            for (std::size_t i = t; i < opts.connections; i += opts.threads) {
                asio::co_spawn(ctx, connection(plan, i, per_thread[t]), asio::detached);
            }
            ctx.run();
        });
    }
    for (auto& th : threads) th.join();

    load_totals total;
    for (const auto& part : per_thread) total.merge(part);
    total.elapsed = clock_type::now() - start;
    return total;
}

}  // namespace hs1c::bench
