#include "plugins/amocrm/routes.hpp"

#include "plugins/amocrm/gateway.hpp"
#include "plugins/amocrm/messages.hpp"
#include "plugins/amocrm/route_answers.hpp"
#include "proxy/http/codec.hpp"
#include "proxy/routing/plugin.hpp"
#include "proxy/server/local_responses.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include <charconv>

namespace hs1c::amocrm {

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
using routing::request_context;
using routing::response;

constexpr std::string_view state_path = "/admin/amocrm";
constexpr std::string_view unban_path = "/admin/amocrm/unban";
constexpr std::string_view leads_path = "/admin/amocrm/leads";
constexpr std::string_view lead_path = "/admin/amocrm/leads/{id}";
constexpr std::string_view onec_id_path = "/admin/amocrm/leads/{id}/onec-id";
constexpr std::string_view stage_path = "/admin/amocrm/leads/{id}/stage";
constexpr std::size_t admin_body_bytes = 16 * 1024;
constexpr std::string_view html_type = "text/html; charset=utf-8";

response no_store(response res) {
    res.set(http::field::cache_control, "no-store");
    return res;
}

response failed(const request_context& ctx, const failure& f) {
    return no_store(server::json_answer(ctx.req, static_cast<http::status>(http_status_for(f)), failure_json(f)));
}

response ok(const request_context& ctx, json::object body) {
    return no_store(server::json_answer(ctx.req, http::status::ok, body));
}

std::vector<hs1c::http::query_param> query_of(const request_context& ctx) {
    const std::string_view target = ctx.req.target();
    const auto q = target.find('?');
    return q == std::string_view::npos ? std::vector<hs1c::http::query_param>{}
                                       : hs1c::http::parse_query(target.substr(q + 1));
}

std::optional<std::string> param(const std::vector<hs1c::http::query_param>& params, std::string_view name) {
    for (const auto& p : params)
        if (p.name == name) return p.value;
    return std::nullopt;
}

// Digits only (from_chars takes no '+'), positive, within int64.
std::optional<std::int64_t> lead_id(std::string_view text) {
    std::int64_t id = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, id);
    if (ec != std::errc{} || ptr != end || id <= 0) return std::nullopt;
    return id;
}

// A string member of a JSON object body, or nullopt.
std::optional<std::string> body_string(const request_context& ctx, std::string_view key) {
    boost::system::error_code ec;
    const auto doc = json::parse(ctx.req.body(), ec);
    if (ec || !doc.is_object()) return std::nullopt;
    const auto* v = doc.get_object().if_contains(key);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string(v->get_string());
}

json::object resolution_json(const resolution& r) {
    json::object stages;
    for (const auto& [event, ids] : r.stages)
        stages[event] = json::object{{"pipeline_id", ids.pipeline_id}, {"status_id", ids.status_id}};
    json::array problems(r.problems.begin(), r.problems.end());
    json::array warnings(r.warnings.begin(), r.warnings.end());
    json::object out{
        {"stages", std::move(stages)}, {"problems", std::move(problems)}, {"warnings", std::move(warnings)}};
    if (r.onec_id_field)
        out["onec_id_field"] = *r.onec_id_field;
    else
        out["onec_id_field"] = nullptr;
    return out;
}

asio::awaitable<response> show_state(std::shared_ptr<gateway> gw, request_context& ctx) {
    const auto o = gw->describe();
    const auto& s = gw->settings();
    json::object stages;
    for (const auto& [event, names] : s.stages)
        stages[event] = json::object{{"pipeline", names.pipeline}, {"status", names.status}};
    json::object body{{"state", to_string(o.state)},
                      {"detail", o.detail},
                      {"mode", to_string(o.mode)},
                      {"authorised", o.has_tokens},
                      {"rps", s.rps},
                      {"allowance", o.allowance},
                      {"configured", json::object{{"onec_id_field", s.onec_id_field}, {"stages", std::move(stages)}}}};
    body["token_expires_at"] = o.token_expires_at ? json::value(*o.token_expires_at) : json::value(nullptr);
    body["resolved"] = o.resolved ? json::value(resolution_json(*o.resolved)) : json::value(nullptr);
    co_return ok(ctx, std::move(body));
}

asio::awaitable<response> show_lead(std::shared_ptr<gateway> gw, request_context& ctx) {
    const auto id = lead_id(ctx.param("id"));
    if (!id) co_return server::json_error(ctx.req, http::status::bad_request, "bad_lead_id", messages::bad_lead_id);
    auto r = co_await gw->get_lead(*id);
    if (!r.has_value()) co_return failed(ctx, r.error);
    co_return ok(ctx, json::object{{"lead", lead_json(*r.value)}});
}

asio::awaitable<response> find_leads(std::shared_ptr<gateway> gw, request_context& ctx) {
    const auto value = param(query_of(ctx), "onec_id");
    if (!value) co_return server::json_error(ctx.req, http::status::bad_request, "missing_onec_id", messages::missing_onec_id);
    auto r = co_await gw->find_by_onec_id(*value);
    if (!r.has_value()) co_return failed(ctx, r.error);
    json::array leads;
    for (const auto& l : *r.value) leads.push_back(lead_json(l));
    co_return ok(ctx, json::object{{"leads", std::move(leads)}});
}

asio::awaitable<response> write_onec_id(std::shared_ptr<gateway> gw, request_context& ctx) {
    const auto id = lead_id(ctx.param("id"));
    if (!id) co_return server::json_error(ctx.req, http::status::bad_request, "bad_lead_id", messages::bad_lead_id);
    auto value = body_string(ctx, "value");
    if (!value) co_return server::json_error(ctx.req, http::status::bad_request, "bad_body", messages::bad_body);
    auto r = co_await gw->write_onec_id(*id, std::move(*value));
    if (!r.has_value()) co_return failed(ctx, r.error);
    co_return ok(ctx, json::object{{"done", true}});
}

asio::awaitable<response> move_to_stage(std::shared_ptr<gateway> gw, request_context& ctx) {
    const auto id = lead_id(ctx.param("id"));
    if (!id) co_return server::json_error(ctx.req, http::status::bad_request, "bad_lead_id", messages::bad_lead_id);
    auto event = body_string(ctx, "event");
    if (!event) co_return server::json_error(ctx.req, http::status::bad_request, "bad_body", messages::bad_stage_body);
    auto r = co_await gw->move_to_stage(*id, std::move(*event));
    if (!r.has_value()) co_return failed(ctx, r.error);
    co_return ok(ctx, json::object{{"done", true}});
}

asio::awaitable<response> unban(std::shared_ptr<gateway> gw, request_context& ctx) {
    gw->unban();
    co_return ok(ctx, json::object{{"state", to_string(gw->state())}, {"detail", gw->state_detail()}});
}

// The page a browser shows after amoCRM's redirect, or JSON for a client that asks for it.
response callback_answer(const request_context& ctx, http::status status, std::string_view code,
                         std::string_view message) {
    const auto accept = ctx.req[http::field::accept];
    if (accept.find("application/json") != std::string_view::npos) {
        if (status == http::status::ok)
            return no_store(
                server::json_answer(ctx.req, status, json::object{{"authorised", true}, {"message", message}}));
        return server::json_error(ctx.req, status, code, message);
    }
    return no_store(server::text_answer(ctx.req, status, html_page(messages::page_title, message), html_type));
}

asio::awaitable<response> oauth_callback(std::shared_ptr<gateway> gw, request_context& ctx) {
    const auto params = query_of(ctx);
    if (gw->settings().mode != auth_mode::oauth)
        co_return callback_answer(ctx, http::status::conflict, "not_oauth", messages::not_oauth);
    if (param(params, "error"))
        co_return callback_answer(ctx, http::status::bad_request, "access_denied", messages::access_denied);
    auto code = param(params, "code");
    if (!code || code->empty()) co_return callback_answer(ctx, http::status::bad_request, "no_code", messages::no_code);
    auto r = co_await gw->authorise(std::move(*code));
    if (r.has_value()) co_return callback_answer(ctx, http::status::ok, "authorised", messages::authorised);
    switch (r.error.kind) {
        case failure_kind::banned:
            co_return callback_answer(ctx, http::status::service_unavailable, "banned", messages::amo_banned);
        case failure_kind::throttled:
            co_return callback_answer(ctx, http::status::service_unavailable, "throttled", messages::amo_throttled);
        case failure_kind::unavailable:
            co_return callback_answer(ctx, http::status::bad_gateway, "unavailable", messages::amo_unavailable);
        default:
            break;
    }
    co_return callback_answer(ctx, http::status::bad_request, "code_refused", messages::code_refused);
}

}  // namespace

void register_routes(routing::plugin_registry& registry, std::shared_ptr<gateway> gw) {
    const routing::route_options admin{routing::listener_kind::admin, admin_body_bytes};
    registry.add_route(
        "GET", std::string(state_path), [gw](request_context& ctx) { return show_state(gw, ctx); }, admin);
    registry.add_route(
        "POST", std::string(unban_path), [gw](request_context& ctx) { return unban(gw, ctx); }, admin);
    registry.add_route(
        "GET", std::string(leads_path), [gw](request_context& ctx) { return find_leads(gw, ctx); }, admin);
    registry.add_route(
        "GET", std::string(lead_path), [gw](request_context& ctx) { return show_lead(gw, ctx); }, admin);
    registry.add_route(
        "POST", std::string(onec_id_path), [gw](request_context& ctx) { return write_onec_id(gw, ctx); }, admin);
    registry.add_route(
        "POST", std::string(stage_path), [gw](request_context& ctx) { return move_to_stage(gw, ctx); }, admin);
    registry.add_route("GET", std::string(callback_path),
                       [gw](request_context& ctx) { return oauth_callback(gw, ctx); });
}

}  // namespace hs1c::amocrm
