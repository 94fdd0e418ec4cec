#include "plugins/orders/admin.hpp"

#include "plugins/hyperscript/cart.hpp"
#include "plugins/orders/outbox.hpp"
#include "plugins/orders/service.hpp"
#include "proxy/http/codec.hpp"
#include "proxy/observe/log.hpp"
#include "proxy/routing/plugin.hpp"
#include "proxy/server/local_responses.hpp"
#include "proxy/store/database.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

namespace hs1c::orders {

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using routing::request_context;
using routing::response;

constexpr std::size_t list_limit = 500;

boost::json::object row_json(const outbox_row& r, bool with_payload) {
    boost::json::object o{{"cart_id", r.cart_id},
                          {"script_id", r.script_id},
                          {"state", state_name(r.state)},
                          {"reason", r.reason},
                          {"attempts", r.attempts},
                          {"onec_id", r.onec_id},
                          {"onec_number", r.onec_number},
                          {"summary", r.summary},
                          {"created_at", r.created_at},
                          {"updated_at", r.updated_at}};
    o["lead_id"] = r.lead_id ? boost::json::value(*r.lead_id) : boost::json::value(nullptr);
    if (r.next_at_ms > 0 && (r.state == state::pending_1c || r.state == state::pending_amocrm)) o["next_at_ms"] = r.next_at_ms;
    if (with_payload) {
        boost::system::error_code ec;
        auto payload = boost::json::parse(r.payload, ec);
        o["order"] = ec ? boost::json::value(r.payload) : std::move(payload);
    }
    return o;
}

struct admin_state {
    std::shared_ptr<order_service> service;
    store::database& db;
};
using state_ptr = std::shared_ptr<const admin_state>;

asio::awaitable<response> list_orders(state_ptr st, request_context& ctx) {
    std::optional<state> only;
    const std::string_view target = ctx.req.target();
    if (const auto q = target.find('?'); q != std::string_view::npos) {
        for (const auto& p : hs1c::http::parse_query(target.substr(q + 1))) {
            if (p.name != "state" || p.value.empty()) continue;
            only = parse_state(p.value);
            if (!only)
                co_return server::json_error(ctx.req, http::status::bad_request, "bad_state",
                                "state must be pending_1c, pending_amocrm, done, unlinked or parked");
        }
    }
    auto fetch = [only](store::connection& db) { return outbox::list(db, only, list_limit); };
    const auto rows = co_await st->db.run(std::move(fetch));
    boost::json::array out;
    for (const auto& r : rows) out.push_back(row_json(r, true));
    co_return server::json_answer(ctx.req, http::status::ok, boost::json::object{{"orders", std::move(out)}});
}

asio::awaitable<response> retry_order(state_ptr st, request_context& ctx) {
    const auto id = std::string(ctx.param("id"));
    auto requeue = [id](store::connection& db) { return outbox::requeue(db, id); };
    if (!co_await st->db.run(std::move(requeue)))
        co_return server::json_error(ctx.req, http::status::not_found, "not_found", "no order to retry for this cart (unknown or done)");
    observe::log_info("order put back to work by an operator", {{"cart_id", id}});
    st->service->wake();
    co_return server::json_answer(ctx.req, http::status::ok, boost::json::object{{"requeued", id}});
}

// For the injected UI: what became of a cart's order (the cart id is the capability).
asio::awaitable<response> cart_order(state_ptr st, request_context& ctx) {
    const auto id = std::string(ctx.param("cart"));
    if (!hyperscript::is_uuid(id)) co_return server::json_error(ctx.req, http::status::not_found, "order_not_found", "Заказ не найден.");
    auto find = [id](store::connection& db) { return outbox::find(db, id); };
    const auto row = co_await st->db.run(std::move(find));
    if (!row) co_return server::json_error(ctx.req, http::status::not_found, "order_not_found", "Заказ не найден.");
    auto res = server::json_answer(ctx.req, http::status::ok,
                                   boost::json::object{{"state", state_name(row->state)}, {"number", row->onec_number}});
    res.set(http::field::cache_control, "no-store");
    co_return res;
}

}  // namespace

void register_outbox_routes(routing::plugin_registry& registry, std::shared_ptr<order_service> service) {
    auto st = std::make_shared<const admin_state>(admin_state{std::move(service), registry.core().store});
    const routing::route_options admin{routing::listener_kind::admin, std::nullopt};
    registry.add_route("GET", "/admin/outbox", [st](request_context& ctx) { return list_orders(st, ctx); }, admin);
    registry.add_route("POST", "/admin/outbox/{id}/retry", [st](request_context& ctx) { return retry_order(st, ctx); },
                       admin);
    registry.add_route("GET", "/_hs1c/api/v1/carts/{cart}/order",
                       [st](request_context& ctx) { return cart_order(st, ctx); });
}

}  // namespace hs1c::orders
