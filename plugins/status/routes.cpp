#include "plugins/status/routes.hpp"

#include "plugins/onec/basic_auth.hpp"
#include "plugins/onec/gateway.hpp"
#include "plugins/orders/outbox.hpp"
#include "plugins/status/applier.hpp"
#include "plugins/status/event.hpp"
#include "plugins/status/event_store.hpp"
#include "plugins/status/messages.hpp"
#include "proxy/http/codec.hpp"
#include "proxy/observe/log.hpp"
#include "proxy/observe/metrics.hpp"
#include "proxy/routing/plugin.hpp"
#include "proxy/server/local_responses.hpp"
#include "proxy/store/database.hpp"

#include <boost/json/array.hpp>

#include <charconv>

namespace hs1c::status {

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using routing::request_context;
using routing::response;

constexpr std::string_view events_path = "/_hs1c/1c/status";
constexpr std::string_view basic_realm = "Basic realm=\"hs1c\", charset=\"UTF-8\"";
constexpr std::string_view timestamp_header = "X-Hs1c-Timestamp";
constexpr std::string_view signature_header = "X-Hs1c-Signature";
constexpr std::size_t event_body_bytes = 8 * 1024;
constexpr std::size_t list_limit = 500;

struct route_state {
    std::shared_ptr<applier> apply;
    std::shared_ptr<onec::gateway> onec;
    std::vector<source> sources;
    observe::counter& accepted;
    observe::counter& duplicates;
    observe::metrics& metrics;
};
using state_ptr = std::shared_ptr<const route_state>;

void count_refusal(const route_state& st, std::string_view reason) {
    st.metrics.get_counter("hs1c_status_refused_total", "Status event calls refused", {{"reason", std::string(reason)}})
        .inc();
}

asio::awaitable<response> receive(state_ptr st, request_context& ctx) {
    if (!allowed(st->sources, ctx.peer)) {
        count_refusal(*st, "source");
        co_return server::json_error(ctx.req, http::status::forbidden, "forbidden", messages::forbidden_source);
    }
    const auto& inbound = st->onec->settings();
    // Two Authorization headers are ambiguous (which one did a middlebox check?): refused.
    const bool single = ctx.req.count(http::field::authorization) == 1;
    const auto given = single ? onec::parse_basic_authorization(ctx.req[http::field::authorization]) : std::nullopt;
    if (inbound.inbound_user.empty() || !given ||
        !onec::credentials_match(*given, inbound.inbound_user, inbound.inbound_password)) {
        count_refusal(*st, "credentials");
        observe::log_warn("status event refused: credentials", {{"request_id", ctx.request_id},
                                                                {"peer", ctx.peer.to_string()}});
        auto res = server::json_error(ctx.req, http::status::unauthorized, "unauthorized", messages::unauthorized);
        res.set(http::field::www_authenticate, basic_realm);
        co_return res;
    }
    const auto& rules = st->apply->settings();
    if (!rules.hmac_secret.empty()) {
        const auto now_s = orders::now_ms() / 1000;
        if (!signature_valid(rules.hmac_secret, ctx.req[timestamp_header], ctx.req[signature_header], ctx.req.body(),
                             rules.hmac_window, now_s)) {
            count_refusal(*st, "signature");
            co_return server::json_error(ctx.req, http::status::unauthorized, "bad_signature", messages::bad_signature);
        }
    }
    auto parsed = parse_event(ctx.req.body(), rules.events);
    if (const auto* problem = std::get_if<event_problem>(&parsed)) {
        count_refusal(*st, problem->code);
        co_return server::json_error(ctx.req, http::status::bad_request, problem->code, problem->message);
    }
    const auto ev = std::get<event>(parsed);
    auto store_it = [ev, now = orders::now_ms()](store::connection& db) { return events::accept(db, ev, now); };
    const auto [row, created] = co_await st->apply->db().run(std::move(store_it));
    (created ? st->accepted : st->duplicates).inc();
    if (created) {
        observe::log_info("status event stored", {{"seq", row.seq}, {"onec_id", ev.onec_id}, {"status", ev.type}});
        st->apply->wake();
    }
    co_return server::json_answer(ctx.req, http::status::accepted,
                                  boost::json::object{{"seq", row.seq}, {"duplicate", !created},
                                                      {"message", created ? messages::accepted : messages::duplicate}});
}

asio::awaitable<response> unconfigured(request_context& ctx) {
    co_return server::json_error(ctx.req, http::status::service_unavailable, "not_configured", messages::not_configured);
}

boost::json::object row_json(const event_row& r) {
    boost::json::object o{{"seq", r.seq},           {"id", r.ev.onec_id},           {"status", r.ev.type},
                          {"at", r.ev.at},          {"state", state_name(r.state)}, {"reason", r.reason},
                          {"attempts", r.attempts}, {"received_at", r.received_at}, {"updated_at", r.updated_at}};
    o["lead_id"] = r.lead_id ? boost::json::value(*r.lead_id) : boost::json::value(nullptr);
    return o;
}

asio::awaitable<response> list_events(state_ptr st, request_context& ctx) {
    std::optional<state> only;
    const std::string_view target = ctx.req.target();
    if (const auto q = target.find('?'); q != std::string_view::npos) {
        for (const auto& p : hs1c::http::parse_query(target.substr(q + 1))) {
            if (p.name != "state" || p.value.empty()) continue;
            only = parse_state(p.value);
            if (!only) co_return server::json_error(ctx.req, http::status::bad_request, "bad_state", "state must be pending, done, skipped or parked");
        }
    }
    auto fetch = [only](store::connection& db) { return events::list(db, only, list_limit); };
    const auto rows = co_await st->apply->db().run(std::move(fetch));
    boost::json::array out;
    for (const auto& r : rows) out.push_back(row_json(r));
    co_return server::json_answer(ctx.req, http::status::ok, boost::json::object{{"events", std::move(out)}});
}

asio::awaitable<response> retry_event(state_ptr st, request_context& ctx) {
    const auto text = ctx.param("seq");
    std::int64_t seq = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), seq);
    if (ec != std::errc{} || p != text.data() + text.size())
        co_return server::json_error(ctx.req, http::status::not_found, "not_found", "no such event");
    auto requeue = [seq, now = orders::now_ms()](store::connection& db) { return events::requeue(db, seq, now); };
    if (!co_await st->apply->db().run(std::move(requeue)))
        co_return server::json_error(ctx.req, http::status::not_found, "not_found", "no such event, or it was applied already");
    st->apply->wake();
    co_return server::json_answer(ctx.req, http::status::ok, boost::json::object{{"requeued", seq}});
}

}  // namespace

void register_routes(routing::plugin_registry& registry, std::shared_ptr<applier> apply,
                     std::shared_ptr<onec::gateway> onec) {
    const routing::route_options small{routing::listener_kind::public_side, event_body_bytes};
    if (!apply || !onec) {
        registry.add_route("POST", std::string(events_path), unconfigured, small);
        return;
    }
    std::vector<source> sources;
    for (const auto& a : apply->settings().allow_from) {
        if (auto s = parse_source(a)) sources.push_back(*s);
    }
    auto& m = registry.core().metrics;
    auto st = std::make_shared<const route_state>(route_state{
        apply, std::move(onec), std::move(sources),
        m.get_counter("hs1c_status_accepted_total", "Status events stored"),
        m.get_counter("hs1c_status_duplicates_total", "Status events received again and not stored twice"), m});
    registry.add_route("POST", std::string(events_path), [st](request_context& ctx) { return receive(st, ctx); }, small);
    const routing::route_options admin{routing::listener_kind::admin, std::nullopt};
    registry.add_route("GET", "/admin/status-events", [st](request_context& ctx) { return list_events(st, ctx); }, admin);
    registry.add_route("POST", "/admin/status-events/{seq}/retry",
                       [st](request_context& ctx) { return retry_event(st, ctx); }, admin);
}

}  // namespace hs1c::status
