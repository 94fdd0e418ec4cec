// Registers the nomenclature API (DESIGN §7): search, parameters and values routes over the shared
// 1C gateway, and the cache invalidation route 1C calls with the status-event credentials.
#include "plugins/nomenclature/answers.hpp"
#include "plugins/nomenclature/messages.hpp"
#include "plugins/nomenclature/plugin.hpp"
#include "plugins/nomenclature/service.hpp"
#include "plugins/nomenclature/settings.hpp"
#include "plugins/onec/basic_auth.hpp"
#include "plugins/onec/gateway.hpp"
#include "plugins/onec/plugin.hpp"
#include "proxy/config/rules.hpp"
#include "proxy/http/codec.hpp"
#include "proxy/observe/log.hpp"
#include "proxy/routing/plugin.hpp"
#include "proxy/routing/plugin_section.hpp"
#include "proxy/server/local_responses.hpp"

#include <boost/json/parse.hpp>

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace nm = hs1c::nomenclature;
using hs1c::routing::request_context;
using hs1c::routing::response;

constexpr std::string_view section = "nomenclature";
constexpr std::string_view search_path = "/_hs1c/api/v1/nomenclature";
constexpr std::string_view parameters_path = "/_hs1c/api/v1/nomenclature/{item}/parameters";
constexpr std::string_view values_path = "/_hs1c/api/v1/nomenclature/{item}/parameters/{parameter}/values";
constexpr std::string_view invalidate_path = "/_hs1c/1c/invalidate";
constexpr std::string_view basic_realm = "Basic realm=\"hs1c\", charset=\"UTF-8\"";

std::string with_number(std::string_view tmpl, std::size_t n) {
    std::string out(tmpl);
    if (auto at = out.find("{}"); at != std::string::npos) out.replace(at, 2, std::to_string(n));
    return out;
}

response no_store(response res) {
    // Answers change with 1C and carry a stale mark: browsers must ask again.
    res.set(http::field::cache_control, "no-store");
    return res;
}

response reply(const request_context& ctx, const nm::served& s, boost::json::object body) {
    if (s.error) {
        const auto e = nm::error_for(*s.error);
        auto res = hs1c::server::json_answer(ctx.req, e.status, nm::error_json(e));
        if (e.retry_after) res.set(http::field::retry_after, std::to_string(e.retry_after->count()));
        return no_store(std::move(res));
    }
    return no_store(hs1c::server::json_answer(ctx.req, http::status::ok, body));
}

std::vector<hs1c::http::query_param> query_of(const request_context& ctx) {
    const std::string_view target = ctx.req.target();
    const auto q = target.find('?');
    return q == std::string_view::npos ? std::vector<hs1c::http::query_param>{}
                                       : hs1c::http::parse_query(target.substr(q + 1));
}

// The last value of a parameter, as browsers' URLSearchParams.get would take the first: either is
// fine for our single-valued parameters; the first is what people expect.
std::string first_param(const std::vector<hs1c::http::query_param>& params, std::string_view name) {
    for (const auto& p : params) {
        if (p.name == name) return p.value;
    }
    return {};
}

asio::awaitable<response> handle_search(std::shared_ptr<nm::service> svc, request_context& ctx) {
    const auto params = query_of(ctx);
    const auto cart = first_param(params, "cart");
    if (!cart.empty() && !nm::is_valid_id(cart)) co_return hs1c::server::json_error(ctx.req, http::status::bad_request, "bad_cart", nm::messages::bad_cart);
    auto normalised = nm::normalise_query(first_param(params, "q"), svc->settings().query);
    if (const auto* problem = std::get_if<nm::query_problem>(&normalised)) {
        switch (*problem) {
            case nm::query_problem::too_short:
                co_return hs1c::server::json_error(ctx.req, http::status::bad_request, "query_too_short",
                                with_number(nm::messages::query_too_short, svc->settings().query.min_letters));
            case nm::query_problem::too_long:
                co_return hs1c::server::json_error(ctx.req, http::status::bad_request, "query_too_long",
                                with_number(nm::messages::query_too_long, svc->settings().query.max_chars));
            case nm::query_problem::invalid_utf8:
            case nm::query_problem::control_characters:
                break;
        }
        co_return hs1c::server::json_error(ctx.req, http::status::bad_request, "query_invalid", nm::messages::query_invalid);
    }
    auto s = co_await svc->search(std::move(std::get<nm::normalised_query>(normalised)), cart);
    co_return reply(ctx, s, nm::search_json(s));
}

asio::awaitable<response> handle_parameters(std::shared_ptr<nm::service> svc, request_context& ctx) {
    const auto item = std::string(ctx.param("item"));
    if (!nm::is_valid_id(item)) co_return hs1c::server::json_error(ctx.req, http::status::bad_request, "bad_id", nm::messages::bad_id);
    auto s = co_await svc->parameters(item);
    co_return reply(ctx, s, nm::list_json("parameters", s));
}

asio::awaitable<response> handle_values(std::shared_ptr<nm::service> svc, request_context& ctx) {
    const auto item = std::string(ctx.param("item"));
    const auto parameter = std::string(ctx.param("parameter"));
    if (!nm::is_valid_id(item) || !nm::is_valid_id(parameter))
        co_return hs1c::server::json_error(ctx.req, http::status::bad_request, "bad_id", nm::messages::bad_id);
    auto s = co_await svc->values(item, parameter);
    co_return reply(ctx, s, nm::list_json("values", s));
}

asio::awaitable<response> handle_invalidate(std::shared_ptr<nm::service> svc,
                                            std::shared_ptr<hs1c::onec::gateway> gateway, request_context& ctx) {
    const auto& onec = gateway->settings();
    const auto given = hs1c::onec::parse_basic_authorization(ctx.req[http::field::authorization]);
    if (onec.inbound_user.empty() || !given ||
        !hs1c::onec::credentials_match(*given, onec.inbound_user, onec.inbound_password)) {
        auto res = hs1c::server::json_error(ctx.req, http::status::unauthorized, "unauthorized", nm::messages::unauthorized);
        res.set(http::field::www_authenticate, basic_realm);
        co_return res;
    }
    boost::system::error_code ec;
    auto body = boost::json::parse(ctx.req.body(), ec);
    const auto* obj = ec ? nullptr : body.if_object();
    if (!obj) co_return hs1c::server::json_error(ctx.req, http::status::bad_request, "bad_body", nm::messages::bad_invalidate_body);
    std::size_t dropped = 0;
    if (const auto* all = obj->if_contains("all"); all && all->is_bool() && all->get_bool()) {
        dropped = svc->invalidate_all();
    } else if (const auto* ids = obj->if_contains("ids"); ids && ids->is_array()) {
        std::vector<std::string> list;
        for (const auto& id : ids->get_array()) {
            if (!id.is_string()) co_return hs1c::server::json_error(ctx.req, http::status::bad_request, "bad_body", nm::messages::bad_invalidate_body);
            list.emplace_back(id.get_string());
        }
        dropped = svc->invalidate(list);
    } else {
        co_return hs1c::server::json_error(ctx.req, http::status::bad_request, "bad_body", nm::messages::bad_invalidate_body);
    }
    hs1c::observe::log_info("nomenclature cache invalidated by 1C", {{"dropped", dropped}});
    co_return hs1c::server::json_answer(ctx.req, http::status::ok, boost::json::object{{"dropped", dropped}});
}

// Registered when 1C is not configured: the API answers with a clear error instead of a 404.
asio::awaitable<response> handle_unconfigured(request_context& ctx) {
    co_return hs1c::server::json_error(ctx.req, http::status::service_unavailable, "onec_not_configured", nm::messages::onec_not_configured);
}

}  // namespace

namespace hs1c::nomenclature {

namespace {

constexpr std::string_view service_key = "nomenclature.service";

// Reads (and checks, recording problems) the "nomenclature" section.
settings read_section(routing::plugin_registry& registry) {
    return routing::read_plugin_section<settings>(registry, section, read_settings);
}

std::shared_ptr<service> make_service(routing::plugin_registry& registry) {
    auto gateway = onec::gateway_from(registry);
    if (!gateway) return nullptr;
    return std::make_shared<service>(read_section(registry), std::move(gateway), registry.core().metrics);
}

}  // namespace

std::shared_ptr<service> service_from(routing::plugin_registry& registry) {
    return registry.shared<service>(service_key, [&] { return make_service(registry); });
}

}  // namespace hs1c::nomenclature

void hs1c_register_nomenclature(hs1c::routing::plugin_registry& registry) {
    registry.claim_section(std::string(section));
    auto svc = nm::service_from(registry);
    if (!svc) {
        nm::read_section(registry);  // still checked, so --check reports its problems
        for (auto p : {search_path, parameters_path, values_path})
            registry.add_route("GET", std::string(p), handle_unconfigured);
        return;
    }
    auto gateway = hs1c::onec::gateway_from(registry);
    registry.add_route("GET", std::string(search_path),
                       [svc](request_context& ctx) { return handle_search(svc, ctx); });
    registry.add_route("GET", std::string(parameters_path),
                       [svc](request_context& ctx) { return handle_parameters(svc, ctx); });
    registry.add_route("GET", std::string(values_path),
                       [svc](request_context& ctx) { return handle_values(svc, ctx); });
    registry.add_route("POST", std::string(invalidate_path),
                       [svc, gateway](request_context& ctx) { return handle_invalidate(svc, gateway, ctx); });
}
