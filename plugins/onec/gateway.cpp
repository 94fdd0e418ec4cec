#include "plugins/onec/gateway.hpp"

#include "plugins/onec/basic_auth.hpp"
#include "plugins/onec/breaker.hpp"
#include "plugins/onec/decode.hpp"
#include "plugins/onec/url_template.hpp"
#include "plugins/text/utf8.hpp"
#include "proxy/async/limiter.hpp"
#include "proxy/observe/log.hpp"
#include "proxy/observe/metrics.hpp"
#include "proxy/upstream/client.hpp"
#include "proxy/upstream/pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <mutex>
#include <random>

namespace hs1c::onec {

namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

enum class call_kind : std::size_t { search, parameters, parameter_names, values, get_order, create_order };
constexpr std::array<std::string_view, 6> call_names{"search", "parameters", "parameter_names", "values",
                                                     "get_order", "create_order"};
// Outcome labels: "ok" and then one per failure_kind, in its order.
constexpr std::array<std::string_view, 7> outcome_names{"ok",        "unavailable", "busy",    "error",
                                                        "bad_answer", "not_found",   "rejected"};
constexpr std::string_view user_agent = "hs1c";

std::size_t index_of(call_kind k) { return static_cast<std::size_t>(k); }
std::size_t outcome_index(const failure* f) { return f ? static_cast<std::size_t>(f->kind) + 1 : 0; }

// Failures that say 1C itself is unwell; they open the breaker. An answered error (a 500 from 1C's
// code, a 404) proves 1C is up.
bool counts_against_1c(const failure& f) {
    return f.kind == failure_kind::unavailable || (f.kind == failure_kind::busy && f.status != 0);
}

std::uint64_t jitter_source() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return rng();
}

bool has_like_wildcards(std::string_view text) { return text.find_first_of("%_") != std::string_view::npos; }

}  // namespace

struct gateway::state {
    state(gateway_settings s, std::shared_ptr<upstream::client> c, std::size_t licence_cap, observe::metrics& m)
        : settings(std::move(s)),
          client(std::move(c)),
          base_path(client->upstream_pool().settings().base_path),
          licences(licence_cap, settings.queue_max),
          br(settings.breaker_failures, settings.breaker_open),
          in_flight(m.get_gauge("hs1c_onec_in_flight", "1C requests in progress (licences held)")),
          queue_depth(m.get_gauge("hs1c_onec_queue_depth", "Callers waiting for a 1C licence")),
          breaker_gauge(m.get_gauge("hs1c_onec_breaker_state", "1C circuit breaker: 0 closed, 1 open, 2 half-open")),
          retries(m.get_counter("hs1c_onec_retries_total", "Retries of idempotent 1C reads")),
          refused_full(m.get_counter("hs1c_onec_queue_refused_total", "1C calls refused by the licence queue",
                                     {{"reason", "queue_full"}})),
          refused_timeout(m.get_counter("hs1c_onec_queue_refused_total", "1C calls refused by the licence queue",
                                        {{"reason", "timed_out"}})),
          breaker_rejections(m.get_counter("hs1c_onec_breaker_rejections_total",
                                           "1C calls answered at once because the breaker was open")) {
        if (!settings.user.empty()) authorization = basic_authorization(settings.user, settings.password);
        for (std::size_t c = 0; c < call_names.size(); ++c) {
            for (std::size_t o = 0; o < outcome_names.size(); ++o) {
                requests[c][o] = &m.get_counter("hs1c_onec_requests_total", "1C calls by kind and outcome",
                                                {{"call", std::string(call_names[c])},
                                                 {"outcome", std::string(outcome_names[o])}});
            }
            latency[c] = &m.get_histogram("hs1c_onec_request_seconds", "1C call latency (one attempt)",
                                          {{"call", std::string(call_names[c])}});
        }
    }

    gateway_settings settings;
    std::shared_ptr<upstream::client> client;
    std::string base_path;
    std::string authorization;
    async::limiter licences;
    mutable std::mutex breaker_mutex;
    breaker br;

    observe::gauge& in_flight;
    observe::gauge& queue_depth;
    observe::gauge& breaker_gauge;
    observe::counter& retries;
    observe::counter& refused_full;
    observe::counter& refused_timeout;
    observe::counter& breaker_rejections;
    std::array<std::array<observe::counter*, outcome_names.size()>, call_names.size()> requests{};
    std::array<observe::histogram*, call_names.size()> latency{};

    void publish_breaker(clock::time_point now) {
        breaker_gauge.set(static_cast<std::int64_t>(br.current(now)));
    }
    void publish_queue() {
        in_flight.set(static_cast<std::int64_t>(licences.in_flight()));
        queue_depth.set(static_cast<std::int64_t>(licences.queued()));
    }

    // body null: GET; otherwise POST of that JSON. (A pointer, not a defaulted string: GCC 12
    // mishandles non-trivial temporaries inside co_await expressions.)
    asio::awaitable<result<boost::json::value>> attempt(call_kind kind, const std::string& target,
                                                        const std::string* body, clock::time_point deadline);
    asio::awaitable<result<boost::json::value>> call(call_kind kind, const std::string& target,
                                                     clock::time_point deadline, const std::string* body = nullptr);
    result<std::string> target_for(const std::string& tmpl, const template_vars& vars) const;
};

result<std::string> gateway::state::target_for(const std::string& tmpl, const template_vars& vars) const {
    if (tmpl.empty()) return result<std::string>::fail({failure_kind::rejected, false, 0, "call not mapped", false});
    std::string problem;
    auto expanded = expand_template(tmpl, vars, &problem);
    if (!expanded) return result<std::string>::fail({failure_kind::rejected, false, 0, problem, false});
    return result<std::string>::ok(base_path + *expanded);
}

asio::awaitable<result<boost::json::value>> gateway::state::attempt(call_kind kind, const std::string& target,
                                                                    const std::string* body,
                                                                    clock::time_point deadline) {
    using value_result = result<boost::json::value>;
    auto now = clock::now();
    {
        std::lock_guard lock(breaker_mutex);
        if (br.current(now) == breaker::state::open) {
            breaker_rejections.inc();
            co_return value_result::fail({failure_kind::unavailable, false, 0, "circuit breaker open", false});
        }
    }

    auto got = co_await licences.acquire(std::min(deadline, now + settings.queue_wait));
    publish_queue();
    if (!got.slot) {
        const bool full = got.refused == async::limiter::refusal::queue_full;
        (full ? refused_full : refused_timeout).inc();
        co_return value_result::fail({failure_kind::busy, false, 0,
                                      full ? "licence queue full" : "licence wait timed out", false});
    }

    now = clock::now();
    if (now >= deadline) {
        co_return value_result::fail({failure_kind::unavailable, false, 0, "deadline passed in the queue", false});
    }
    const auto timeout = std::min(settings.timeout, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now));
    {
        std::lock_guard lock(breaker_mutex);
        const bool allowed = br.allow(now);
        publish_breaker(now);
        if (!allowed) {
            breaker_rejections.inc();
            co_return value_result::fail({failure_kind::unavailable, false, 0, "circuit breaker open", false});
        }
    }

    http::request<http::string_body> req{body ? http::verb::post : http::verb::get, target, 11};
    req.set(http::field::accept, "application/json");
    if (body) {
        req.set(http::field::content_type, "application/json; charset=utf-8");
        req.body() = *body;
        req.prepare_payload();
    }
    req.set(http::field::user_agent, user_agent);
    if (!authorization.empty()) req.set(http::field::authorization, authorization);

    const auto started = clock::now();
    auto ex = co_await client->send(std::move(req), timeout, settings.body_limit);
    got.slot.reset();
    publish_queue();
    latency[index_of(kind)]->observe(std::chrono::duration<double>(clock::now() - started).count());

    value_result out;
    if (ex.ec) {
        out = value_result::fail({failure_kind::unavailable, true, 0,
                                  ex.timed_out ? "timed out after " + std::to_string(timeout.count()) + " ms" : ex.error,
                                  false});
    } else {
        out = decode_answer(ex.res.result_int(), ex.res.body());
    }
    {
        std::lock_guard lock(breaker_mutex);
        if (!out.has_value() && counts_against_1c(out.error)) br.record_failure(clock::now());
        else br.record_success();
        publish_breaker(clock::now());
    }
    requests[index_of(kind)][outcome_index(out.has_value() ? nullptr : &out.error)]->inc();
    if (!out.has_value()) {
        observe::log_warn("1C call failed",
                          {{"call", call_names[index_of(kind)]},
                           {"outcome", outcome_names[outcome_index(&out.error)]},
                           {"status", out.error.status},
                           {"detail", out.error.message}});
    }
    co_return out;
}

// Reads are idempotent by nature and order creation by contract (external_id), so both may be retried.
asio::awaitable<result<boost::json::value>> gateway::state::call(call_kind kind, const std::string& target,
                                                                 clock::time_point deadline, const std::string* body) {
    for (unsigned attempt_no = 1;; ++attempt_no) {
        auto r = co_await attempt(kind, target, body, deadline);
        if (r.has_value() || !r.error.retryable || attempt_no >= settings.attempts) co_return r;
        const auto delay = retry_delay(settings.backoff, attempt_no, jitter_source());
        if (clock::now() + delay >= deadline) co_return r;
        retries.inc();
        asio::steady_timer timer(co_await asio::this_coro::executor, delay);
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

gateway::gateway(gateway_settings settings, std::shared_ptr<upstream::client> client, std::size_t licence_cap,
                 observe::metrics& metrics)
    : state_(std::make_unique<state>(std::move(settings), std::move(client), licence_cap, metrics)) {}

gateway::~gateway() = default;

const gateway_settings& gateway::settings() const { return state_->settings; }

std::string_view gateway::breaker_state() const {
    std::lock_guard lock(state_->breaker_mutex);
    switch (state_->br.current(clock::now())) {
        case breaker::state::open: return "open";
        case breaker::state::half_open: return "half_open";
        case breaker::state::closed: break;
    }
    return "closed";
}

asio::awaitable<result<search_page>> gateway::search(std::string text, std::size_t limit, clock::time_point deadline) {
    const auto& m = state_->settings.mapping.search;
    // Without a "more" flag in the answer, one extra item tells whether more matches exist.
    const bool probe_more = m.answer.more.empty();
    const auto asked = std::to_string(probe_more ? limit + 1 : limit);
    auto target = state_->target_for(m.url, {{"q", text}, {"limit", asked}});
    if (!target.has_value()) co_return result<search_page>::fail(target.error);
    auto answer = co_await state_->call(call_kind::search, *target.value, deadline);
    if (!answer.has_value()) co_return result<search_page>::fail(answer.error);
    std::size_t skipped = 0;
    auto page = read_search(*answer.value, m.answer, &skipped);
    if (!page.has_value()) co_return page;
    auto& p = *page.value;
    if (probe_more) {
        p.more = p.items.size() > limit;
        if (p.more) p.items.resize(limit);
    }
    // A like() pattern reads '%' and '_' in the text as wildcards and 1C has no escape for them
    // there: keep only what really contains the text.
    if (has_like_wildcards(text) && m.url.find("like(") != std::string::npos) {
        const auto needle = text::fold_case(text);
        std::erase_if(p.items, [&](const item& i) {
            return text::fold_case(i.name).find(needle) == std::string::npos;
        });
    }
    if (skipped) observe::log_warn("1C search answer had unusable elements", {{"skipped", skipped}});
    co_return page;
}

asio::awaitable<result<std::vector<named>>> gateway::parameters(std::string item, clock::time_point deadline) {
    using list_result = result<std::vector<named>>;
    const auto& map = state_->settings.mapping;
    auto target = state_->target_for(map.parameters.url, {{"item", item}});
    if (!target.has_value()) co_return list_result::fail(target.error);
    auto answer = co_await state_->call(call_kind::parameters, *target.value, deadline);
    if (!answer.has_value()) co_return list_result::fail(answer.error);
    auto list = read_named(*answer.value, map.parameters.answer);
    if (!list.has_value()) co_return list;
    auto& params = *list.value;
    const bool unnamed = std::any_of(params.begin(), params.end(), [](const named& n) { return n.name.empty(); });
    if (!unnamed || map.parameter_names.url.empty()) co_return list;

    // OData rows name only the property; its title comes from the chart of characteristic types.
    auto names_target = state_->target_for(map.parameter_names.url, {});
    if (!names_target.has_value()) co_return list_result::fail(names_target.error);
    auto names_answer = co_await state_->call(call_kind::parameter_names, *names_target.value, deadline);
    if (!names_answer.has_value()) co_return list_result::fail(names_answer.error);
    auto names = read_named(*names_answer.value, map.parameter_names.answer);
    if (!names.has_value()) co_return list_result::fail(names.error);
    std::size_t unknown = 0;
    for (auto& p : params) {
        if (!p.name.empty()) continue;
        auto it = std::find_if(names.value->begin(), names.value->end(), [&](const named& n) { return n.id == p.id; });
        if (it != names.value->end()) p.name = it->name;
        else ++unknown;
    }
    std::erase_if(params, [](const named& n) { return n.name.empty(); });
    if (unknown) observe::log_warn("1C parameters without a name were left out", {{"count", unknown}});
    co_return list;
}

asio::awaitable<result<std::vector<named>>> gateway::values(std::string item, std::string parameter,
                                                            clock::time_point deadline) {
    using list_result = result<std::vector<named>>;
    const auto& m = state_->settings.mapping.values;
    auto target = state_->target_for(m.url, {{"item", item}, {"parameter", parameter}});
    if (!target.has_value()) co_return list_result::fail(target.error);
    auto answer = co_await state_->call(call_kind::values, *target.value, deadline);
    if (!answer.has_value()) co_return list_result::fail(answer.error);
    co_return read_named(*answer.value, m.answer);
}

asio::awaitable<result<order>> gateway::get_order(std::string id, clock::time_point deadline) {
    const auto& m = state_->settings.mapping.get_order;
    auto target = state_->target_for(m.url, {{"id", id}});
    if (!target.has_value()) co_return result<order>::fail(target.error);
    auto answer = co_await state_->call(call_kind::get_order, *target.value, deadline);
    if (!answer.has_value()) co_return result<order>::fail(answer.error);
    co_return read_order(*answer.value, m);
}

asio::awaitable<result<created_order>> gateway::create_order(boost::json::object order, clock::time_point deadline) {
    const auto& m = state_->settings.mapping.create_order;
    auto target = state_->target_for(m.url, {});
    if (!target.has_value()) co_return result<created_order>::fail(target.error);
    const auto body = boost::json::serialize(order);
    auto answer = co_await state_->call(call_kind::create_order, *target.value, deadline, &body);
    if (!answer.has_value()) co_return result<created_order>::fail(answer.error);
    co_return read_created_order(*answer.value, m);
}

}  // namespace hs1c::onec
