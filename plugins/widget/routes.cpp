#include "plugins/widget/routes.hpp"

#include "plugins/amocrm/gateway.hpp"
#include "plugins/nomenclature/answers.hpp"
#include "plugins/nomenclature/query.hpp"
#include "plugins/onec/gateway.hpp"
#include "plugins/orders/outbox.hpp"
#include "plugins/widget/cors.hpp"
#include "plugins/widget/messages.hpp"
#include "proxy/observe/log.hpp"
#include "proxy/observe/metrics.hpp"
#include "proxy/routing/plugin.hpp"
#include "proxy/server/local_responses.hpp"
#include "proxy/store/database.hpp"

#include <boost/json/array.hpp>

#include <charconv>
#include <mutex>
#include <unordered_map>

namespace hs1c::widget {

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using routing::request_context;
using routing::response;

constexpr std::string_view lead_path = "/_hs1c/widget/v1/leads/{lead}/order";
constexpr std::string_view order_path = "/_hs1c/widget/v1/orders/{id}";
constexpr std::chrono::seconds onec_deadline{20};
constexpr std::size_t cached_orders_max = 1000;

// Orders as 1C gave them, for a short while: a manager opening and closing the modal should not
// make 1C work each time.
class order_cache {
public:
    explicit order_cache(std::chrono::milliseconds ttl) : ttl_(ttl) {}
    std::optional<boost::json::object> get(const std::string& id) {
        std::lock_guard lock(mutex_);
        auto it = items_.find(id);
        if (it == items_.end() || std::chrono::steady_clock::now() - it->second.second > ttl_) return std::nullopt;
        return it->second.first;
    }
    void put(const std::string& id, boost::json::object order) {
        if (ttl_.count() == 0) return;
        std::lock_guard lock(mutex_);
        if (items_.size() >= cached_orders_max) items_.clear();  // crude, bounded; entries are cheap to refetch
        items_[id] = {std::move(order), std::chrono::steady_clock::now()};
    }

private:
    std::chrono::milliseconds ttl_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::pair<boost::json::object, std::chrono::steady_clock::time_point>> items_;
};

struct api_state {
    api_state(settings s, std::shared_ptr<onec::gateway> o, std::shared_ptr<amocrm::gateway> a, store::database& d,
              observe::metrics& m)
        : rules(std::move(s)), onec(std::move(o)), amocrm(std::move(a)), db(d), cache(rules.order_cache), metrics(m) {}

    settings rules;
    std::shared_ptr<onec::gateway> onec;
    std::shared_ptr<amocrm::gateway> amocrm;
    store::database& db;
    order_cache cache;
    observe::metrics& metrics;
};
using state_ptr = std::shared_ptr<api_state>;

response with_cors(const api_state& st, const request_context& ctx, response res) {
    add_cors(res, ctx.req[http::field::origin], st.rules.origins);
    res.set(http::field::cache_control, "no-store");
    return res;
}

response error(const api_state& st, const request_context& ctx, http::status status, std::string_view code,
               std::string_view message) {
    return with_cors(st, ctx, server::json_error(ctx.req, status, code, message));
}

// nullopt when the token is good; otherwise the answer to send (nothing is read from 1C or amoCRM).
std::optional<response> refuse_token(const api_state& st, const request_context& ctx) {
    const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    auto checked = verify_token(ctx.req[token_header], st.rules.token, now_s);
    if (std::holds_alternative<claims>(checked)) return std::nullopt;
    const auto problem = problem_name(std::get<token_problem>(checked));
    st.metrics.get_counter("hs1c_widget_refused_total", "Widget calls refused by token check", {{"reason", std::string(problem)}}).inc();
    observe::log_warn("widget token refused", {{"request_id", ctx.request_id}, {"reason", problem}});
    return error(st, ctx, http::status::unauthorized, "unauthorized", messages::unauthorized);
}

asio::awaitable<response> preflight(state_ptr st, request_context& ctx) {
    const auto origin = granted_origin(ctx.req[http::field::origin], st->rules.origins);
    if (origin.empty()) co_return error(*st, ctx, http::status::forbidden, "origin_refused", messages::origin_refused);
    auto res = server::text_answer(ctx.req, http::status::no_content, "");
    add_cors(res, origin, st->rules.origins);
    add_preflight(res);
    co_return res;
}

asio::awaitable<response> lead_order(state_ptr st, request_context& ctx) {
    if (auto refused = refuse_token(*st, ctx)) co_return std::move(*refused);
    const auto text = ctx.param("lead");
    std::int64_t lead = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), lead);
    if (ec != std::errc{} || p != text.data() + text.size() || lead <= 0)
        co_return error(*st, ctx, http::status::bad_request, "bad_lead", messages::bad_lead);

    boost::json::object out{{"lead_id", lead}, {"onec_id", nullptr}, {"number", ""}};
    auto local = [lead](store::connection& db) { return orders::outbox::latest_for_lead(db, lead); };
    if (auto link = co_await st->db.run(std::move(local))) {
        out["onec_id"] = link->first;
        out["number"] = link->second;
        co_return with_cors(*st, ctx, server::json_answer(ctx.req, http::status::ok, out));
    }
    // Not placed through this proxy (or its outbox was cleared): the deal's own field says.
    if (!st->amocrm) co_return with_cors(*st, ctx, server::json_answer(ctx.req, http::status::ok, out));
    const auto field = co_await st->amocrm->onec_id_field();
    if (!field.has_value())
        co_return error(*st, ctx, http::status::service_unavailable, "amocrm_not_ready", messages::amocrm_not_ready);
    auto got = co_await st->amocrm->get_lead(lead);
    if (!got.has_value()) {
        if (got.error.kind == amocrm::failure_kind::not_found)
            co_return with_cors(*st, ctx, server::json_answer(ctx.req, http::status::ok, out));
        co_return error(*st, ctx, http::status::service_unavailable, "amocrm_not_ready", messages::amocrm_not_ready);
    }
    if (auto it = got.value->fields.find(*field.value); it != got.value->fields.end() && !it->second.empty())
        out["onec_id"] = it->second.front();
    co_return with_cors(*st, ctx, server::json_answer(ctx.req, http::status::ok, out));
}

boost::json::value decimal_json(const std::optional<onec::decimal>& d) {
    if (!d) return nullptr;
    return d->to_double();
}

boost::json::object order_json(const onec::order& o) {
    boost::json::array items;
    for (const auto& l : o.items)
        items.push_back(boost::json::object{{"name", l.name}, {"parameter", l.parameter}, {"value", l.value},
                                            {"quantity", decimal_json(l.quantity)}, {"unit", l.unit},
                                            {"price", decimal_json(l.price)}, {"sum", decimal_json(l.sum)}});
    boost::json::object out{{"id", o.id}, {"number", o.number}, {"status", o.status}, {"items", std::move(items)},
                            {"total", decimal_json(o.total)}};
    out["date"] = o.date ? boost::json::value(*o.date) : boost::json::value(nullptr);
    return out;
}

asio::awaitable<response> read_order(state_ptr st, request_context& ctx) {
    if (auto refused = refuse_token(*st, ctx)) co_return std::move(*refused);
    const auto id = std::string(ctx.param("id"));
    if (!nomenclature::is_valid_id(id)) co_return error(*st, ctx, http::status::bad_request, "bad_order", messages::bad_order);
    if (auto cached = st->cache.get(id)) co_return with_cors(*st, ctx, server::json_answer(ctx.req, http::status::ok, *cached));
    auto got = co_await st->onec->get_order(id, std::chrono::steady_clock::now() + onec_deadline);
    if (!got.has_value()) {
        if (got.error.kind == onec::failure_kind::not_found)
            co_return error(*st, ctx, http::status::not_found, "order_not_found", messages::order_not_found);
        const auto e = nomenclature::error_for(got.error);
        co_return with_cors(*st, ctx, server::json_answer(ctx.req, e.status, nomenclature::error_json(e)));
    }
    auto body = order_json(*got.value);
    st->cache.put(id, body);
    co_return with_cors(*st, ctx, server::json_answer(ctx.req, http::status::ok, body));
}

}  // namespace

void register_routes(routing::plugin_registry& registry, const settings& s, std::shared_ptr<onec::gateway> onec,
                     std::shared_ptr<amocrm::gateway> amocrm) {
    auto st = std::make_shared<api_state>(s, std::move(onec), std::move(amocrm), registry.core().store,
                                          registry.core().metrics);
    for (auto path : {lead_path, order_path})
        registry.add_route("OPTIONS", std::string(path), [st](request_context& ctx) { return preflight(st, ctx); });
    registry.add_route("GET", std::string(lead_path), [st](request_context& ctx) { return lead_order(st, ctx); });
    registry.add_route("GET", std::string(order_path), [st](request_context& ctx) { return read_order(st, ctx); });
}

}  // namespace hs1c::widget
