#include "tests/stand/onec/status_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <openssl/ssl.h>

#include <chrono>
#include <optional>

namespace hs1c::stand::onec {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

constexpr auto token = asio::as_tuple(asio::use_awaitable);
constexpr auto exchange_timeout = std::chrono::seconds(15);
constexpr std::size_t response_body_limit = 1024 * 1024;
constexpr std::string_view http_port = "80";
constexpr std::string_view https_port = "443";

struct parsed_url {
    bool tls = false;
    std::string host;  // without brackets
    std::string port;
    std::string host_header;
    std::string path;
};

std::optional<parsed_url> parse_url(const std::string& url) {
    parsed_url out;
    std::string_view rest(url);
    if (rest.starts_with("http://")) {
        rest.remove_prefix(7);
    } else if (rest.starts_with("https://")) {
        out.tls = true;
        rest.remove_prefix(8);
    } else {
        return std::nullopt;
    }
    const auto slash = rest.find('/');
    const auto authority = rest.substr(0, slash);
    out.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    out.host_header = std::string(authority);
    if (authority.starts_with("[")) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        out.host = std::string(authority.substr(1, close - 1));
        const auto tail = authority.substr(close + 1);
        out.port = tail.starts_with(":") ? std::string(tail.substr(1)) : "";
    } else {
        const auto colon = authority.rfind(':');
        out.host = std::string(authority.substr(0, colon));
        out.port = colon == std::string_view::npos ? "" : std::string(authority.substr(colon + 1));
    }
    if (out.host.empty()) return std::nullopt;
    if (out.port.empty()) out.port = out.tls ? https_port : http_port;
    return out;
}

std::string raw_request(const parsed_url& u, const outgoing_post& req) {
    return "POST " + u.path + " HTTP/1.1\r\nHost: " + u.host_header + "\r\nUser-Agent: 1C+Enterprise/8.3\r\n" +
           "Accept: */*\r\nContent-Type: application/json; charset=utf-8\r\nAuthorization: " + req.authorization +
           "\r\nContent-Length: " + std::to_string(req.body.size()) + "\r\nConnection: close\r\n\r\n" + req.body;
}

template <class Stream>
asio::awaitable<post_result> exchange(Stream& stream, beast::tcp_stream& lowest, const std::string& raw) {
    post_result result;
    lowest.expires_after(exchange_timeout);
    auto [wec, written] = co_await asio::async_write(stream, asio::buffer(raw), token);
    if (wec) {
        result.error = "write: " + wec.message();
        co_return result;
    }
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(response_body_limit);
    lowest.expires_after(exchange_timeout);
    auto [rec, read] = co_await http::async_read(stream, buffer, parser, token);
    if (rec) {
        result.error = "read: " + rec.message();
        co_return result;
    }
    result.status = parser.get().result_int();
    result.body = parser.get().body();
    co_return result;
}

}  // namespace

asio::awaitable<post_result> post_json(asio::any_io_executor ex, outgoing_post request) {
    post_result result;
    const auto url = parse_url(request.url);
    if (!url) {
        result.error = "bad proxy URL: " + request.url;
        co_return result;
    }
    tcp::resolver resolver(ex);
    auto [rerr, endpoints] = co_await resolver.async_resolve(url->host, url->port, token);
    if (rerr) {
        result.error = "resolve: " + rerr.message();
        co_return result;
    }
    beast::tcp_stream tcp_stream(ex);
    tcp_stream.expires_after(exchange_timeout);
    auto [cerr, ep] = co_await tcp_stream.async_connect(endpoints, token);
    if (cerr) {
        result.error = "connect: " + cerr.message();
        co_return result;
    }
    const auto raw = raw_request(*url, request);
    if (!url->tls) co_return co_await exchange(tcp_stream, tcp_stream, raw);

    asio::ssl::context ctx(asio::ssl::context::tls_client);
    boost::system::error_code ec;
    if (!request.ca_file.empty()) {
        ctx.load_verify_file(request.ca_file, ec);
        if (ec) {
            result.error = "CA file: " + ec.message();
            co_return result;
        }
        ctx.set_verify_mode(asio::ssl::verify_peer);
        ctx.set_verify_callback(asio::ssl::host_name_verification(url->host));
    } else {
        ctx.set_verify_mode(asio::ssl::verify_none);
    }
    asio::ssl::stream<beast::tcp_stream> tls(std::move(tcp_stream), ctx);
    boost::system::error_code addr_ec;
    asio::ip::make_address(url->host, addr_ec);
    if (addr_ec) SSL_set_tlsext_host_name(tls.native_handle(), url->host.c_str());
    tls.next_layer().expires_after(exchange_timeout);
    auto [herr] = co_await tls.async_handshake(asio::ssl::stream_base::client, token);
    if (herr) {
        result.error = "TLS handshake: " + herr.message();
        co_return result;
    }
    auto out = co_await exchange(tls, tls.next_layer(), raw);
    tls.next_layer().expires_after(exchange_timeout);
    co_await tls.async_shutdown(token);
    co_return out;
}

}  // namespace hs1c::stand::onec
