// The interface every emulated external system (HyperScript, 1C, amoCRM) implements for the stand's
// HTTP server, which adds the shared control API (/_stand/requests, state, quirks, reset).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace hs1c::stand {

namespace http = boost::beast::http;
using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

// Command-line options of hs1c-stand, shared by every emulator.
struct options {
    std::string hyperscript = "127.0.0.1:18001";  // "host:port" or "off"
    std::string onec = "127.0.0.1:18002";
    std::string amocrm = "127.0.0.1:18003";
    std::string proxy = "http://127.0.0.1:8080";  // where 1C sends status events
    std::string catalog;                          // catalogue JSON file; empty → generated
    unsigned seed = 1;                            // for generated data
    std::string widget_dir;                       // amoCRM widget package folder
};

// What the server knows about the connection a request came on.
struct exchange_info {
    std::string peer;        // "127.0.0.1:53412"
    std::string local;       // "127.0.0.1:18002"
};

class emulator {
public:
    virtual ~emulator() = default;

    virtual std::string_view name() const = 0;

    // Serves one request: the emulated system's own routes and any emulator-specific /_stand/
    // routes; the shared control routes never reach it.
    virtual boost::asio::awaitable<response> handle(request& req, const exchange_info& info) = 0;

    // GET /_stand/state
    virtual boost::json::value state() const = 0;
    // POST /_stand/reset: back to the start-up state, quirks off.
    virtual void reset() = 0;
    // POST /_stand/quirks: applies the switches given; an error message for an unknown name or a bad
    // value (then nothing is changed).
    virtual std::optional<std::string> set_quirks(const boost::json::object& quirks) = 0;
    // GET /_stand/quirks: the current switches.
    virtual boost::json::object quirks() const = 0;
    // While true the server resets every non-control connection right after reading its request.
    virtual bool down() const { return false; }
};

std::unique_ptr<emulator> make_hyperscript(const options& opts, boost::asio::any_io_executor ex);
std::unique_ptr<emulator> make_onec(const options& opts, boost::asio::any_io_executor ex);
std::unique_ptr<emulator> make_amocrm(const options& opts, boost::asio::any_io_executor ex);

}  // namespace hs1c::stand
