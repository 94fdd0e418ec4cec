#include "proxy/server/forward.hpp"

#include "proxy/html/encoding.hpp"
#include "proxy/html/inject.hpp"
#include "proxy/http/ascii.hpp"
#include "proxy/http/framing.hpp"
#include "proxy/http/hygiene.hpp"
#include "proxy/http/rewrite.hpp"
#include "proxy/http/target.hpp"
#include "proxy/observe/log.hpp"
#include "proxy/server/local_responses.hpp"
#include "proxy/server/messages.hpp"
#include "proxy/upstream/client.hpp"
#include "proxy/upstream/connection.hpp"
#include "proxy/upstream/pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <array>
#include <chrono>

namespace hs1c::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using clock = std::chrono::steady_clock;

namespace {

constexpr auto token = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t relay_chunk_bytes = 16 * 1024;
constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";

// How an exchange with one upstream connection ended.
enum class outcome {
    done,               // answer relayed to the client
    answered_locally,   // an interceptor answered; nothing went upstream
    upstream_unsent,    // the upstream failed before the request left completely
    upstream_silent,    // the request left but no answer byte arrived
    upstream_failed,    // the answer broke off or was malformed
    upstream_timeout,
    client_failed,      // the client went away or sent a broken body
    client_too_large,   // request body over the limit
    client_bad_body,    // request body not valid HTTP framing (bad chunk, bad trailer)
};


struct result {
    outcome how = outcome::done;
    bool client_keep_alive = false;
    bool response_started = false;  // bytes of the answer already reached the client
    std::string error;
};

double seconds_since(clock::time_point t) {
    return std::chrono::duration<double>(clock::now() - t).count();
}

template <class Stream>
asio::awaitable<boost::system::error_code> send_continue(Stream& s, std::chrono::milliseconds timeout) {
    beast::get_lowest_layer(s).expires_after(timeout);
    auto [ec, n] = co_await asio::async_write(s, asio::buffer(continue_line.data(), continue_line.size()), token);
    co_return ec;
}

bool wants_continue(const http::fields& f) {
    return hs1c::http::iequals(f[http::field::expect], "100-continue");
}

// Identical repeated Content-Length fields (accepted by the framing checks) go on as one field.
template <class Message>
void collapse_content_length(Message& msg) {
    if (msg.count(http::field::content_length) < 2) return;
    const std::string value(msg[http::field::content_length]);
    msg.set(http::field::content_length, value);
}

// The client's request turned into the upstream's: hygiene, Host, forwarding headers, target.
template <class Message>
void prepare_upstream_request(Message& msg, const forward_params& p, const upstream::pool& pool, bool chunked) {
    hs1c::http::strip_hop_by_hop(msg.base());
    msg.erase(http::field::expect);
    msg.set(http::field::host, pool.host_header());
    hs1c::http::add_forwarded(msg.base(), {p.peer_address, p.secure ? "https" : "http", p.client_host, p.request_id});
    std::string target = pool.settings().base_path + p.path;
    if (!p.query.empty()) target += "?" + p.query;
    msg.target(target);
    msg.version(11);
    collapse_content_length(msg);
    if (p.route.inject_html) msg.set(http::field::accept_encoding, "identity");
    if (chunked) msg.chunked(true);
}

// The upstream's answer turned into the client's: hygiene and origin rewrites.
template <class Message>
void prepare_client_response(Message& res, const forward_params& p, const upstream::pool& pool) {
    hs1c::http::strip_hop_by_hop(res.base());
    const auto public_host = std::string(hs1c::http::host_without_port(p.client_host));
    for (auto field : {http::field::location, http::field::content_location}) {
        const auto it = res.find(field);
        if (it == res.end()) continue;
        if (auto v = hs1c::http::rewrite_location(it->value(), pool.origin(), p.public_origin)) res.set(field, *v);
    }
    if (const auto it = res.find("Refresh"); it != res.end()) {
        if (auto v = hs1c::http::rewrite_refresh(it->value(), pool.origin(), p.public_origin)) res.set("Refresh", *v);
    }
    if (res.count(http::field::set_cookie) > 0) {
        std::vector<std::string> cookies;
        for (auto [it, end] = res.equal_range(http::field::set_cookie); it != end; ++it) {
            auto v = hs1c::http::rewrite_set_cookie(it->value(), pool.settings().host, public_host);
            cookies.push_back(v ? *v : std::string(it->value()));
        }
        res.erase(http::field::set_cookie);
        for (auto& c : cookies) res.insert(http::field::set_cookie, c);
    }
    collapse_content_length(res);
    res.set("X-Request-ID", p.request_id);
}

// Streams a parser's body (buffer_body) from `in` through serializer `sr` to `out`, the Beast relay
// loop: bounded memory whatever the body size.
template <class In, class Out, class Parser, class Serializer>
asio::awaitable<std::pair<boost::system::error_code, bool /*failed on the read side*/>> relay_body(
    In& in, beast::flat_buffer& in_buffer, Parser& p, Out& out, Serializer& sr, std::chrono::milliseconds idle,
    std::uint64_t& bytes) {
    std::array<char, relay_chunk_bytes> chunk;
    do {
        if (!p.is_done()) {
            p.get().body().data = chunk.data();
            p.get().body().size = chunk.size();
            beast::get_lowest_layer(in).expires_after(idle);
            auto [ec, n] = co_await http::async_read(in, in_buffer, p, token);
            if (ec == http::error::need_buffer) ec = {};
            if (ec) co_return std::pair{ec, true};
            const auto got = chunk.size() - p.get().body().size;
            bytes += got;
            p.get().body().size = got;
            p.get().body().data = chunk.data();
            p.get().body().more = !p.is_done();
        } else {
            p.get().body().data = nullptr;
            p.get().body().size = 0;
            p.get().body().more = false;
        }
        beast::get_lowest_layer(out).expires_after(idle);
        auto [wec, wn] = co_await http::async_write(out, sr, token);
        if (wec == http::error::need_buffer) wec = {};
        if (wec) co_return std::pair{wec, false};
    } while (!p.is_done() && !sr.is_done());
    co_return std::pair{boost::system::error_code{}, false};
}

// State of the client's request across attempts on upstream connections.
struct request_side {
    std::optional<http::request_parser<http::string_body>> buffered;  // whole body in memory
    std::optional<http::request_parser<http::buffer_body>> streamed;  // body relayed as it arrives
    routing::request seen;  // the request as interceptors see it (header only when streamed)
    bool body_started = false;
    bool expect_continue = false;
    bool continue_sent = false;
    http::verb method = http::verb::unknown;
    unsigned version = 11;
    bool client_keep_alive = true;
};

template <class ClientStream, class UpstreamStream>
asio::awaitable<result> exchange(ClientStream& cs, beast::flat_buffer& cbuf, UpstreamStream& us,
                                 upstream::connection& conn, std::unique_ptr<upstream::connection>& owned,
                                 upstream::pool& pool, request_side& rs, forward_params& p, exchange_log& log) {
    const auto& rules = p.rt.rules;
    const auto& to = rules.timeouts;
    const auto& up = pool.settings();
    result r;
    r.client_keep_alive = rs.client_keep_alive;

    // 1. The request.
    const auto sent_at = clock::now();
    if (rs.buffered) {
        http::request_serializer<http::string_body> sr{rs.buffered->get()};
        beast::get_lowest_layer(us).expires_after(to.body_idle);
        auto [ec, n] = co_await http::async_write(us, sr, token);
        if (ec) co_return result{outcome::upstream_unsent, false, false, "write to upstream: " + ec.message()};
    } else {
        http::request_serializer<http::buffer_body> sr{rs.streamed->get()};
        beast::get_lowest_layer(us).expires_after(to.body_idle);
        auto [hec, hn] = co_await http::async_write_header(us, sr, token);
        if (hec) co_return result{outcome::upstream_unsent, false, false, "write to upstream: " + hec.message()};
        if (rs.expect_continue && !rs.continue_sent) {
            rs.continue_sent = true;
            if (auto cec = co_await send_continue(cs, to.body_idle))
                co_return result{outcome::client_failed, false, false, "client: " + cec.message()};
        }
        rs.body_started = true;
        auto [ec, read_side] = co_await relay_body(cs, cbuf, *rs.streamed, us, sr, to.body_idle, log.bytes_in);
        if (ec && read_side) {
            const auto how = ec == http::error::body_limit ? outcome::client_too_large
                             : is_bad_framing(ec)         ? outcome::client_bad_body
                                                          : outcome::client_failed;
            co_return result{how, false, false, "client body: " + ec.message()};
        }
        if (ec) co_return result{outcome::upstream_unsent, false, false, "write body to upstream: " + ec.message()};
    }

    // 2. The answer's header; interim 1xx answers are consumed (we sent our own 100 Continue).
    std::optional<http::response_parser<http::empty_body>> rp;
    for (;;) {
        rp.emplace();
        rp->header_limit(static_cast<std::uint32_t>(rules.limits.response_header_bytes));
        rp->body_limit(boost::none);  // Beast's default (8 MB) would refuse large downloads at the header
        if (rs.method == http::verb::head) rp->skip(true);
        beast::get_lowest_layer(us).expires_after(up.first_byte_timeout);
        const auto buffered_before = conn.buffer.size();
        auto [ec, n] = co_await http::async_read_header(us, conn.buffer, *rp, token);
        if (ec == beast::error::timeout)
            co_return result{outcome::upstream_timeout, false, false, "upstream answer timed out"};
        if (ec) {
            const bool silent = n == 0 && buffered_before == 0;
            co_return result{silent ? outcome::upstream_silent : outcome::upstream_failed, false, false,
                             "read upstream header: " + ec.message()};
        }
        const auto status = rp->get().result_int();
        if (status >= 100 && status < 200 && status != 101) continue;
        break;
    }
    log.upstream_seconds = seconds_since(sent_at);
    auto& head = rp->get();
    const unsigned status = head.result_int();
    if (status == 101 || hs1c::http::check_response_framing(head.base()) != hs1c::http::framing_error::none)
        co_return result{outcome::upstream_failed, false, false, "upstream answer framing refused"};
    const bool upstream_keep_alive = rp->keep_alive();
    const std::string content_type(head[http::field::content_type]);
    const auto method_text = std::string(http::to_string(rs.method));

    const auto interceptors = p.rt.routes.response_interceptors_for(method_text, p.path, content_type);
    const bool no_body = rs.method == http::verb::head || status == 204 || status == 304;
    const bool inject = p.route.inject_html && rs.method == http::verb::get && status == 200 &&
                        !p.rt.routes.injection_snippet().empty() && html::is_html(content_type);
    const std::size_t buffer_limit = inject ? rules.limits.html_rewrite_bytes : rules.limits.buffered_body_bytes;
    const auto declared = rp->content_length();
    const bool wants_whole = !no_body && (inject || !interceptors.empty()) && (!declared || *declared <= buffer_limit);

    // The body is streamed through this parser; when the answer is to be rewritten, it is first collected
    // up to the limit. An answer that turns out larger passes through unmodified, collected part first.
    http::response_parser<http::buffer_body> sp{std::move(*rp)};
    sp.body_limit(boost::none);  // streamed answers are bounded by memory use, not by size
    std::string collected;
    bool fits = wants_whole;
    if (wants_whole) {
        std::array<char, relay_chunk_bytes> chunk;
        while (!sp.is_done()) {
            sp.get().body().data = chunk.data();
            sp.get().body().size = chunk.size();
            beast::get_lowest_layer(us).expires_after(to.body_idle);
            auto [ec, n] = co_await http::async_read(us, conn.buffer, sp, token);
            if (ec == http::error::need_buffer) ec = {};
            if (ec) co_return result{outcome::upstream_failed, false, false, "read upstream body: " + ec.message()};
            collected.append(chunk.data(), chunk.size() - sp.get().body().size);
            if (collected.size() > buffer_limit) {
                fits = false;
                observe::log_warn("answer too large to rewrite; passed through unmodified",
                                  {{"request_id", p.request_id}, {"limit", buffer_limit}});
                break;
            }
        }
    }

    if (fits) {
        // 3a. Whole answer in memory: HTML injection and response interceptors.
        routing::response res;
        res.base() = sp.get().base();
        res.body() = std::move(collected);
        if (inject) {
            const auto coding = html::parse_content_encoding(res[http::field::content_encoding]);
            std::optional<std::string> decoded;
            if (coding == html::coding::identity) decoded = std::move(res.body());
            else if (coding != html::coding::unsupported) decoded = html::decode(coding, res.body(), buffer_limit);
            if (decoded) {
                res.body() = html::inject(*decoded, p.rt.routes.injection_snippet());
                res.erase(http::field::content_encoding);
                // The bytes differ from what the upstream's validators describe.
                res.erase(http::field::etag);
                res.erase(http::field::content_md5);
            } else {
                observe::log_warn("html injection skipped", {{"request_id", p.request_id},
                                                             {"reason", "undecodable content-encoding"}});
            }
        }
        routing::request_context ctx{rs.seen, p.request_id, p.peer, p.listener, p.secure, p.public_origin, {}};
        for (const auto* interceptor : interceptors) co_await (*interceptor)(ctx, res);
        prepare_client_response(res, p, pool);
        res.version(rs.version);
        res.keep_alive(r.client_keep_alive);
        res.prepare_payload();
        if (upstream_keep_alive) pool.release(std::move(owned));
        log.status = res.result_int();
        log.bytes_out = res.body().size();
        beast::get_lowest_layer(cs).expires_after(to.body_idle);
        auto [wec, wn] = co_await http::async_write(cs, res, token);
        r.response_started = true;
        if (wec) co_return result{outcome::client_failed, false, true, "write to client: " + wec.message()};
        co_return r;
    }

    // 3b. Streamed answer.
    auto& res = sp.get();
    const bool has_length = res.has_content_length();
    prepare_client_response(res, p, pool);
    if (!no_body && !has_length) {
        if (rs.version >= 11) res.chunked(true);
        else r.client_keep_alive = false;  // HTTP/1.0 client: the end of the body is the end of the connection
    }
    res.version(rs.version);
    res.keep_alive(r.client_keep_alive);
    log.status = status;
    http::response_serializer<http::buffer_body> sr{res};
    beast::get_lowest_layer(cs).expires_after(to.body_idle);
    if (no_body) {
        auto [ec, n] = co_await http::async_write_header(cs, sr, token);
        r.response_started = true;
        if (upstream_keep_alive) pool.release(std::move(owned));
        if (ec) co_return result{outcome::client_failed, false, true, "write to client: " + ec.message()};
        co_return r;
    }
    auto [hec, hn] = co_await http::async_write_header(cs, sr, token);
    r.response_started = true;
    if (hec) co_return result{outcome::client_failed, false, true, "write to client: " + hec.message()};
    if (!collected.empty()) {
        res.body().data = collected.data();
        res.body().size = collected.size();
        res.body().more = true;
        log.bytes_out += collected.size();
        auto [cec, cn] = co_await http::async_write(cs, sr, token);
        if (cec == http::error::need_buffer) cec = {};
        if (cec) co_return result{outcome::client_failed, false, true, "write to client: " + cec.message()};
    }
    auto [ec, read_side] = co_await relay_body(us, conn.buffer, sp, cs, sr, to.body_idle, log.bytes_out);
    if (ec && read_side)
        co_return result{outcome::upstream_failed, false, true, "upstream body broke off: " + ec.message()};
    if (ec) co_return result{outcome::client_failed, false, true, "write to client: " + ec.message()};
    if (upstream_keep_alive && sp.is_done()) pool.release(std::move(owned));
    co_return r;
}

template <class ClientStream>
asio::awaitable<bool> answer_error(ClientStream& cs, const request_side& rs, const forward_params& p,
                                   http::status status, std::string_view code, std::string_view message,
                                   bool keep_alive, exchange_log& log) {
    auto res = error_answer(rs.version, keep_alive, status, p.path, code, message);
    res.set("X-Request-ID", p.request_id);
    log.status = res.result_int();
    beast::get_lowest_layer(cs).expires_after(p.rt.rules.timeouts.body_idle);
    auto [ec, n] = co_await http::async_write(cs, res, token);
    co_return !ec && keep_alive;
}

}  // namespace

template <class ClientStream>
asio::awaitable<bool> forward(ClientStream& cs, beast::flat_buffer& cbuf,
                              http::request_parser<http::empty_body>& hp, forward_params& p, exchange_log& log) {
    const auto& rules = p.rt.rules;
    const auto& to = rules.timeouts;
    log.route = p.route.name;
    log.upstream = p.route.upstream;
    auto pool = p.rt.pool_for(p.route.upstream);

    request_side rs;
    rs.method = hp.get().method();
    rs.version = hp.get().version();
    rs.client_keep_alive = hp.get().keep_alive();
    rs.expect_continue = wants_continue(hp.get());
    const auto method_text = std::string(hp.get().method_string());
    const auto interceptors = p.rt.routes.request_interceptors_for(method_text, p.path);
    const std::size_t body_limit = p.route.body_bytes.value_or(rules.limits.body_bytes);
    const bool has_body = hp.chunked() || hp.content_length().value_or(0) > 0;
    const std::size_t limit = interceptors.empty() ? body_limit : std::min(body_limit, rules.limits.buffered_body_bytes);
    // Response interceptors see the client's request; copy it only when one may run.
    const bool wants_seen = p.rt.routes.has_response_interceptors_for(method_text, p.path);

    if (hp.content_length() && *hp.content_length() > limit) {
        // Refused before reading (and before any 100 Continue): the body is never consumed.
        co_return co_await answer_error(cs, rs, p, http::status::payload_too_large, "body_too_large",
                                        messages::body_too_large, false, log);
    }

    if (!has_body || !interceptors.empty()) {
        rs.buffered.emplace(std::move(hp));
        rs.buffered->body_limit(limit);
        if (has_body) {
            if (rs.expect_continue) {
                rs.continue_sent = true;
                if (co_await send_continue(cs, to.body_idle)) co_return false;
            }
            beast::get_lowest_layer(cs).expires_after(to.body_idle);
            auto [ec, n] = co_await http::async_read(cs, cbuf, *rs.buffered, token);
            if (ec == http::error::body_limit)
                co_return co_await answer_error(cs, rs, p, http::status::payload_too_large, "body_too_large",
                                                messages::body_too_large, false, log);
            if (ec) {
                log.error = "client body: " + ec.message();
                if (is_bad_framing(ec))
                    co_return co_await answer_error(cs, rs, p, http::status::bad_request, "bad_request",
                                                    messages::bad_request, false, log);
                co_return false;
            }
            log.bytes_in = rs.buffered->get().body().size();
        }
        if (!interceptors.empty()) {
            routing::request_context ctx{rs.buffered->get(), p.request_id, p.peer, p.listener, p.secure,
                                         p.public_origin, {}};
            for (const auto* interceptor : interceptors) {
                if (auto local = co_await (*interceptor)(ctx)) {
                    local->set("X-Request-ID", p.request_id);
                    local->keep_alive(rs.client_keep_alive);
                    local->prepare_payload();
                    log.status = local->result_int();
                    beast::get_lowest_layer(cs).expires_after(to.body_idle);
                    auto [ec, n] = co_await http::async_write(cs, *local, token);
                    co_return !ec && rs.client_keep_alive;
                }
            }
        }
        if (wants_seen) rs.seen = rs.buffered->get();
        prepare_upstream_request(rs.buffered->get(), p, *pool, false);
        rs.buffered->get().prepare_payload();
    } else {
        rs.streamed.emplace(std::move(hp));
        rs.streamed->body_limit(limit);
        if (wants_seen) rs.seen.base() = rs.streamed->get().base();
        const bool chunked = rs.streamed->get().chunked();
        prepare_upstream_request(rs.streamed->get(), p, *pool, chunked);
    }

    const auto ex = co_await asio::this_coro::executor;
    for (int attempt = 0;; ++attempt) {
        auto got = co_await pool->acquire(ex, attempt > 0);
        if (!got.conn) {
            log.error = got.error;
            const bool timeout = got.ec == beast::error::timeout;
            co_return co_await answer_error(
                cs, rs, p, timeout ? http::status::gateway_timeout : http::status::bad_gateway,
                timeout ? "upstream_timeout" : "upstream_unavailable",
                timeout ? messages::upstream_timeout : messages::upstream_unavailable,
                rs.client_keep_alive && !rs.body_started, log);
        }
        auto* conn = got.conn.get();
        const auto r = co_await std::visit(
            [&](auto& us) { return exchange(cs, cbuf, us, *conn, got.conn, *pool, rs, p, log); }, conn->stream);
        if (r.how == outcome::done) co_return r.client_keep_alive;
        log.error = r.error;
        if (r.response_started || r.how == outcome::client_failed) co_return false;
        if (r.how == outcome::client_bad_body)
            co_return co_await answer_error(cs, rs, p, http::status::bad_request, "bad_request", messages::bad_request,
                                            false, log);
        if (r.how == outcome::client_too_large)
            co_return co_await answer_error(cs, rs, p, http::status::payload_too_large, "body_too_large",
                                            messages::body_too_large, false, log);

        // A pooled connection the upstream had closed (EOF, reset, failed write): once more on a fresh
        // connection when nothing of a streamed body is lost and the retry cannot duplicate work.
        const bool replayable = !rs.streamed || !rs.body_started;
        const bool safe = r.how == outcome::upstream_unsent ||
                          (r.how == outcome::upstream_silent && upstream::is_idempotent(rs.method));
        if (attempt == 0 && got.reused && replayable && safe) {
            observe::log_debug("retrying on a fresh upstream connection",
                               {{"request_id", p.request_id}, {"reason", r.error}});
            continue;
        }
        const bool timeout = r.how == outcome::upstream_timeout;
        co_return co_await answer_error(
            cs, rs, p, timeout ? http::status::gateway_timeout : http::status::bad_gateway,
            timeout ? "upstream_timeout" : "upstream_failed",
            timeout ? messages::upstream_timeout : messages::upstream_failed,
            rs.client_keep_alive && !rs.body_started, log);
    }
}

template asio::awaitable<bool> forward(upstream::plain_stream&, beast::flat_buffer&,
                                       http::request_parser<http::empty_body>&, forward_params&, exchange_log&);
template asio::awaitable<bool> forward(upstream::tls_stream&, beast::flat_buffer&,
                                       http::request_parser<http::empty_body>&, forward_params&, exchange_log&);

bool is_bad_framing(const boost::system::error_code& ec) {
    return ec.category() == http::make_error_code(http::error::bad_chunk).category() &&
           ec != http::error::partial_message && ec != http::error::end_of_stream &&
           ec != http::error::body_limit && ec != http::error::need_buffer;
}

}  // namespace hs1c::server
