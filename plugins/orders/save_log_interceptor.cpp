#include "plugins/orders/save_log_interceptor.hpp"

#include "plugins/hyperscript/cart_store.hpp"
#include "plugins/hyperscript/plugin.hpp"
#include "plugins/hyperscript/rpc.hpp"
#include "plugins/hyperscript/script_fields.hpp"
#include "plugins/orders/messages.hpp"
#include "plugins/orders/order_builder.hpp"
#include "plugins/orders/save_log.hpp"
#include "plugins/orders/service.hpp"
#include "proxy/http/codec.hpp"
#include "proxy/observe/log.hpp"
#include "proxy/routing/plugin.hpp"
#include "proxy/server/local_responses.hpp"
#include "proxy/store/database.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <unordered_map>

namespace hs1c::orders {

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using routing::request_context;
using routing::response;

// The header the injected UI reads to tell the operator what became of the order.
constexpr std::string_view notice_header = "X-Hs1c-Orders";
// Notices of requests whose answer never came are dropped after this long.
constexpr std::chrono::minutes notice_lifetime{5};

// Per request id: what to tell the browser, from the request phase to the response phase.
class notice_board {
public:
    void put(std::string request_id, std::string text) {
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard lock(mutex_);
        std::erase_if(items_, [&](const auto& kv) { return now - kv.second.second > notice_lifetime; });
        items_[std::move(request_id)] = {std::move(text), now};
    }
    std::optional<std::string> take(std::string_view request_id) {
        std::lock_guard lock(mutex_);
        auto it = items_.find(std::string(request_id));
        if (it == items_.end()) return std::nullopt;
        auto text = std::move(it->second.first);
        items_.erase(it);
        return text;
    }

private:
    std::mutex mutex_;
    std::unordered_map<std::string, std::pair<std::string, std::chrono::steady_clock::time_point>> items_;
};

struct interceptor_state {
    interceptor_state(std::shared_ptr<order_service> s, std::shared_ptr<const hyperscript::settings> h, store::database& d)
        : service(std::move(s)), hs(std::move(h)), db(d) {}

    std::shared_ptr<order_service> service;
    std::shared_ptr<const hyperscript::settings> hs;
    store::database& db;
    notice_board notices;
};
using state_ptr = std::shared_ptr<interceptor_state>;

// HyperScript's own error envelope, so its page shows msg_ru to the operator.
response not_saved(const request_context& ctx) {
    return server::json_answer(ctx.req, http::status::ok,
                               boost::json::object{{"status", 1}, {"msg", "hs1c: the order could not be saved"},
                                                   {"msg_ru", messages::not_saved}});
}

asio::awaitable<std::optional<response>> on_request(state_ptr st, request_context& ctx) {
    const std::string body = ctx.req.body();  // the views of `view` point into this copy
    if (hyperscript::form_value(body, "method") != st->hs->methods.save_log) co_return std::nullopt;
    auto view = parse_save_log(body);
    if (!view) {
        observe::log_warn("save_log not understood; forwarded untouched", {{"request_id", ctx.request_id}});
        co_return std::nullopt;
    }
    std::vector<std::pair<const logged_field*, std::string>> refs;
    for (const auto& f : view->fields) {
        if (f.values.size() != 1 || !f.value_pair) continue;
        if (auto cart = cart_reference(f.values.front(), hyperscript::cart_value_prefix)) refs.emplace_back(&f, *cart);
    }
    if (refs.empty()) co_return std::nullopt;

    auto fields_of = [script = view->script_id](store::connection& db) { return hyperscript::script_fields(db, script); };
    const auto known = co_await st->db.run(std::move(fields_of));
    std::vector<std::pair<std::size_t, std::string>> replacements;
    boost::json::array notices;
    for (const auto& [field, cart_id] : refs) {
        auto load = [id = cart_id](store::connection& db) { return hyperscript::cart_store::load(db, id); };
        auto c = co_await st->db.run(std::move(load));
        if (!c || c->script_id != view->script_id || c->field_id != field->id) {
            observe::log_warn("save_log names a cart that is unknown or not this field's; forwarded untouched",
                              {{"request_id", ctx.request_id}, {"script_id", view->script_id}, {"field_id", field->id}});
            continue;
        }
        if (c->lines.empty()) {
            replacements.emplace_back(*field->value_pair, std::string(messages::empty_cart));
            continue;
        }
        const auto lead = resolve_deal(st->service->settings().deal_id, known, *view, *c);
        outbox_row row;
        row.cart_id = c->id;
        row.script_id = c->script_id;
        row.lead_id = lead;
        row.payload = boost::json::serialize(
            build_order(*c, lead, local_timestamp(), *view, known, st->service->settings(), hyperscript::cart_value_prefix));
        row.summary = summary(*c, std::nullopt);
        outbox_row after;
        try {
            after = co_await st->service->accept(std::move(row));
        } catch (const std::exception& e) {
            observe::log_error("order not committed; save_log refused", {{"request_id", ctx.request_id},
                                                                         {"cart_id", c->id}, {"error", e.what()}});
            co_return not_saved(ctx);
        }
        const bool sent = !after.onec_id.empty();
        replacements.emplace_back(*field->value_pair, summary(*c, sent ? std::optional(after.onec_number) : std::nullopt));
        notices.push_back(boost::json::object{{"cart", c->id}, {"state", sent ? "sent" : "queued"},
                                              {"number", after.onec_number}});
    }
    if (replacements.empty()) co_return std::nullopt;
    ctx.req.body() = hs1c::http::replace_form_values(body, view->pairs, replacements);
    if (!notices.empty()) st->notices.put(std::string(ctx.request_id), hs1c::http::percent_encode(boost::json::serialize(notices)));
    co_return std::nullopt;
}

asio::awaitable<void> on_response(state_ptr st, request_context& ctx, response& res) {
    if (auto notice = st->notices.take(ctx.request_id)) res.set(notice_header, *notice);
    co_return;
}

}  // namespace

void register_save_log_interceptor(routing::plugin_registry& registry, std::shared_ptr<order_service> service) {
    auto hs = hyperscript::settings_from(registry);
    auto st = std::make_shared<interceptor_state>(std::move(service), hs, registry.core().store);
    const routing::traffic_match rpc{"POST", hs->rpc_path, ""};
    registry.add_request_interceptor(rpc, [st](request_context& ctx) { return on_request(st, ctx); });
    registry.add_response_interceptor(rpc, [st](request_context& ctx, response& res) { return on_response(st, ctx, res); });
}

}  // namespace hs1c::orders
