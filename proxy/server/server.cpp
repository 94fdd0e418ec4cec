#include "proxy/server/server.hpp"

#include "proxy/config/loader.hpp"
#include "proxy/observe/log.hpp"
#include "proxy/observe/metrics.hpp"
#include "proxy/server/runtime.hpp"
#include "proxy/server/session.hpp"
#include "proxy/server/state.hpp"
#include "proxy/store/database.hpp"
#include "proxy/upstream/connection.hpp"
#include "proxy/upstream/pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <openssl/ssl.h>

#include <csignal>
#include <iostream>
#include <list>
#include <thread>
#include <unordered_set>

namespace hs1c::server {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
using asio::ip::tcp;

namespace {

constexpr auto token = asio::as_tuple(asio::use_awaitable);
constexpr auto drain_poll = std::chrono::milliseconds(50);
constexpr unsigned char alpn_http11[] = {'h', 't', 't', 'p', '/', '1', '.', '1'};

// One I/O thread: its io_context and the sessions that may be closed while idle during a drain.
struct worker {
    asio::io_context ctx{1};
    std::unordered_set<idle_handle*> idle_sessions;
};

int alpn_select(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in, unsigned int inlen,
                void*) {
    // Only HTTP/1.1 is spoken; a client offering only h2 gets no ALPN agreement and falls back.
    for (unsigned i = 0; i < inlen;) {
        const unsigned len = in[i];
        if (len == sizeof alpn_http11 && i + 1 + len <= inlen &&
            std::equal(in + i + 1, in + i + 1 + len, alpn_http11)) {
            *out = in + i + 1;
            *outlen = static_cast<unsigned char>(len);
            return SSL_TLSEXT_ERR_OK;
        }
        i += 1 + len;
    }
    return SSL_TLSEXT_ERR_NOACK;
}

std::unique_ptr<ssl::context> make_server_tls(const config::tls_files& files) {
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
    ctx->use_certificate_chain_file(files.cert_file);
    ctx->use_private_key_file(files.key_file, ssl::context::pem);
    SSL_CTX_set_alpn_select_cb(ctx->native_handle(), alpn_select, nullptr);
    return ctx;
}

std::string endpoint_text(const tcp::endpoint& ep) {
    const auto a = ep.address();
    return (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" + std::to_string(ep.port());
}

// A plugin's long-running task; its parameters live in the coroutine frame (not in a lambda's captures,
// which GCC 12 may destroy twice when the closure is moved into co_spawn).
asio::awaitable<void> run_background(std::string name, background_task task, std::shared_ptr<runtime> rt) {
    try {
        co_await task(*rt->services);
    } catch (const std::exception& e) {
        observe::log_error("background task failed", {{"task", name}, {"error", e.what()}});
    }
}

class proxy {
public:
    proxy(std::string rules_path, config::rules rules)
        : rules_path_(std::move(rules_path)),
          state_(metrics_),
          store_(rules.store.path),
          initial_rules_(std::move(rules)) {}

    int run();

private:
    struct listening {
        config::listener cfg;
        routing::listener_kind kind;
        std::unique_ptr<tcp::acceptor> acceptor;
        std::unique_ptr<ssl::context> tls;
    };

    core_routes hooks();
    asio::awaitable<void> accept_loop(listening& l);
    template <class Stream>
    asio::awaitable<void> session_main(Stream stream, session_info info, worker& w);
    asio::awaitable<void> tls_session(tcp::socket socket, ssl::context& tls, session_info info, worker& w);
    void reload();
    asio::awaitable<void> drain_and_stop();
    worker& next_worker() { return *workers_[next_++ % workers_.size()]; }

    std::string rules_path_;
    observe::metrics metrics_;
    proxy_state state_;
    store::database store_;
    config::rules initial_rules_;
    std::vector<std::unique_ptr<worker>> workers_;
    std::vector<listening> listeners_;
    std::size_t next_ = 0;
};

core_routes proxy::hooks() {
    return core_routes{
        [this] {
            std::vector<std::pair<std::string, routing::readiness>> out;
            out.emplace_back("store", routing::readiness{store_.is_open(), store_.is_open() ? "open" : "closed"});
            const auto rt = state_.current();
            out.emplace_back("upstreams", routing::readiness{rt && !rt->pools.empty(),
                                                             std::to_string(rt ? rt->pools.size() : 0) + " configured"});
            out.emplace_back("draining", routing::readiness{!state_.draining.load(), state_.draining ? "yes" : "no"});
            if (rt)
                for (const auto& [name, check] : rt->readiness_checks) out.emplace_back(name, check());
            return out;
        },
        [this] { return metrics_.render(); }};
}

template <class Stream>
asio::awaitable<void> proxy::session_main(Stream stream, session_info info, worker& w) {
    idle_handle idle;
    w.idle_sessions.insert(&idle);
    try {
        co_await run_session(stream, info, state_, idle);
    } catch (const std::exception& e) {
        observe::log_error("session failed", {{"listener", info.listener}, {"error", e.what()}});
    }
    w.idle_sessions.erase(&idle);
    state_.connections.fetch_sub(1);
    state_.connections_gauge.add(-1);
}

asio::awaitable<void> proxy::tls_session(tcp::socket socket, ssl::context& tls, session_info info, worker& w) {
    upstream::tls_stream stream(beast::tcp_stream(std::move(socket)), tls);
    beast::get_lowest_layer(stream).expires_after(state_.current()->rules.timeouts.header_read);
    auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, token);
    if (ec) {
        observe::log_debug("TLS handshake failed", {{"listener", info.listener}, {"error", ec.message()}});
        state_.connections.fetch_sub(1);
        state_.connections_gauge.add(-1);
        co_return;
    }
    co_await session_main(std::move(stream), std::move(info), w);
}

asio::awaitable<void> proxy::accept_loop(listening& l) {
    for (;;) {
        auto& w = next_worker();
        auto [ec, socket] = co_await l.acceptor->async_accept(w.ctx.get_executor(), token);
        if (ec == asio::error::operation_aborted || !l.acceptor->is_open()) co_return;
        if (ec) {
            // Out of descriptors and the like: do not spin.
            observe::log_warn("accept failed", {{"listener", l.cfg.name}, {"error", ec.message()}});
            asio::steady_timer pause(l.acceptor->get_executor(), drain_poll);
            co_await pause.async_wait(token);
            continue;
        }
        const auto max = state_.current()->rules.limits.max_connections;
        if (state_.connections.load() >= max || state_.draining.load()) {
            state_.rejected_connections.inc();
            boost::system::error_code ignored;
            socket.close(ignored);
            continue;
        }
        state_.connections.fetch_add(1);
        state_.connections_gauge.add(1);
        boost::system::error_code pec;
        session_info info{l.cfg.name, l.kind, l.tls != nullptr, socket.remote_endpoint(pec)};
        socket.set_option(tcp::no_delay(true), pec);
        if (l.tls) {
            asio::co_spawn(w.ctx, tls_session(std::move(socket), *l.tls, std::move(info), w), asio::detached);
        } else {
            asio::co_spawn(w.ctx, session_main(beast::tcp_stream(std::move(socket)), std::move(info), w),
                           asio::detached);
        }
    }
}

void proxy::reload() {
    observe::log_info("reloading rules", {{"rules", rules_path_}});
    auto loaded = config::load_rules_file(rules_path_, config::process_env);
    if (!loaded.value) {
        observe::log_error("reload refused: rules have problems",
                           {{"problems", config::format_problems(loaded.problems)}});
        return;
    }
    std::vector<config::problem> problems;
    auto rt = build_runtime(std::move(*loaded.value), store_, metrics_, hooks(), problems);
    if (!problems.empty()) {
        observe::log_error("reload refused: rules have problems", {{"problems", config::format_problems(problems)}});
        return;
    }
    const auto old = state_.current();
    const auto same_listener = [](const config::listener& a, const config::listener& b) {
        return a.name == b.name && a.host == b.host && a.port == b.port;
    };
    if (!std::equal(old->rules.public_listeners.begin(), old->rules.public_listeners.end(),
                    rt->rules.public_listeners.begin(), rt->rules.public_listeners.end(), same_listener) ||
        rt->rules.threads != old->rules.threads || rt->rules.store.path != old->rules.store.path)
        observe::log_warn("listeners, threads and the store path change only on restart; the rest is applied");
    state_.install(std::move(rt));
    observe::set_log_level(state_.current()->rules.observe.log_level);
    observe::log_info("rules reloaded");
}

asio::awaitable<void> proxy::drain_and_stop() {
    const auto deadline = std::chrono::steady_clock::now() + state_.current()->rules.timeouts.drain;
    state_.draining = true;
    observe::log_info("draining", {{"connections", state_.connections.load()}});
    for (auto& l : listeners_) {
        boost::system::error_code ec;
        l.acceptor->close(ec);
    }
    for (auto& w : workers_) {
        asio::post(w->ctx, [wp = w.get()] {
            for (auto* s : wp->idle_sessions)
                if (s->idle && s->cancel) s->cancel();
        });
    }
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (state_.connections.load() > 0 && std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(drain_poll);
        co_await timer.async_wait(token);
    }
    observe::log_info("stopped", {{"abandoned_connections", state_.connections.load()}});
    for (auto& w : workers_) w->ctx.stop();
}

int proxy::run() {
    observe::set_log_level(initial_rules_.observe.log_level);
    const unsigned threads = initial_rules_.threads ? initial_rules_.threads
                                                    : std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < threads; ++i) workers_.push_back(std::make_unique<worker>());

    std::vector<config::problem> problems;
    auto rt = build_runtime(initial_rules_, store_, metrics_, hooks(), problems);
    if (!problems.empty()) {
        std::cerr << config::format_problems(problems);
        return 1;
    }
    try {
        store_.open();
        for (const auto& [component, statements] : rt->migrations) store_.add_migrations(component, statements);
        store_.migrate();
    } catch (const std::exception& e) {
        observe::log_error("store failed", {{"path", store_.path()}, {"error", e.what()}});
        return 1;
    }
    state_.install(rt);

    auto& main_ctx = workers_.front()->ctx;
    try {
        auto listen = [&](const config::listener& cfg, routing::listener_kind kind) {
            listening l{cfg, kind, std::make_unique<tcp::acceptor>(main_ctx), nullptr};
            const tcp::endpoint ep(asio::ip::make_address(cfg.host), cfg.port);
            l.acceptor->open(ep.protocol());
            l.acceptor->set_option(tcp::acceptor::reuse_address(true));
            l.acceptor->bind(ep);
            l.acceptor->listen(asio::socket_base::max_listen_connections);
            if (cfg.tls) l.tls = make_server_tls(*cfg.tls);
            observe::log_info("listening", {{"listener", cfg.name},
                                            {"address", endpoint_text(l.acceptor->local_endpoint())},
                                            {"tls", cfg.tls.has_value()},
                                            {"admin", kind == routing::listener_kind::admin}});
            listeners_.push_back(std::move(l));
        };
        for (const auto& cfg : rt->rules.public_listeners) listen(cfg, routing::listener_kind::public_side);
        listen(rt->rules.admin_listener.listen, routing::listener_kind::admin);
    } catch (const std::exception& e) {
        observe::log_error("cannot listen", {{"error", e.what()}});
        return 1;
    }
    for (auto& u : rt->rules.upstreams)
        if (u.scheme == "https" && !u.verify_tls)
            observe::log_warn("TLS verification is OFF for an upstream", {{"upstream", u.name}});

    for (auto& l : listeners_) asio::co_spawn(main_ctx, accept_loop(l), asio::detached);
    for (auto& [name, task] : rt->background_tasks)
        asio::co_spawn(main_ctx, run_background(name, task, rt), asio::detached);

    asio::signal_set stop_signals(main_ctx, SIGTERM, SIGINT);
    stop_signals.async_wait([this, &main_ctx](const boost::system::error_code& ec, int) {
        if (!ec) asio::co_spawn(main_ctx, drain_and_stop(), asio::detached);
    });
    asio::signal_set hup(main_ctx, SIGHUP);
    std::function<void()> wait_hup = [&] {
        hup.async_wait([&](const boost::system::error_code& ec, int) {
            if (ec) return;
            reload();
            wait_hup();
        });
    };
    wait_hup();

    std::vector<std::thread> threads_running;
    for (std::size_t i = 1; i < workers_.size(); ++i)
        threads_running.emplace_back([w = workers_[i].get()] {
            auto guard = asio::make_work_guard(w->ctx);
            w->ctx.run();
        });
    {
        auto guard = asio::make_work_guard(main_ctx);
        main_ctx.run();
    }
    for (auto& w : workers_) w->ctx.stop();
    for (auto& t : threads_running) t.join();
    // Teardown order matters: pooled sockets and acceptors belong to the worker contexts, so they are
    // closed while those exist; the contexts go last (members), taking the suspended sessions and their
    // runtime references with them.
    for (const auto& [name, p] : rt->pools) p->close_idle();
    if (const auto current = state_.current(); current && current != rt)
        for (const auto& [name, p] : current->pools) p->close_idle();
    state_.install(nullptr);
    rt.reset();
    listeners_.clear();
    store_.close();
    return 0;
}

}  // namespace

int run_proxy(const std::string& rules_path, config::rules rules) {
    // A client vanishing mid-write must not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    proxy p(rules_path, std::move(rules));
    return p.run();
}

int check_rules(const std::string& rules_path) {
    auto loaded = config::load_rules_file(rules_path, config::process_env);
    auto problems = loaded.problems;
    if (loaded.value) {
        observe::metrics metrics;
        store::database store(loaded.value->store.path);
        const core_routes none{[] { return std::vector<std::pair<std::string, routing::readiness>>{}; },
                               [] { return std::string(); }};
        build_runtime(std::move(*loaded.value), store, metrics, none, problems);
    }
    if (problems.empty()) {
        std::cout << rules_path << ": ok\n";
        return 0;
    }
    std::cerr << config::format_problems(problems);
    return 1;
}

}  // namespace hs1c::server
