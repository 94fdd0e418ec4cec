// The HyperScript emulator: the one-page app (script list, constructor, run view), its `/ajax` RPC
// with session-bound CSRF tokens, and the stand's `/_stand/session` call.
#include "tests/stand/common/emulator.hpp"
#include "tests/stand/common/responses.hpp"
#include "tests/stand/hyperscript/assets.hpp"
#include "tests/stand/hyperscript/messages.hpp"
#include "tests/stand/hyperscript/param_tree.hpp"
#include "tests/stand/hyperscript/script_store.hpp"
#include "tests/stand/hyperscript/sessions.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace hs1c::stand {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view session_cookie = "hs_session";
constexpr std::string_view csrf_placeholder = "{{csrf_token}}";
constexpr std::string_view json_type = "application/json; charset=utf-8";
constexpr std::int64_t max_latency_ms = 600000;

// The value of cookie `name` in a Cookie header ("a=1; hs_session=abc").
std::string_view cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto semi = header.find(';');
        auto item = header.substr(0, semi);
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        const auto eq = item.find('=');
        if (eq != std::string_view::npos && item.substr(0, eq) == name) return item.substr(eq + 1);
    }
    return {};
}

std::string set_cookie_header(std::string_view session) {
    return std::string(session_cookie) + "=" + std::string(session) + "; Path=/; HttpOnly; SameSite=Lax";
}

json::object envelope(const rpc_outcome& outcome) {
    if (outcome.error)
        return {{"status", 1}, {"msg", outcome.error->msg}, {"msg_ru", outcome.error->msg_ru}};
    return {{"status", 0}, {"response", outcome.response}};
}

json::object error_envelope(const hs_messages::error_text& error) { return envelope({nullptr, &error}); }

std::string_view string_member(const json::object& obj, std::string_view name) {
    const auto* v = obj.if_contains(name);
    return v && v->is_string() ? std::string_view(v->as_string()) : std::string_view{};
}

class hyperscript final : public emulator {
public:
    explicit hyperscript(asio::any_io_executor ex) : executor_(std::move(ex)) {}

    std::string_view name() const override { return "hyperscript"; }

    asio::awaitable<response> handle(request& req, const exchange_info&) override {
        const auto path = target_path(req.target());
        const bool get = req.method() == http::verb::get;
        if (path == "/_stand/session" && get) co_return new_session(req);
        if (latency_ms_ > 0) {
            asio::steady_timer timer(executor_, std::chrono::milliseconds(latency_ms_));
            co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        }
        if (path == "/" && get) co_return page(req);
        if (path == "/assets/app.js" && get) co_return asset(req, assets::app_js(), "text/javascript; charset=utf-8");
        if (path == "/assets/app.css" && get) co_return asset(req, assets::app_css(), "text/css; charset=utf-8");
        if (path == "/ajax" && req.method() == http::verb::post) co_return json_response(req, http::status::ok, rpc(req), json_type);
        co_return text_response(req, http::status::not_found, "Not found");
    }

    json::value state() const override { return store_.state(); }

    void reset() override {
        store_.reset();
        latency_ms_ = 0;
        down_ = false;
    }

    std::optional<std::string> set_quirks(const json::object& quirks) override {
        auto latency = latency_ms_;
        auto down = down_;
        for (const auto& kv : quirks) {
            if (kv.key() == "latency_ms") {
                const auto* n = kv.value().if_int64();
                if (!n || *n < 0 || *n > max_latency_ms)
                    return "latency_ms must be an integer from 0 to " + std::to_string(max_latency_ms);
                latency = *n;
            } else if (kv.key() == "down") {
                if (!kv.value().is_bool()) return "down must be a boolean";
                down = kv.value().as_bool();
            } else {
                return "unknown quirk: " + std::string(kv.key());
            }
        }
        latency_ms_ = latency;
        down_ = down;
        return std::nullopt;
    }

    json::object quirks() const override { return {{"latency_ms", latency_ms_}, {"down", down_}}; }

    bool down() const override { return down_; }

private:
    response new_session(const request& req) {
        const auto id = sessions_.create();
        return json_response(req, http::status::ok,
                             json::object{{"cookie", std::string(session_cookie) + "=" + id},
                                          {"csrf_token", *sessions_.token_of(id)}},
                             json_type);
    }

    // The app page, with the CSRF token of the visitor's session (a new session on a first visit).
    response page(const request& req) {
        auto session = std::string(cookie_value(req[http::field::cookie], session_cookie));
        const bool fresh = !sessions_.token_of(session);
        if (fresh) session = sessions_.create();
        std::string html(assets::index_html());
        const auto at = html.find(csrf_placeholder);
        if (at != std::string::npos) html.replace(at, csrf_placeholder.size(), *sessions_.token_of(session));
        auto res = make_response(req, http::status::ok, std::move(html), "text/html; charset=utf-8");
        res.set(http::field::cache_control, "no-store");
        if (fresh) res.set(http::field::set_cookie, set_cookie_header(session));
        return res;
    }

    static response asset(const request& req, std::string_view body, std::string_view type) {
        auto res = make_response(req, http::status::ok, std::string(body), type);
        res.set(http::field::cache_control, "no-cache");
        return res;
    }

    json::object rpc(const request& req) {
        const auto params = param_tree(req.body());
        if (!params) return error_envelope(hs_messages::bad_form);
        const auto session = cookie_value(req[http::field::cookie], session_cookie);
        if (!sessions_.valid(session, string_member(*params, "csrf_token")))
            return error_envelope(hs_messages::invalid_csrf);
        return envelope(store_.call(string_member(*params, "method"), *params, req.body()));
    }

    asio::any_io_executor executor_;
    script_store store_;
    sessions sessions_;  // kept across /_stand/reset so open pages and scripted sessions stay valid
    std::int64_t latency_ms_ = 0;
    bool down_ = false;
};

}  // namespace

std::unique_ptr<emulator> make_hyperscript(const options&, asio::any_io_executor ex) {
    return std::make_unique<hyperscript>(std::move(ex));
}

}  // namespace hs1c::stand
