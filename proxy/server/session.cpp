#include "proxy/server/session.hpp"

#include "proxy/http/ascii.hpp"
#include "proxy/http/framing.hpp"
#include "proxy/http/hygiene.hpp"
#include "proxy/http/target.hpp"
#include "proxy/observe/log.hpp"
#include "proxy/observe/metrics.hpp"
#include "proxy/server/forward.hpp"
#include "proxy/server/local_responses.hpp"
#include "proxy/server/messages.hpp"
#include "proxy/upstream/connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <chrono>

namespace hs1c::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using clock = std::chrono::steady_clock;

namespace {

// The proxy's own prefix is never forwarded: a near miss of a local route (a trailing slash, another
// case) must not carry its credentials (1C's Basic, a widget token) to the upstream.
constexpr std::string_view own_prefix = "/_hs1c/";

bool is_own_path(std::string_view path) { return path.starts_with(own_prefix) || path == own_prefix.substr(0, 6); }

constexpr auto token = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t first_read_bytes = 4096;
constexpr std::string_view asset_cache_control = "public, max-age=300";
constexpr double micros_per_second = 1e6;
constexpr std::string_view refused_route = "refused";  // metrics/log route of requests refused unread

std::string address_text(const asio::ip::address& a) { return a.to_string(); }

template <class Stream>
asio::awaitable<void> write_and_forget(Stream& s, routing::response& res, std::chrono::milliseconds timeout) {
    beast::get_lowest_layer(s).expires_after(timeout);
    co_await http::async_write(s, res, token);
}

void access_log(const session_info& info, std::string_view request_id, std::string_view method,
                std::string_view path, const exchange_log& log, clock::time_point start) {
    if (!observe::log_enabled(observe::level::info)) return;
    boost::json::object line{
        {"request_id", request_id},
        {"listener", info.listener},
        {"peer", address_text(info.peer.address())},
        {"method", method},
        {"path", path},  // never the query: it may carry codes or tokens
        {"route", log.route},
        {"status", log.status},
        {"duration_us", std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - start).count()},
        {"bytes_in", log.bytes_in},
        {"bytes_out", log.bytes_out},
    };
    if (!log.upstream.empty()) line["upstream"] = log.upstream;
    if (log.upstream_seconds >= 0)
        line["upstream_us"] = static_cast<std::int64_t>(log.upstream_seconds * micros_per_second);
    if (!log.error.empty()) line["error"] = log.error;
    observe::log(observe::level::info, "access", std::move(line));
}

// Answers from the route table without an upstream: assets and local handlers.
template <class Stream>
asio::awaitable<bool> serve_local(Stream& stream, beast::flat_buffer& buffer,
                                  http::request_parser<http::empty_body>& hp, const routing::local_route& route,
                                  std::vector<std::pair<std::string, std::string>> params, const runtime& rt,
                                  const session_info& info, std::string_view request_id,
                                  std::string_view public_origin, bool keep_alive, const std::string& path,
                                  exchange_log& log) {
    const auto& rules = rt.rules;
    const auto version = hp.get().version();
    const std::size_t limit = route.options.body_bytes.value_or(rules.limits.buffered_body_bytes);
    if (hp.content_length() && *hp.content_length() > limit) {
        auto res = error_answer(version, false, http::status::payload_too_large, path, "body_too_large",
                                messages::body_too_large);
        log.status = res.result_int();
        co_await write_and_forget(stream, res, rules.timeouts.body_idle);
        co_return false;
    }
    http::request_parser<http::string_body> bp{std::move(hp)};
    bp.body_limit(limit);
    if (!bp.is_done()) {
        if (hs1c::http::iequals(bp.get()[http::field::expect], "100-continue")) {
            constexpr std::string_view line = "HTTP/1.1 100 Continue\r\n\r\n";
            beast::get_lowest_layer(stream).expires_after(rules.timeouts.body_idle);
            auto [cec, cn] = co_await asio::async_write(stream, asio::buffer(line.data(), line.size()), token);
            if (cec) co_return false;
        }
        beast::get_lowest_layer(stream).expires_after(rules.timeouts.body_idle);
        auto [ec, n] = co_await http::async_read(stream, buffer, bp, token);
        if (ec == http::error::body_limit) {
            auto res = error_answer(version, false, http::status::payload_too_large, path, "body_too_large",
                                    messages::body_too_large);
            log.status = res.result_int();
            co_await write_and_forget(stream, res, rules.timeouts.body_idle);
            co_return false;
        }
        if (ec) {
            log.error = "client body: " + ec.message();
            if (is_bad_framing(ec)) {
                auto res = error_answer(version, false, http::status::bad_request, path, "bad_request",
                                        messages::bad_request);
                log.status = res.result_int();
                co_await write_and_forget(stream, res, rules.timeouts.body_idle);
            }
            co_return false;
        }
    }
    auto& req = bp.get();
    log.bytes_in = req.body().size();
    routing::request_context ctx{req, request_id, info.peer.address(), info.listener, info.secure, public_origin,
                                 std::move(params)};
    routing::response res;
    try {
        res = co_await route.handler(ctx);
    } catch (const std::exception& e) {
        log.error = std::string("handler failed: ") + e.what();
        observe::log_error("local handler failed", {{"request_id", request_id}, {"route", route.pattern},
                                                    {"error", e.what()}});
        res = error_answer(version, keep_alive, http::status::internal_server_error, path, "internal_error",
                           messages::internal_error);
    }
    res.version(version);
    res.keep_alive(keep_alive && res.keep_alive());
    res.set("X-Request-ID", request_id);
    res.prepare_payload();
    if (req.method() == http::verb::head) res.body().clear();
    log.status = res.result_int();
    log.bytes_out = res.body().size();
    beast::get_lowest_layer(stream).expires_after(rules.timeouts.body_idle);
    auto [wec, wn] = co_await http::async_write(stream, res, token);
    co_return !wec && res.keep_alive();
}

bool is_our_host(std::string_view host, const std::vector<std::string>& names) {
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& n) { return hs1c::http::iequals(n, host); });
}

// What the access log may show of a target: origin-form paths without the query; anything else (an
// absolute-form URL may carry user:password) only as a marker.
std::string_view loggable_path(std::string_view target) {
    if (!target.starts_with('/')) return "(non-origin target)";
    return target.substr(0, target.find('?'));
}

routing::response asset_answer(const routing::asset& a, const routing::request& req, std::string_view request_id) {
    routing::response res;
    res.version(req.version());
    res.set(http::field::etag, a.etag);
    res.set(http::field::cache_control, asset_cache_control);
    res.set("X-Request-ID", request_id);
    const auto inm = req[http::field::if_none_match];
    if (!inm.empty() && (inm == a.etag || inm == "*" || inm.find(a.etag) != std::string_view::npos)) {
        res.result(http::status::not_modified);
        res.keep_alive(req.keep_alive());
        return res;
    }
    res.result(http::status::ok);
    res.set(http::field::content_type, a.content_type);
    res.set("X-Content-Type-Options", "nosniff");
    if (req.method() != http::verb::head) res.body() = std::string(a.bytes);
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    if (req.method() == http::verb::head) res.content_length(a.bytes.size());
    return res;
}

template <class Stream>
asio::awaitable<bool> handle_request(Stream& stream, beast::flat_buffer& buffer,
                                     http::request_parser<http::empty_body>& hp, const runtime& rt,
                                     const session_info& info, proxy_state& state, clock::time_point start) {
    const auto& rules = rt.rules;
    auto& head = hp.get();
    exchange_log log;
    const std::string method(head.method_string());
    const auto incoming_id = head["X-Request-ID"];
    const std::string request_id = rules.trust_request_id && hs1c::http::is_valid_request_id(incoming_id)
                                       ? std::string(incoming_id)
                                       : hs1c::http::make_request_id();
    const std::string raw_target(head.target());

    auto refuse = [&](http::status status, std::string_view code, std::string_view message,
                      std::string why) -> asio::awaitable<bool> {
        auto res = error_answer(head.version(), false, status, raw_target, code, message);
        res.set("X-Request-ID", request_id);
        log.route = refused_route;
        log.status = res.result_int();
        log.error = std::move(why);
        co_await write_and_forget(stream, res, rules.timeouts.body_idle);
        state.record(log.route, log.status, std::chrono::duration<double>(clock::now() - start).count(), -1, {});
        access_log(info, request_id, method, loggable_path(raw_target), log, start);
        co_return false;
    };

    const auto framing = hs1c::http::check_request_framing(head.base(), head.version());
    if (framing != hs1c::http::framing_error::none)
        co_return co_await refuse(http::status::bad_request, "bad_request", messages::bad_request,
                                  std::string(hs1c::http::describe(framing)));
    const auto target = hs1c::http::parse_target(head.target(), rules.server_names);
    if (!target)
        co_return co_await refuse(http::status::bad_request, "bad_request", messages::bad_request,
                                  "request target refused");

    // Only our own names are served on the public side: a foreign Host would otherwise steer the
    // origin rewrites (Location, cookies) and X-Forwarded-Host. HTTP/1.0 without Host gets our first name.
    std::string client_host(head[http::field::host]);
    if (info.kind == routing::listener_kind::public_side && !rules.server_names.empty()) {
        if (client_host.empty()) {
            client_host = rules.server_names.front();
        } else if (!is_our_host(hs1c::http::host_without_port(client_host), rules.server_names)) {
            co_return co_await refuse(http::status::misdirected_request, "unknown_host", messages::unknown_host,
                                      "Host is not one of server_names");
        }
    }
    const std::string public_origin = std::string(info.secure ? "https://" : "http://") + client_host;
    const bool keep_alive = head.keep_alive() && !state.draining.load();
    const auto& path = target->path;
    bool keep = false;

    if (info.kind == routing::listener_kind::public_side &&
        (head.method() == http::verb::get || head.method() == http::verb::head)) {
        if (const auto* a = rt.routes.match_asset(path)) {
            routing::request req;
            req.base() = head.base();
            auto res = asset_answer(*a, req, request_id);
            res.keep_alive(keep_alive);
            log.route = "asset";
            log.status = res.result_int();
            log.bytes_out = res.body().size();
            beast::get_lowest_layer(stream).expires_after(rules.timeouts.body_idle);
            auto [ec, n] = co_await http::async_write(stream, res, token);
            // A body the client sent with a GET is not read: close rather than misparse it.
            keep = !ec && keep_alive && hp.is_done();
            access_log(info, request_id, method, path, log, start);
            co_return keep;
        }
    }

    auto local = rt.routes.match_local(info.kind, method, path);
    if (local.route) {
        log.route = local.route->pattern;
        keep = co_await serve_local(stream, buffer, hp, *local.route, std::move(local.params), rt, info, request_id,
                                    public_origin, keep_alive, path, log);
    } else if (local.method_mismatch) {
        log.route = "local";
        auto res = error_answer(head.version(), false, http::status::method_not_allowed, path, "method_not_allowed",
                                messages::method_not_allowed);
        res.set("X-Request-ID", request_id);
        log.status = res.result_int();
        co_await write_and_forget(stream, res, rules.timeouts.body_idle);
    } else if (const auto* route = info.kind == routing::listener_kind::public_side && !is_own_path(path)
                                       ? rt.routes.match_forward(hs1c::http::host_without_port(client_host), method, path)
                                       : nullptr) {
        forward_params params{rt,
                              *route,
                              target->path,
                              target->query,
                              request_id,
                              address_text(info.peer.address()),
                              info.secure,
                              client_host,
                              public_origin,
                              info.peer.address(),
                              info.listener};
        keep = co_await forward(stream, buffer, hp, params, log) && keep_alive;
    } else {
        log.route = "none";
        auto res = error_answer(head.version(), false, http::status::not_found, path, "not_found", messages::not_found);
        res.set("X-Request-ID", request_id);
        log.status = res.result_int();
        co_await write_and_forget(stream, res, rules.timeouts.body_idle);
    }
    const double elapsed = std::chrono::duration<double>(clock::now() - start).count();
    state.record(log.route, log.status, elapsed, log.upstream_seconds, log.upstream);
    access_log(info, request_id, method, path, log, start);
    co_return keep;
}

// Answers a request refused before it could be parsed (framing, header limits) and closes: it still
// gets a request id, an access-log line naming the peer, and a place in the metrics.
template <class Stream>
asio::awaitable<void> refuse_unread(Stream& stream, const session_info& info, proxy_state& state,
                                    const config::rules& rules, http::status status, std::string_view code,
                                    std::string_view message, std::string why) {
    const auto start = clock::now();
    const auto request_id = hs1c::http::make_request_id();
    auto res = error_answer(11, false, status, "", code, message);
    res.set("X-Request-ID", request_id);
    co_await write_and_forget(stream, res, rules.timeouts.body_idle);
    exchange_log log;
    log.route = refused_route;
    log.status = res.result_int();
    log.error = std::move(why);
    state.record(log.route, log.status, std::chrono::duration<double>(clock::now() - start).count(), -1, {});
    access_log(info, request_id, "", "", log, start);
}

// Reads until the buffer holds a complete header block (through the empty line) and returns it;
// nullopt when the limit is reached or the read fails first — the parser then reports the error.
template <class Stream>
asio::awaitable<std::optional<std::string_view>> read_header_block(Stream& stream, beast::flat_buffer& buffer,
                                                                   std::size_t limit) {
    constexpr std::string_view end_of_header = "\r\n\r\n";
    // Bare-LF header ends are not HTTP/1.1, but they end the read at once: the parser refuses them
    // instead of the client waiting out the header deadline.
    constexpr std::string_view bare_end = "\n\n";
    std::size_t searched = 0;
    for (;;) {
        const std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
        const auto from = searched >= end_of_header.size() ? searched - end_of_header.size() + 1 : 0;
        if (const auto end = data.find(end_of_header, from); end != std::string_view::npos)
            co_return data.substr(0, end + end_of_header.size());
        if (const auto end = data.find(bare_end, from); end != std::string_view::npos)
            co_return data.substr(0, end + bare_end.size());
        searched = data.size();
        if (data.size() > limit) co_return std::nullopt;
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(first_read_bytes), token);
        if (ec) co_return std::nullopt;
        buffer.commit(n);
    }
}

template <class Stream>
asio::awaitable<void> close_stream(Stream& stream) {
    boost::system::error_code ec;
    if constexpr (std::is_same_v<Stream, upstream::tls_stream>) {
        constexpr auto shutdown_timeout = std::chrono::seconds(2);
        beast::get_lowest_layer(stream).expires_after(shutdown_timeout);
        co_await stream.async_shutdown(token);
    }
    beast::get_lowest_layer(stream).socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    beast::get_lowest_layer(stream).close();
}

}  // namespace

template <class Stream>
asio::awaitable<void> run_session(Stream& stream, const session_info& info, proxy_state& state, idle_handle& idle) {
    beast::flat_buffer buffer;
    idle.cancel = [&stream] { beast::get_lowest_layer(stream).cancel(); };
    for (bool first = true;; first = false) {
        const auto rt = state.current();
        const auto& rules = rt->rules;
        if (state.draining.load() && !first) break;
        if (buffer.size() == 0) {
            // Between requests the connection is idle: a drain may close it.
            idle.idle = true;
            beast::get_lowest_layer(stream).expires_after(first ? rules.timeouts.header_read : rules.timeouts.idle);
            auto [ec, n] = co_await stream.async_read_some(buffer.prepare(first_read_bytes), token);
            idle.idle = false;
            if (ec) break;
            buffer.commit(n);
        }
        // The whole header block is read before Beast parses it, so the raw bytes can be checked for
        // what Beast normalises away (a tab after "chunked" reads as plain chunked there).
        beast::get_lowest_layer(stream).expires_after(rules.timeouts.header_read);
        const auto block = co_await read_header_block(stream, buffer, rules.limits.header_bytes);
        if (block && hs1c::http::check_raw_transfer_encoding(*block) != hs1c::http::framing_error::none) {
            co_await refuse_unread(stream, info, state, rules, http::status::bad_request, "bad_request",
                                   messages::bad_request, "transfer-encoding other than a single final chunked");
            break;
        }
        http::request_parser<http::empty_body> hp;
        hp.header_limit(static_cast<std::uint32_t>(rules.limits.header_bytes));
        hp.body_limit(boost::none);  // enforced per route once the route is known
        auto [hec, hn] = co_await http::async_read_header(stream, buffer, hp, token);
        const auto start = clock::now();
        if (hec) {
            if (hec == http::error::header_limit || hec == http::error::buffer_overflow) {
                co_await refuse_unread(stream, info, state, rules, http::status::request_header_fields_too_large,
                                       "headers_too_large", messages::headers_too_large, "header block over the limit");
            } else if (hec != beast::error::timeout && hec != http::error::end_of_stream && hec != asio::error::eof &&
                       hec != http::error::partial_message && hec != asio::error::operation_aborted) {
                co_await refuse_unread(stream, info, state, rules, http::status::bad_request, "bad_request",
                                       messages::bad_request, "unparsable request: " + hec.message());
            }
            break;
        }
        state.in_flight_gauge.add(1);
        bool keep = false;
        try {
            // The generation in force when the request arrived, not when the connection went idle: a
            // reload applies to the next request of every open connection.
            const auto current = state.current();
            keep = co_await handle_request(stream, buffer, hp, *current, info, state, start);
        } catch (const std::exception& e) {
            observe::log_error("request failed", {{"error", e.what()}});
        }
        state.in_flight_gauge.add(-1);
        if (!keep) break;
    }
    idle.cancel = nullptr;
    co_await close_stream(stream);
}

template asio::awaitable<void> run_session(upstream::plain_stream&, const session_info&, proxy_state&, idle_handle&);
template asio::awaitable<void> run_session(upstream::tls_stream&, const session_info&, proxy_state&, idle_handle&);

}  // namespace hs1c::server
