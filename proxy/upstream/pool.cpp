#include "proxy/upstream/pool.hpp"

#include "proxy/observe/log.hpp"
#include "proxy/observe/metrics.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/stream_traits.hpp>

#include <openssl/ssl.h>

#include <stdexcept>

namespace hs1c::upstream {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
using asio::ip::tcp;

namespace {

constexpr auto token = asio::as_tuple(asio::use_awaitable);

std::string make_origin(const config::upstream& u) {
    const bool default_port = (u.scheme == "http" && u.port == 80) || (u.scheme == "https" && u.port == 443);
    const bool v6 = u.host.find(':') != std::string::npos;
    std::string host = v6 ? "[" + u.host + "]" : u.host;
    return default_port ? host : host + ":" + std::to_string(u.port);
}

bool is_ip_literal(const std::string& host) {
    boost::system::error_code ec;
    asio::ip::make_address(host, ec);
    return !ec;
}

}  // namespace

pool::pool(config::upstream cfg, observe::metrics& metrics)
    : cfg_(std::move(cfg)),
      origin_(cfg_.scheme + "://" + make_origin(cfg_)),
      host_header_(make_origin(cfg_)),
      idle_gauge_(metrics.get_gauge("hs1c_upstream_idle_connections", "Idle pooled upstream connections",
                                    {{"upstream", cfg_.name}})),
      connects_(metrics.get_counter("hs1c_upstream_connects_total", "New upstream connections",
                                    {{"upstream", cfg_.name}})),
      connect_errors_(metrics.get_counter("hs1c_upstream_connect_errors_total",
                                          "Failed upstream connection attempts", {{"upstream", cfg_.name}})) {
    if (cfg_.scheme != "https") return;
    tls_.emplace(ssl::context::tls_client);
    tls_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                      ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    SSL_CTX_set_min_proto_version(tls_->native_handle(), TLS1_2_VERSION);
    boost::system::error_code ec;
    if (cfg_.ca_file.empty()) tls_->set_default_verify_paths(ec);
    else tls_->load_verify_file(cfg_.ca_file, ec);
    if (ec) throw std::runtime_error("upstream " + cfg_.name + ": cannot load CA certificates: " + ec.message());
    tls_->set_verify_mode(cfg_.verify_tls ? ssl::verify_peer : ssl::verify_none);
}

pool::~pool() = default;

asio::awaitable<acquired> pool::acquire(asio::any_io_executor ex, bool fresh_only) {
    if (!fresh_only) {
        const auto now = std::chrono::steady_clock::now();
        const std::lock_guard lock(mutex_);
        auto& list = idle_[&asio::query(ex, asio::execution::context)];
        while (!list.empty()) {
            auto conn = std::move(list.back());
            list.pop_back();
            idle_gauge_.add(-1);
            if (now - conn->idle_since > cfg_.pool_idle_timeout || conn->idle_peer_gone()) continue;
            co_return acquired{{}, std::move(conn), true, {}};
        }
    }
    co_return co_await connect(ex);
}

void pool::release(std::unique_ptr<connection> conn) {
    // Leftover bytes mean the upstream sent more than one response: never reuse such a connection.
    if (!conn || conn->buffer.size() != 0 || !conn->tcp().socket().is_open()) return;
    conn->idle_since = std::chrono::steady_clock::now();
    ++conn->requests;
    auto* ctx = &asio::query(conn->tcp().get_executor(), asio::execution::context);
    const std::lock_guard lock(mutex_);
    auto& list = idle_[ctx];
    if (list.size() >= cfg_.pool_max_idle) return;
    list.push_back(std::move(conn));
    idle_gauge_.add(1);
}

void pool::close_idle() {
    const std::lock_guard lock(mutex_);
    for (auto& [ctx, list] : idle_) idle_gauge_.add(-static_cast<std::int64_t>(list.size()));
    idle_.clear();
}

asio::awaitable<acquired> pool::connect(asio::any_io_executor ex) {
    tcp::resolver resolver(ex);
    auto [rec, endpoints] = co_await resolver.async_resolve(cfg_.host, std::to_string(cfg_.port), token);
    if (rec) {
        connect_errors_.inc();
        co_return acquired{rec, nullptr, false, "resolve " + cfg_.host + ": " + rec.message()};
    }
    beast::tcp_stream tcp_stream(ex);
    tcp_stream.expires_after(cfg_.connect_timeout);
    auto [cec, ep] = co_await tcp_stream.async_connect(endpoints, token);
    if (cec) {
        connect_errors_.inc();
        co_return acquired{cec, nullptr, false, "connect " + origin_ + ": " + cec.message()};
    }
    tcp_stream.socket().set_option(tcp::no_delay(true));
    connects_.inc();
    if (!tls_) co_return acquired{{}, std::make_unique<connection>(std::move(tcp_stream)), false, {}};

    tls_stream stream(std::move(tcp_stream), *tls_);
    // SNI equal to the upstream host (never for IP literals, which SNI forbids).
    if (!is_ip_literal(cfg_.host) && !SSL_set_tlsext_host_name(stream.native_handle(), cfg_.host.c_str())) {
        connect_errors_.inc();
        co_return acquired{asio::error::invalid_argument, nullptr, false, "cannot set SNI"};
    }
    if (cfg_.verify_tls) stream.set_verify_callback(ssl::host_name_verification(cfg_.host));
    auto [hec] = co_await stream.async_handshake(ssl::stream_base::client, token);
    if (hec) {
        connect_errors_.inc();
        co_return acquired{hec, nullptr, false, "TLS handshake with " + origin_ + ": " + hec.message()};
    }
    beast::get_lowest_layer(stream).expires_never();
    co_return acquired{{}, std::make_unique<connection>(std::move(stream)), false, {}};
}

}  // namespace hs1c::upstream
