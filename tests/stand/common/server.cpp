#include "tests/stand/common/server.hpp"

#include "tests/stand/common/journal.hpp"
#include "tests/stand/common/responses.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>

#include <chrono>
#include <iostream>
#include <stdexcept>

namespace hs1c::stand {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;

namespace {

constexpr std::size_t body_limit = 64 * 1024 * 1024;
// Larger than the proxy's default header limit, so what the proxy accepts the stand accepts too.
constexpr std::uint32_t header_limit = 64 * 1024;
constexpr auto idle_timeout = std::chrono::seconds(120);
constexpr std::string_view control_prefix = "/_stand/";

constexpr auto token = asio::as_tuple(asio::use_awaitable);

std::string endpoint_text(const tcp::endpoint& ep) {
    const auto addr = ep.address();
    return (addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string()) + ":" +
           std::to_string(ep.port());
}

}  // namespace

tcp::endpoint parse_address(const std::string& address) {
    const auto colon = address.rfind(':');
    if (colon == std::string::npos) throw std::invalid_argument("address without port: " + address);
    std::string host = address.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host == "localhost") host = "127.0.0.1";
    boost::system::error_code ec;
    const auto ip = asio::ip::make_address(host, ec);
    if (ec) throw std::invalid_argument("not an IP address: " + host);
    const auto port = std::stoul(address.substr(colon + 1));
    if (port > 65535) throw std::invalid_argument("bad port: " + address);
    return {ip, static_cast<unsigned short>(port)};
}

server::server(tcp::acceptor acceptor, std::unique_ptr<emulator> emu)
    : acceptor_(std::move(acceptor)), emulator_(std::move(emu)), journal_(std::make_unique<journal>()) {}

server::~server() = default;

tcp::endpoint server::local_endpoint() const { return acceptor_.local_endpoint(); }

asio::awaitable<void> server::run() {
    for (;;) {
        auto [ec, socket] = co_await acceptor_.async_accept(token);
        if (ec == asio::error::operation_aborted) co_return;
        if (ec) continue;
        asio::co_spawn(acceptor_.get_executor(), serve(std::move(socket)), asio::detached);
    }
}

asio::awaitable<void> server::serve(tcp::socket socket) {
    exchange_info info;
    boost::system::error_code ec;
    info.peer = endpoint_text(socket.remote_endpoint(ec));
    info.local = endpoint_text(socket.local_endpoint(ec));
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(body_limit);
        parser.header_limit(header_limit);
        stream.expires_after(idle_timeout);
        auto [rec, n] = co_await http::async_read(stream, buffer, parser, token);
        if (rec) break;
        auto req = parser.release();
        const bool control = target_path(req.target()).starts_with(control_prefix);
        if (!control && emulator_->down()) {
            // A dead server: the peer sees its connection reset rather than any answer.
            stream.socket().set_option(tcp::socket::linger(true, 0), ec);
            stream.socket().close(ec);
            co_return;
        }
        if (!control) journal_->record(req, info);
        response res;
        try {
            res = co_await dispatch(req, info);
        } catch (const std::exception& e) {
            res = text_response(req, http::status::internal_server_error,
                                std::string("stand failure: ") + e.what());
        }
        const bool keep = res.keep_alive() && req.keep_alive();
        stream.expires_after(idle_timeout);
        auto [wec, w] = co_await http::async_write(stream, res, token);
        if (wec || !keep) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<response> server::dispatch(request& req, const exchange_info& info) {
    const auto path = target_path(req.target());
    if (!path.starts_with(control_prefix)) co_return co_await emulator_->handle(req, info);

    const auto command = path.substr(control_prefix.size());
    if (command == "requests" && req.method() == http::verb::get) {
        std::size_t since = 0;
        const auto query = target_query(req.target());
        if (query.starts_with("since=")) since = std::stoull(std::string(query.substr(6)));
        co_return json_response(req, http::status::ok,
                                boost::json::object{{"requests", journal_->entries(since)}});
    }
    if (command == "state" && req.method() == http::verb::get)
        co_return json_response(req, http::status::ok, emulator_->state());
    if (command == "quirks" && req.method() == http::verb::get)
        co_return json_response(req, http::status::ok, emulator_->quirks());
    if (command == "quirks" && req.method() == http::verb::post) {
        boost::system::error_code jec;
        auto body = boost::json::parse(req.body(), jec);
        if (jec || !body.is_object())
            co_return json_response(req, http::status::bad_request,
                                    boost::json::object{{"error", "body must be a JSON object"}});
        if (auto error = emulator_->set_quirks(body.as_object()))
            co_return json_response(req, http::status::bad_request, boost::json::object{{"error", *error}});
        co_return json_response(req, http::status::ok, emulator_->quirks());
    }
    if (command == "reset" && req.method() == http::verb::post) {
        emulator_->reset();
        journal_->clear();
        co_return json_response(req, http::status::ok, boost::json::object{{"reset", true}});
    }
    co_return co_await emulator_->handle(req, info);
}

}  // namespace hs1c::stand
