// The plugin interface: how features register local routes, interceptors on forwarded traffic,
// embedded assets, store migrations and readiness checks with the core. The core knows plugins only
// through this header; plugin code never sees sockets.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/fwd.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hs1c::config {
struct rules;
}
namespace hs1c::store {
class database;
}
namespace hs1c::observe {
class metrics;
}
namespace hs1c::upstream {
class client;
}

namespace hs1c::routing {

namespace http = boost::beast::http;
using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

// What a local handler or interceptor knows about the exchange it is part of.
struct request_context {
    request& req;
    std::string_view request_id;
    boost::asio::ip::address peer;
    std::string_view listener;  // listener name
    bool secure = false;        // arrived over TLS
    std::string_view public_origin;  // "https://scripts.company.ru" as the client sees us
    std::vector<std::pair<std::string, std::string>> params;  // {name} segments of the route pattern

    std::string_view param(std::string_view name) const;
};

using local_handler = std::function<boost::asio::awaitable<response>(request_context&)>;

// A request interceptor on forwarded traffic either continues (returns nullopt, possibly after
// rewriting ctx.req) or answers locally (returns the response; nothing reaches the upstream).
using request_interceptor =
    std::function<boost::asio::awaitable<std::optional<response>>(request_context&)>;

// A response interceptor sees the upstream's whole answer (body read up to the buffered limit)
// and may rewrite it in place before it reaches the client.
using response_interceptor =
    std::function<boost::asio::awaitable<void>(request_context&, response&)>;

enum class listener_kind { public_side, admin };

struct route_options {
    listener_kind on = listener_kind::public_side;
    std::optional<std::size_t> body_bytes;  // default: limits.buffered_body_bytes
};

// Which forwarded requests an interceptor wants: all given conditions must hold.
struct traffic_match {
    std::string method;       // "" = any
    std::string path;         // exact path without query; "" = any
    std::string content_type_prefix;  // for response interceptors: e.g. "application/json"; "" = any
};

struct readiness {
    bool ready = true;
    std::string detail;  // shown by /readyz; never a secret
};

// Services the core lends to plugins.
struct services {
    const config::rules& rules;
    store::database& store;
    observe::metrics& metrics;
    // A client for the named upstream from the rules (pooled, TLS-verified); nullptr if absent.
    std::function<std::shared_ptr<upstream::client>(std::string_view upstream_name)> upstream;
};

class plugin_registry {
public:
    virtual ~plugin_registry() = default;

    virtual const config::rules& rules() const = 0;
    // Declares that the plugin reads the top-level rules section `name`; a section nobody claims is
    // reported as unknown (typo protection).
    virtual void claim_section(std::string name) = 0;
    // Record a configuration problem at a JSON path ("/onec/profile"); start-up or reload fails.
    virtual void problem(std::string path, std::string message) = 0;

    // Local routes. Patterns are paths with {name} segments: "/_hs1c/api/v1/carts/{cart}".
    virtual void add_route(std::string method, std::string pattern, local_handler handler,
                           route_options options = {}) = 0;
    virtual void add_request_interceptor(traffic_match match, request_interceptor interceptor) = 0;
    virtual void add_response_interceptor(traffic_match match, response_interceptor interceptor) = 0;

    // An embedded asset served at `path` with ETag, 304 and cache headers.
    virtual void add_asset(std::string path, std::string content_type, std::string_view bytes) = 0;
    // URLs the HTML injection adds to pages of routes with inject_html.
    virtual void add_injected_script(std::string url) = 0;
    virtual void add_injected_style(std::string url) = 0;

    // Numbered schema migrations for the plugin's own tables, applied in order at start-up.
    virtual void add_migrations(std::string component, std::vector<std::string> statements) = 0;
    virtual void add_readiness_check(std::string name, std::function<readiness()> check) = 0;
    // Long-running work (outbox workers…), started after the listeners and stopped on drain.
    virtual void add_background_task(std::string name,
                                     std::function<boost::asio::awaitable<void>(services&)> task) = 0;

    virtual services& core() = 0;

    // A service shared by the plugins of one generation (a gateway several features use, so that
    // they share its connection and concurrency limits): the first caller's `make` creates it, later
    // callers with the same key get the same object.
    virtual std::shared_ptr<void> shared_service(std::string_view key,
                                                 const std::function<std::shared_ptr<void>()>& make) = 0;

    template <class T, class Make>
    std::shared_ptr<T> shared(std::string_view key, Make make) {
        return std::static_pointer_cast<T>(
            shared_service(key, [&]() -> std::shared_ptr<void> { return make(); }));
    }
};

// Implemented by the generated plugin list (plugins/CMakeLists.txt).
void register_linked_plugins(plugin_registry& registry);

}  // namespace hs1c::routing
