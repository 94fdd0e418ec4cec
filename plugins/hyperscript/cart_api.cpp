#include "plugins/hyperscript/cart_api.hpp"

#include "plugins/hyperscript/cart.hpp"
#include "plugins/hyperscript/cart_store.hpp"
#include "plugins/hyperscript/messages.hpp"
#include "plugins/nomenclature/answers.hpp"
#include "plugins/nomenclature/query.hpp"
#include "plugins/nomenclature/service.hpp"
#include "proxy/routing/plugin.hpp"
#include "proxy/server/local_responses.hpp"
#include "proxy/store/database.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

namespace hs1c::hyperscript {

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using routing::request_context;
using routing::response;

constexpr std::string_view carts_path = "/_hs1c/api/v1/carts";
constexpr std::string_view cart_path = "/_hs1c/api/v1/carts/{cart}";
constexpr std::string_view lines_path = "/_hs1c/api/v1/carts/{cart}/lines";
constexpr std::string_view line_path = "/_hs1c/api/v1/carts/{cart}/lines/{line}";
// Cart requests are tiny; anything bigger is refused with 413 before it is read.
constexpr std::size_t cart_body_bytes = 16 * 1024;

struct api_state {
    settings rules;
    std::shared_ptr<nomenclature::service> nomenclature;
    store::database& db;
};
using state_ptr = std::shared_ptr<const api_state>;

response no_store(response res) {
    res.set(http::field::cache_control, "no-store");
    return res;
}

response error(const request_context& ctx, http::status status, std::string_view code, std::string_view message) {
    return no_store(server::json_error(ctx.req, status, code, message));
}

response cart_answer(const request_context& ctx, http::status status, const cart& c) {
    return no_store(server::json_answer(ctx.req, status, cart_json(c)));
}

response onec_error(const request_context& ctx, const onec::failure& f) {
    const auto e = nomenclature::error_for(f);
    auto res = server::json_answer(ctx.req, e.status, nomenclature::error_json(e));
    if (e.retry_after) res.set(http::field::retry_after, std::to_string(e.retry_after->count()));
    return no_store(std::move(res));
}

const boost::json::object* json_object_body(const request_context& ctx, boost::json::value& holder) {
    boost::system::error_code ec;
    holder = boost::json::parse(ctx.req.body(), ec);
    return ec ? nullptr : holder.if_object();
}

response changed_answer(const request_context& ctx, const cart_store::changed& c, http::status ok_status) {
    switch (c.outcome) {
        case cart_store::change::cart_missing:
            return error(ctx, http::status::not_found, "cart_not_found", messages::cart_not_found);
        case cart_store::change::line_missing:
            return error(ctx, http::status::not_found, "line_not_found", messages::line_not_found);
        case cart_store::change::cart_full:
            return error(ctx, http::status::conflict, "cart_full", messages::cart_full);
        case cart_store::change::done:
            break;
    }
    return cart_answer(ctx, ok_status, *c.after);
}

// An optional id in a body: absent or null → nullopt in `out`; otherwise it must be a valid id.
bool optional_id(const boost::json::object& body, std::string_view key, std::optional<std::string>& out) {
    const auto* v = body.if_contains(key);
    if (!v || v->is_null()) return true;
    if (!v->is_string() || !nomenclature::is_valid_id(v->get_string())) return false;
    if (!v->get_string().empty()) out = std::string(v->get_string());
    return true;
}

const onec::named* find_named(const std::vector<onec::named>& list, std::string_view id) {
    auto it = std::find_if(list.begin(), list.end(), [&](const onec::named& n) { return n.id == id; });
    return it == list.end() ? nullptr : &*it;
}

asio::awaitable<response> create_cart(state_ptr st, request_context& ctx) {
    boost::json::value holder;
    const auto* body = json_object_body(ctx, holder);
    if (!body) co_return error(ctx, http::status::bad_request, "bad_body", messages::bad_body);
    const auto* script = body->if_contains("script_id");
    const auto* field = body->if_contains("field_id");
    auto script_id = script ? page_id(*script) : std::nullopt;
    auto field_id = field ? page_id(*field) : std::nullopt;
    if (!script_id || !field_id) co_return error(ctx, http::status::bad_request, "bad_ids", messages::bad_ids);
    cart c;
    c.id = new_uuid();
    c.script_id = std::move(*script_id);
    c.field_id = std::move(*field_id);
    if (const auto* context = body->if_contains("context")) c.context = context_from(*context, st->rules.context_params);
    auto insert = [c](store::connection& db) { cart_store::create(db, c); };
    co_await st->db.run(std::move(insert));
    co_return cart_answer(ctx, http::status::created, c);
}

asio::awaitable<response> read_cart(state_ptr st, request_context& ctx) {
    const auto id = std::string(ctx.param("cart"));
    if (!is_uuid(id)) co_return error(ctx, http::status::not_found, "cart_not_found", messages::cart_not_found);
    auto load = [id](store::connection& db) { return cart_store::load(db, id); };
    auto c = co_await st->db.run(std::move(load));
    if (!c) co_return error(ctx, http::status::not_found, "cart_not_found", messages::cart_not_found);
    co_return cart_answer(ctx, http::status::ok, *c);
}

asio::awaitable<response> add_line(state_ptr st, request_context& ctx) {
    const auto cart_id = std::string(ctx.param("cart"));
    if (!is_uuid(cart_id)) co_return error(ctx, http::status::not_found, "cart_not_found", messages::cart_not_found);
    boost::json::value holder;
    const auto* body = json_object_body(ctx, holder);
    if (!body) co_return error(ctx, http::status::bad_request, "bad_body", messages::bad_body);
    const auto* item_v = body->if_contains("item_id");
    std::optional<std::string> parameter_id;
    std::optional<std::string> value_id;
    if (!item_v || !item_v->is_string() || !nomenclature::is_valid_id(item_v->get_string()) ||
        !optional_id(*body, "parameter_id", parameter_id) || !optional_id(*body, "value_id", value_id))
        co_return error(ctx, http::status::bad_request, "bad_body", messages::bad_body);
    quantity_milli quantity = quantity_scale;
    if (const auto* q = body->if_contains("quantity")) {
        auto parsed = parse_quantity(*q);
        if (!parsed) co_return error(ctx, http::status::bad_request, "bad_quantity", messages::bad_quantity);
        quantity = *parsed;
    }
    if (!st->nomenclature)
        co_return error(ctx, http::status::service_unavailable, "onec_not_configured", messages::onec_not_configured);
    // A missing cart is the first thing to say (and spares 1C a lookup); add_line checks again.
    auto check = [cart_id](store::connection& db) { return cart_store::exists(db, cart_id); };
    if (!co_await st->db.run(std::move(check)))
        co_return error(ctx, http::status::not_found, "cart_not_found", messages::cart_not_found);

    const std::string item_id(item_v->get_string());
    auto item = st->nomenclature->known_item(item_id);
    if (!item) co_return error(ctx, http::status::conflict, "item_unknown", messages::item_unknown);

    cart_line line;
    line.id = new_uuid();
    line.item = std::move(*item);
    line.quantity = quantity;
    // Parameters and values come from 1C (through the cache): the page only names ids.
    auto params = co_await st->nomenclature->parameters(item_id);
    if (params.error) co_return onec_error(ctx, *params.error);
    const auto& param_list = params.answer->list;
    if (param_list.empty()) {
        if (parameter_id)
            co_return error(ctx, http::status::bad_request, "parameter_not_allowed", messages::parameter_not_allowed);
    } else {
        if (!parameter_id) co_return error(ctx, http::status::bad_request, "parameter_required", messages::parameter_required);
        const auto* p = find_named(param_list, *parameter_id);
        if (!p) co_return error(ctx, http::status::bad_request, "parameter_unknown", messages::parameter_unknown);
        line.parameter = *p;
        auto values = co_await st->nomenclature->values(item_id, *parameter_id);
        if (values.error) co_return onec_error(ctx, *values.error);
        const auto& value_list = values.answer->list;
        if (value_list.empty()) {
            if (value_id) co_return error(ctx, http::status::bad_request, "value_not_allowed", messages::value_not_allowed);
        } else {
            if (!value_id) co_return error(ctx, http::status::bad_request, "value_required", messages::value_required);
            const auto* v = find_named(value_list, *value_id);
            if (!v) co_return error(ctx, http::status::bad_request, "value_unknown", messages::value_unknown);
            line.value = *v;
        }
    }
    if (!line.parameter && value_id)
        co_return error(ctx, http::status::bad_request, "value_not_allowed", messages::value_not_allowed);

    const auto max_lines = st->rules.max_cart_lines;
    auto add = [cart_id, line, max_lines](store::connection& db) {
        return cart_store::add_line(db, cart_id, line, max_lines);
    };
    auto changed = co_await st->db.run(std::move(add));
    co_return changed_answer(ctx, changed, http::status::created);
}

asio::awaitable<response> change_quantity(state_ptr st, request_context& ctx) {
    const auto cart_id = std::string(ctx.param("cart"));
    const auto line_id = std::string(ctx.param("line"));
    if (!is_uuid(cart_id)) co_return error(ctx, http::status::not_found, "cart_not_found", messages::cart_not_found);
    if (!is_uuid(line_id)) co_return error(ctx, http::status::not_found, "line_not_found", messages::line_not_found);
    boost::json::value holder;
    const auto* body = json_object_body(ctx, holder);
    if (!body) co_return error(ctx, http::status::bad_request, "bad_body", messages::bad_body);
    const auto* q = body->if_contains("quantity");
    const auto quantity = q ? parse_quantity(*q) : std::nullopt;
    if (!quantity) co_return error(ctx, http::status::bad_request, "bad_quantity", messages::bad_quantity);
    auto update = [cart_id, line_id, q = *quantity](store::connection& db) {
        return cart_store::set_quantity(db, cart_id, line_id, q);
    };
    auto changed = co_await st->db.run(std::move(update));
    co_return changed_answer(ctx, changed, http::status::ok);
}

asio::awaitable<response> delete_line(state_ptr st, request_context& ctx) {
    const auto cart_id = std::string(ctx.param("cart"));
    const auto line_id = std::string(ctx.param("line"));
    if (!is_uuid(cart_id)) co_return error(ctx, http::status::not_found, "cart_not_found", messages::cart_not_found);
    if (!is_uuid(line_id)) co_return error(ctx, http::status::not_found, "line_not_found", messages::line_not_found);
    auto remove = [cart_id, line_id](store::connection& db) { return cart_store::remove_line(db, cart_id, line_id); };
    auto changed = co_await st->db.run(std::move(remove));
    co_return changed_answer(ctx, changed, http::status::ok);
}

}  // namespace

void register_cart_api(routing::plugin_registry& registry, const settings& s,
                       std::shared_ptr<nomenclature::service> nomenclature) {
    auto st = std::make_shared<const api_state>(api_state{s, std::move(nomenclature), registry.core().store});
    const routing::route_options small{routing::listener_kind::public_side, cart_body_bytes};
    registry.add_route("POST", std::string(carts_path),
                       [st](request_context& ctx) { return create_cart(st, ctx); }, small);
    registry.add_route("GET", std::string(cart_path),
                       [st](request_context& ctx) { return read_cart(st, ctx); }, small);
    registry.add_route("POST", std::string(lines_path),
                       [st](request_context& ctx) { return add_line(st, ctx); }, small);
    registry.add_route("PUT", std::string(line_path),
                       [st](request_context& ctx) { return change_quantity(st, ctx); }, small);
    registry.add_route("DELETE", std::string(line_path),
                       [st](request_context& ctx) { return delete_line(st, ctx); }, small);
}

}  // namespace hs1c::hyperscript
