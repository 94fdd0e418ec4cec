#include "plugins/amocrm/gateway.hpp"

#include "plugins/amocrm/account_link.hpp"
#include "plugins/amocrm/decode.hpp"
#include "plugins/amocrm/leads.hpp"
#include "plugins/amocrm/messages.hpp"
#include "plugins/amocrm/oauth.hpp"
#include "plugins/amocrm/token_store.hpp"
#include "plugins/text/utf8.hpp"
#include "proxy/http/codec.hpp"
#include "proxy/observe/log.hpp"
#include "proxy/observe/metrics.hpp"
#include "proxy/store/database.hpp"
#include "proxy/upstream/client.hpp"
#include "proxy/upstream/pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <chrono>
#include <random>

namespace hs1c::amocrm {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

using clock = std::chrono::steady_clock;

// Requests by call and outcome count what was sent to amoCRM; calls refused before sending (a ban,
// a missing authorisation) send nothing and are not counted there.
enum class call_kind : std::size_t {
    get_lead,
    write_onec_id,
    move_to_stage,
    find_by_onec_id,
    custom_fields,
    pipelines,
    token
};
constexpr std::array<std::string_view, 7> call_names{
    "get_lead", "write_onec_id", "move_to_stage", "find_by_onec_id", "custom_fields", "pipelines", "token"};
// "ok" and then one per failure_kind, in its order.
constexpr std::array<std::string_view, 8> outcome_names{"ok",           "unavailable", "throttled", "banned",
                                                        "unauthorized", "rejected",    "unsorted",  "not_found"};
enum class refresh_outcome : std::size_t { ok, revoked, failed };
constexpr std::array<std::string_view, 3> refresh_outcome_names{"ok", "revoked", "failed"};

constexpr std::string_view user_agent = "hs1c";
constexpr std::string_view json_type = "application/json";
constexpr std::size_t body_limit = 16 * 1024 * 1024;
// The longest a call waits for its send slot; beyond it the caller keeps its work and tries later.
constexpr std::chrono::seconds slot_wait_limit{60};
constexpr std::chrono::seconds flight_margin{5};
// query= answers are searched page by page; 20 pages of 250 leads is far beyond one 1C id.
constexpr std::size_t max_query_pages = 20;
constexpr std::size_t max_field_pages = 20;
constexpr std::size_t custom_fields_page_size = 50;
constexpr std::chrono::seconds start_retry_first{2};
constexpr std::chrono::seconds start_retry_cap{60};
constexpr std::string_view refresh_key = "refresh";
constexpr std::string_view resolve_key = "resolve";
constexpr std::string_view leads_path = "/api/v4/leads";

std::size_t index_of(call_kind k) { return static_cast<std::size_t>(k); }
std::size_t outcome_index(const failure* f) { return f ? static_cast<std::size_t>(f->kind) + 1 : 0; }

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::uint64_t jitter_source() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return rng();
}

failure make_failure(failure_kind kind, bool retryable, std::string message) {
    return failure{kind, retryable, 0, std::move(message), {}, {}};
}

failure banned_failure() {
    return make_failure(failure_kind::banned, true, "amoCRM blocked the account; nothing is sent until it is unbanned");
}

std::string lead_path(std::int64_t id) { return std::string(leads_path) + "/" + std::to_string(id); }

asio::awaitable<void> sleep_for(clock::duration d) {
    asio::steady_timer timer(co_await asio::this_coro::executor, d);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

}  // namespace

struct gateway::state_type : std::enable_shared_from_this<state_type> {
    state_type(gateway_settings s, std::shared_ptr<upstream::client> c, store::database& db, observe::metrics& m)
        : settings(std::move(s)),
          client(std::move(c)),
          base_path(client->upstream_pool().settings().base_path),
          store(db),
          link(link_for(client->upstream_pool().settings().url + "|" + std::string(to_string(settings.mode)) + "|" +
                            settings.client_id,
                        plan_for(settings.rps))),
          owner(++link->newest_owner),
          throttle_waits(m.get_counter("hs1c_amocrm_throttle_waits_total",
                                       "amoCRM calls that waited for a send slot under the self-imposed limit")),
          too_many(m.get_counter("hs1c_amocrm_429_total", "429 answers from amoCRM")),
          state_gauge(m.get_gauge("hs1c_amocrm_state",
                                  "amoCRM connection: 0 ready, 1 needs authorisation, 2 banned, 3 resolving")) {
        for (std::size_t c = 0; c < call_names.size(); ++c)
            for (std::size_t o = 0; o < outcome_names.size(); ++o)
                requests[c][o] =
                    &m.get_counter("hs1c_amocrm_requests_total", "Requests sent to amoCRM by call and outcome",
                                   {{"call", std::string(call_names[c])}, {"outcome", std::string(outcome_names[o])}});
        for (std::size_t o = 0; o < refresh_outcome_names.size(); ++o)
            refreshes[o] = &m.get_counter("hs1c_amocrm_token_refreshes_total", "OAuth token refreshes by outcome",
                                          {{"outcome", std::string(refresh_outcome_names[o])}});
        publish_state();
    }

    gateway_settings settings;
    std::shared_ptr<upstream::client> client;
    std::string base_path;
    store::database& store;
    std::shared_ptr<account_link> link;
    std::uint64_t owner;

    mutable std::mutex resolution_mutex;
    std::optional<resolution> resolved;
    async::single_flight<result<resolution>> resolutions;

    observe::counter& throttle_waits;
    observe::counter& too_many;
    observe::gauge& state_gauge;
    std::array<std::array<observe::counter*, outcome_names.size()>, call_names.size()> requests{};
    std::array<observe::counter*, refresh_outcome_names.size()> refreshes{};

    auth_state current_state() const {
        if (link->banned) return auth_state::banned;
        {
            std::lock_guard lock(link->tokens_mutex);
            if (link->needs_authorisation) return auth_state::needs_authorisation;
        }
        std::lock_guard lock(resolution_mutex);
        return resolved ? auth_state::ready : auth_state::resolving;
    }

    bool resolved_with_problems() const {
        std::lock_guard lock(resolution_mutex);
        return resolved && !resolved->problems.empty();
    }

    void publish_state() { state_gauge.set(static_cast<std::int64_t>(current_state())); }

    void mark_banned() {
        if (!link->banned.exchange(true))
            observe::log_error(
                "amoCRM blocked the account (an HTML 403): no more calls until POST /admin/amocrm/unban "
                "or a restart; work stays queued");
        publish_state();
    }

    void mark_needs_authorisation(std::string_view reason) {
        bool changed = false;
        {
            std::lock_guard lock(link->tokens_mutex);
            changed = !link->needs_authorisation;
            link->needs_authorisation = true;
        }
        if (changed)
            observe::log_error("amoCRM needs the integration authorised again; work stays queued",
                               {{"mode", to_string(settings.mode)}, {"reason", reason}});
        publish_state();
    }

    // A long-lived token that works again (replaced in amoCRM) clears the mark a 401 set.
    void clear_long_lived_mark() {
        if (settings.mode != auth_mode::long_lived) return;
        bool changed = false;
        {
            std::lock_guard lock(link->tokens_mutex);
            changed = link->needs_authorisation;
            link->needs_authorisation = false;
        }
        if (changed) {
            observe::log_info("amoCRM accepts the long-lived token again");
            publish_state();
        }
    }

    void count(call_kind kind, const failure* f) { requests[index_of(kind)][outcome_index(f)]->inc(); }

    // A 429 slows every caller down: the pause grows with this caller's attempts.
    void react_to_429(call_kind kind, const throttle::turn& turn, unsigned attempt_no) {
        too_many.inc();
        const auto pause = retry_delay(settings.retry, attempt_no, jitter_source());
        if (link->budget.slow_down(turn, pause))
            observe::log_warn("amoCRM answered 429: every call slows down", {{"call", call_names[index_of(kind)]},
                                                                             {"pause_ms", pause.count()},
                                                                             {"allowance", link->budget.allowance()}});
    }

    asio::awaitable<upstream::exchange_result> send(http::verb verb, const std::string& target, std::string body,
                                                    std::string_view access) {
        http::request<http::string_body> req{verb, base_path + target, 11};
        req.set(http::field::accept, json_type);
        req.set(http::field::user_agent, user_agent);
        if (!access.empty()) req.set(http::field::authorization, "Bearer " + std::string(access));
        if (!body.empty()) {
            req.set(http::field::content_type, json_type);
            req.body() = std::move(body);
        }
        co_return co_await client->send(std::move(req), settings.timeout, body_limit);
    }

    asio::awaitable<result<done>> ensure_tokens_loaded();
    asio::awaitable<result<token_pair>> token_request(grant g, std::string code_or_refresh);
    asio::awaitable<result<bearer>> do_refresh(std::uint64_t seen_generation);
    asio::awaitable<result<bearer>> refresh(std::uint64_t seen_generation);
    asio::awaitable<result<bearer>> current_bearer();
    asio::awaitable<result<json::value>> call(call_kind kind, http::verb verb, std::string target, std::string body);
    asio::awaitable<result<resolution>> do_resolve();
    asio::awaitable<result<resolution>> ensure_resolved();
    asio::awaitable<result<std::int64_t>> onec_field();

    // Detached flights: coroutine functions with by-value parameters (GCC 12 mishandles captures of
    // coroutine lambdas), each completing its flight whatever happens.
    static asio::awaitable<void> run_refresh(std::shared_ptr<state_type> self,
                                             async::single_flight<result<bearer>>::flight_ptr f,
                                             std::uint64_t seen_generation);
    static asio::awaitable<void> run_resolution(std::shared_ptr<state_type> self,
                                                async::single_flight<result<resolution>>::flight_ptr f);
};

asio::awaitable<result<done>> gateway::state_type::ensure_tokens_loaded() {
    if (settings.mode == auth_mode::long_lived) co_return result<done>::ok({});
    {
        std::lock_guard lock(link->tokens_mutex);
        if (link->tokens_loaded) co_return result<done>::ok({});
    }
    auto load = [](store::connection& db) { return token_store::load(db); };
    std::optional<token_store::stored> stored;
    try {
        stored = co_await store.run(std::move(load));
    } catch (const std::exception& e) {
        observe::log_error("amoCRM tokens could not be read from the store", {{"error", e.what()}});
        co_return result<done>::fail(make_failure(failure_kind::unavailable, true, "the store could not be read"));
    }
    bool took = false;
    {
        std::lock_guard lock(link->tokens_mutex);
        if (!link->tokens_loaded) {
            took = true;
            link->tokens_loaded = true;
            if (stored) link->tokens = stored->pair;
            link->needs_authorisation = !stored || stored->revoked;
            ++link->generation;
        }
    }
    if (took && !stored)
        observe::log_warn(
            "amoCRM is not authorised yet: install the integration in amoCRM (its redirect reaches "
            "/_hs1c/amocrm/oauth/callback)");
    if (took && stored && stored->revoked)
        observe::log_error("amoCRM refused the stored refresh token earlier: the integration needs authorising again");
    publish_state();
    co_return result<done>::ok({});
}

asio::awaitable<result<token_pair>> gateway::state_type::token_request(grant g, std::string code_or_refresh) {
    using pair_result = result<token_pair>;
    if (link->banned) co_return pair_result::fail(banned_failure());
    auto turn = co_await link->budget.wait_turn(clock::now() + slot_wait_limit);
    if (!turn) co_return pair_result::fail(make_failure(failure_kind::unavailable, true, "no send slot in time"));
    if (turn->waited) throttle_waits.inc();
    if (link->banned) co_return pair_result::fail(banned_failure());
    auto ex =
        co_await send(http::verb::post, std::string(token_path), token_request_body(settings, g, code_or_refresh), {});
    auto out = ex.ec ? pair_result::fail(make_failure(failure_kind::unavailable, true, ex.error))
                     : read_token_answer(ex.res.result_int(), ex.res.body(), unix_now());
    count(call_kind::token, out.has_value() ? nullptr : &out.error);
    if (!out.has_value()) {
        if (out.error.kind == failure_kind::banned) mark_banned();
        if (out.error.kind == failure_kind::throttled) react_to_429(call_kind::token, *turn, 1);
    }
    co_return out;
}

asio::awaitable<result<bearer>> gateway::state_type::do_refresh(std::uint64_t seen_generation) {
    using bearer_result = result<bearer>;
    std::string refresh_token;
    {
        std::lock_guard lock(link->tokens_mutex);
        if (link->needs_authorisation || !link->tokens)
            co_return bearer_result::fail(
                make_failure(failure_kind::unauthorized, false, "the integration needs authorising"));
        // Someone refreshed after this caller looked: the new pair is the answer.
        if (link->generation != seen_generation)
            co_return bearer_result::ok(bearer{link->tokens->access, link->generation});
        refresh_token = link->tokens->refresh;
    }
    auto answer = co_await token_request(grant::refresh_token, std::move(refresh_token));
    if (!answer.has_value()) {
        auto f = std::move(answer.error);
        if (f.kind == failure_kind::unauthorized || f.kind == failure_kind::rejected) {
            // The refresh token is spent or revoked: retrying cannot help, only a human can.
            refreshes[static_cast<std::size_t>(refresh_outcome::revoked)]->inc();
            auto revoke = [](store::connection& db) { token_store::mark_revoked(db); };
            try {
                co_await store.run(std::move(revoke));
            } catch (const std::exception& e) {
                observe::log_error("amoCRM: the revoked mark could not be stored", {{"error", e.what()}});
            }
            mark_needs_authorisation("refresh refused: " + f.message);
            co_return bearer_result::fail(
                make_failure(failure_kind::unauthorized, false, "amoCRM refused the refresh token: " + f.message));
        }
        refreshes[static_cast<std::size_t>(refresh_outcome::failed)]->inc();
        observe::log_warn("amoCRM token refresh failed", {{"kind", to_string(f.kind)}, {"detail", f.message}});
        co_return bearer_result::fail(std::move(f));
    }
    const auto pair = std::move(*answer.value);
    // The old refresh token is spent now: the new pair is committed before anyone uses it.
    auto save = [pair](store::connection& db) { token_store::save(db, pair); };
    try {
        co_await store.run(std::move(save));
    } catch (const std::exception& e) {
        observe::log_error("amoCRM: the new token pair could not be stored; it is kept in memory only",
                           {{"error", e.what()}});
    }
    bearer fresh;
    {
        std::lock_guard lock(link->tokens_mutex);
        link->tokens = pair;
        link->tokens_loaded = true;
        link->needs_authorisation = false;
        fresh = bearer{pair.access, ++link->generation};
    }
    refreshes[static_cast<std::size_t>(refresh_outcome::ok)]->inc();
    observe::log_info("amoCRM tokens refreshed", {{"expires_at", pair.expires_at}});
    publish_state();
    co_return bearer_result::ok(std::move(fresh));
}

asio::awaitable<void> gateway::state_type::run_refresh(std::shared_ptr<state_type> self,
                                                       async::single_flight<result<bearer>>::flight_ptr f,
                                                       std::uint64_t seen_generation) {
    auto out = result<bearer>::fail(make_failure(failure_kind::unavailable, true, "token refresh failed"));
    try {
        out = co_await self->do_refresh(seen_generation);
    } catch (const std::exception& e) {
        observe::log_error("amoCRM token refresh failed", {{"error", e.what()}});
    }
    self->link->refreshes.complete(std::string(refresh_key), f, std::make_shared<const result<bearer>>(std::move(out)));
}

asio::awaitable<result<bearer>> gateway::state_type::refresh(std::uint64_t seen_generation) {
    auto joined = link->refreshes.join(std::string(refresh_key));
    if (joined.leader) {
        const auto ex = co_await asio::this_coro::executor;
        asio::co_spawn(ex, run_refresh(shared_from_this(), joined.f, seen_generation), asio::detached);
    }
    const auto wait = slot_wait_limit + settings.timeout + flight_margin;
    auto outcome = co_await link->refreshes.wait(joined.f, clock::now() + wait);
    if (!outcome)
        co_return result<bearer>::fail(make_failure(failure_kind::unavailable, true, "token refresh still running"));
    co_return *outcome;
}

asio::awaitable<result<bearer>> gateway::state_type::current_bearer() {
    using bearer_result = result<bearer>;
    if (settings.mode == auth_mode::long_lived) co_return bearer_result::ok(bearer{settings.long_lived_token, 0});
    auto loaded = co_await ensure_tokens_loaded();
    if (!loaded.has_value()) co_return bearer_result::fail(loaded.error);
    std::uint64_t seen = 0;
    std::optional<bearer> fallback;
    {
        std::lock_guard lock(link->tokens_mutex);
        if (link->needs_authorisation || !link->tokens)
            co_return bearer_result::fail(
                make_failure(failure_kind::unauthorized, false, "the integration needs authorising"));
        const auto now = unix_now();
        if (!needs_refresh(*link->tokens, now))
            co_return bearer_result::ok(bearer{link->tokens->access, link->generation});
        seen = link->generation;
        if (usable(*link->tokens, now)) fallback = bearer{link->tokens->access, seen};
    }
    auto renewed = co_await refresh(seen);
    // A refresh ahead of expiry that could not reach amoCRM leaves the current token in use.
    if (!renewed.has_value() && fallback &&
        (renewed.error.kind == failure_kind::unavailable || renewed.error.kind == failure_kind::throttled))
        co_return bearer_result::ok(std::move(*fallback));
    co_return renewed;
}

asio::awaitable<result<json::value>> gateway::state_type::call(call_kind kind, http::verb verb, std::string target,
                                                               std::string body) {
    using value_result = result<json::value>;
    bool refreshed = false;
    value_result out;
    for (unsigned attempt_no = 1;;) {
        if (link->banned) co_return value_result::fail(banned_failure());
        auto token = co_await current_bearer();
        if (!token.has_value()) co_return value_result::fail(token.error);
        auto turn = co_await link->budget.wait_turn(clock::now() + slot_wait_limit);
        if (!turn) co_return value_result::fail(make_failure(failure_kind::unavailable, true, "no send slot in time"));
        if (turn->waited) throttle_waits.inc();
        if (link->banned) co_return value_result::fail(banned_failure());

        auto ex = co_await send(verb, target, body, token.value->access);
        out = ex.ec ? value_result::fail(make_failure(failure_kind::unavailable, true, ex.error))
                    : decode_answer(ex.res.result_int(), ex.res.body());
        count(kind, out.has_value() ? nullptr : &out.error);
        if (out.has_value()) {
            clear_long_lived_mark();
            co_return out;
        }
        const auto& f = out.error;
        if (f.kind == failure_kind::banned) {
            mark_banned();
            break;
        }
        if (f.kind == failure_kind::throttled) {
            react_to_429(kind, *turn, attempt_no);
            if (attempt_no >= settings.retry.attempts) break;
            ++attempt_no;
            continue;
        }
        if (f.kind == failure_kind::unauthorized) {
            // An expired or replaced access token: one refresh, then the same call once more.
            if (settings.mode == auth_mode::oauth && !refreshed) {
                refreshed = true;
                auto renewed = co_await refresh(token.value->generation);
                if (!renewed.has_value()) co_return value_result::fail(renewed.error);
                continue;
            }
            mark_needs_authorisation(f.message);
            break;
        }
        if (f.kind == failure_kind::unavailable && f.retryable && attempt_no < settings.retry.attempts) {
            co_await sleep_for(retry_delay(settings.retry, attempt_no, jitter_source()));
            ++attempt_no;
            continue;
        }
        break;
    }
    if (out.error.kind != failure_kind::not_found)
        observe::log_warn("amoCRM call failed", {{"call", call_names[index_of(kind)]},
                                                 {"outcome", to_string(out.error.kind)},
                                                 {"status", out.error.status},
                                                 {"detail", out.error.message},
                                                 {"amo_code", out.error.code},
                                                 {"amo_path", out.error.path}});
    co_return out;
}

asio::awaitable<result<resolution>> gateway::state_type::do_resolve() {
    using resolution_result = result<resolution>;
    std::vector<custom_field> fields;
    if (!settings.onec_id_field.empty()) {
        for (std::size_t page = 1; page <= max_field_pages; ++page) {
            auto answer = co_await call(call_kind::custom_fields, http::verb::get,
                                        std::string(leads_path) + "/custom_fields?limit=" +
                                            std::to_string(custom_fields_page_size) + "&page=" + std::to_string(page),
                                        {});
            if (!answer.has_value()) co_return resolution_result::fail(answer.error);
            auto got = read_custom_fields(*answer.value);
            if (!got.has_value()) co_return resolution_result::fail(got.error);
            fields.insert(fields.end(), got.value->fields.begin(), got.value->fields.end());
            if (!got.value->more) break;
        }
    }
    std::vector<pipeline_info> pipelines;
    if (!settings.stages.empty()) {
        auto answer = co_await call(call_kind::pipelines, http::verb::get, std::string(leads_path) + "/pipelines", {});
        if (!answer.has_value()) co_return resolution_result::fail(answer.error);
        auto got = read_pipelines(*answer.value);
        if (!got.has_value()) co_return resolution_result::fail(got.error);
        pipelines = std::move(*got.value);
    }
    auto res = resolve_names(settings, fields, pipelines);
    for (const auto& p : res.problems) observe::log_error("amoCRM name from the rules not resolved", {{"problem", p}});
    for (const auto& w : res.warnings) observe::log_warn("amoCRM name from the rules", {{"note", w}});
    json::object ids;
    if (res.onec_id_field) ids["onec_id_field"] = *res.onec_id_field;
    for (const auto& [event, stage] : res.stages)
        ids[event] = json::object{{"pipeline_id", stage.pipeline_id}, {"status_id", stage.status_id}};
    observe::log_info("amoCRM names resolved", {{"ids", std::move(ids)}, {"problems", res.problems.size()}});
    {
        std::lock_guard lock(resolution_mutex);
        resolved = res;
    }
    publish_state();
    co_return resolution_result::ok(std::move(res));
}

asio::awaitable<void> gateway::state_type::run_resolution(std::shared_ptr<state_type> self,
                                                          async::single_flight<result<resolution>>::flight_ptr f) {
    auto out = result<resolution>::fail(make_failure(failure_kind::unavailable, true, "name resolution failed"));
    try {
        out = co_await self->do_resolve();
    } catch (const std::exception& e) {
        observe::log_error("amoCRM name resolution failed", {{"error", e.what()}});
    }
    self->resolutions.complete(std::string(resolve_key), f, std::make_shared<const result<resolution>>(std::move(out)));
}

asio::awaitable<result<resolution>> gateway::state_type::ensure_resolved() {
    {
        std::lock_guard lock(resolution_mutex);
        if (resolved) co_return result<resolution>::ok(*resolved);
    }
    auto joined = resolutions.join(std::string(resolve_key));
    if (joined.leader) {
        const auto ex = co_await asio::this_coro::executor;
        asio::co_spawn(ex, run_resolution(shared_from_this(), joined.f), asio::detached);
    }
    const auto wait = (slot_wait_limit + settings.timeout + flight_margin) * 2;
    auto outcome = co_await resolutions.wait(joined.f, clock::now() + wait);
    if (!outcome)
        co_return result<resolution>::fail(make_failure(failure_kind::unavailable, true, "names still being resolved"));
    co_return *outcome;
}

asio::awaitable<result<std::int64_t>> gateway::state_type::onec_field() {
    using id_result = result<std::int64_t>;
    if (settings.onec_id_field.empty())
        co_return id_result::fail(make_failure(failure_kind::rejected, false, "no onec_id_field in the amocrm rules"));
    auto res = co_await ensure_resolved();
    if (!res.has_value()) co_return id_result::fail(res.error);
    if (!res.value->onec_id_field)
        co_return id_result::fail(make_failure(
            failure_kind::rejected, false,
            "custom field \"" + settings.onec_id_field + "\" was not found in amoCRM (see GET /admin/amocrm)"));
    co_return id_result::ok(*res.value->onec_id_field);
}

gateway::gateway(gateway_settings settings, std::shared_ptr<upstream::client> client, store::database& store,
                 observe::metrics& metrics)
    : state_(std::make_shared<state_type>(std::move(settings), std::move(client), store, metrics)) {}

gateway::~gateway() = default;

const gateway_settings& gateway::settings() const { return state_->settings; }

auth_state gateway::state() const { return state_->current_state(); }

std::string_view gateway::state_detail() const {
    switch (state_->current_state()) {
        case auth_state::banned:
            return messages::state_banned;
        case auth_state::needs_authorisation:
            return messages::state_needs_authorisation;
        case auth_state::resolving:
            return messages::state_resolving;
        case auth_state::ready:
            break;
    }
    return state_->resolved_with_problems() ? messages::state_ready_with_problems : messages::state_ready;
}

void gateway::unban() {
    if (state_->link->banned.exchange(false)) observe::log_warn("amoCRM ban lifted by an operator: calls go out again");
    state_->publish_state();
}

overview gateway::describe() const {
    overview o;
    o.state = state();
    o.detail = state_detail();
    o.mode = state_->settings.mode;
    {
        std::lock_guard lock(state_->link->tokens_mutex);
        o.has_tokens = state_->settings.mode == auth_mode::long_lived || state_->link->tokens.has_value();
        if (state_->settings.mode == auth_mode::oauth && state_->link->tokens)
            o.token_expires_at = state_->link->tokens->expires_at;
    }
    {
        std::lock_guard lock(state_->resolution_mutex);
        o.resolved = state_->resolved;
    }
    o.allowance = state_->link->budget.allowance();
    state_->publish_state();
    return o;
}

asio::awaitable<void> gateway::start() {
    const auto st = state_;
    auto delay = std::chrono::duration_cast<clock::duration>(start_retry_first);
    while (st->link->newest_owner == st->owner) {
        auto loaded = co_await st->ensure_tokens_loaded();
        if (loaded.has_value()) {
            auto res = co_await st->ensure_resolved();
            if (res.has_value()) co_return;
        }
        co_await sleep_for(delay);
        delay = std::min<clock::duration>(delay * 2, start_retry_cap);
    }
}

asio::awaitable<result<done>> gateway::authorise(std::string code) {
    const auto st = state_;
    if (st->settings.mode != auth_mode::oauth)
        co_return result<done>::fail(
            make_failure(failure_kind::rejected, false, "the integration uses a long-lived token"));
    auto answer = co_await st->token_request(grant::authorization_code, std::move(code));
    if (!answer.has_value()) {
        observe::log_warn("amoCRM refused the authorization code",
                          {{"kind", to_string(answer.error.kind)}, {"detail", answer.error.message}});
        co_return result<done>::fail(answer.error);
    }
    const auto pair = std::move(*answer.value);
    auto save = [pair](store::connection& db) { token_store::save(db, pair); };
    try {
        co_await st->store.run(std::move(save));
    } catch (const std::exception& e) {
        // The code is spent either way: the pair serves from memory until a restart.
        observe::log_error("amoCRM: the new token pair could not be stored; it is kept in memory only",
                           {{"error", e.what()}});
    }
    {
        std::lock_guard lock(st->link->tokens_mutex);
        st->link->tokens = pair;
        st->link->tokens_loaded = true;
        st->link->needs_authorisation = false;
        ++st->link->generation;
    }
    observe::log_info("amoCRM authorised through OAuth", {{"expires_at", pair.expires_at}});
    st->publish_state();
    co_await st->ensure_resolved();
    co_return result<done>::ok({});
}

asio::awaitable<result<lead>> gateway::get_lead(std::int64_t id) {
    const auto st = state_;
    if (id <= 0) co_return result<lead>::fail(make_failure(failure_kind::not_found, false, "lead ids are positive"));
    auto answer = co_await st->call(call_kind::get_lead, http::verb::get, lead_path(id), {});
    if (!answer.has_value()) co_return result<lead>::fail(answer.error);
    if (answer.value->is_null())
        co_return result<lead>::fail(make_failure(failure_kind::not_found, false, "no content"));
    co_return read_lead(*answer.value);
}

asio::awaitable<result<done>> gateway::write_onec_id(std::int64_t lead_id, std::string value) {
    const auto st = state_;
    if (lead_id <= 0)
        co_return result<done>::fail(make_failure(failure_kind::not_found, false, "lead ids are positive"));
    if (!text::is_valid_utf8(value))
        co_return result<done>::fail(make_failure(failure_kind::rejected, false, "the value is not valid UTF-8"));
    auto field = co_await st->onec_field();
    if (!field.has_value()) co_return result<done>::fail(field.error);
    auto body = json::serialize(field_patch(*field.value, value));
    auto answer = co_await st->call(call_kind::write_onec_id, http::verb::patch, lead_path(lead_id), std::move(body));
    if (!answer.has_value()) co_return result<done>::fail(answer.error);
    co_return result<done>::ok({});
}

asio::awaitable<result<done>> gateway::move_to_stage(std::int64_t lead_id, std::string event) {
    const auto st = state_;
    if (lead_id <= 0)
        co_return result<done>::fail(make_failure(failure_kind::not_found, false, "lead ids are positive"));
    if (!st->settings.stages.contains(event))
        co_return result<done>::fail(
            make_failure(failure_kind::rejected, false, "no stage for event \"" + event + "\" in the amocrm rules"));
    auto res = co_await st->ensure_resolved();
    if (!res.has_value()) co_return result<done>::fail(res.error);
    const auto it = res.value->stages.find(event);
    if (it == res.value->stages.end())
        co_return result<done>::fail(
            make_failure(failure_kind::rejected, false,
                         "the stage for event \"" + event + "\" was not found in amoCRM (see GET /admin/amocrm)"));
    auto body = json::serialize(stage_patch(it->second.pipeline_id, it->second.status_id));
    auto answer = co_await st->call(call_kind::move_to_stage, http::verb::patch, lead_path(lead_id), std::move(body));
    if (!answer.has_value()) co_return result<done>::fail(answer.error);
    co_return result<done>::ok({});
}

asio::awaitable<result<std::int64_t>> gateway::onec_id_field() {
    auto st = state_;  // kept alive across the suspension
    co_return co_await st->onec_field();
}

asio::awaitable<result<std::vector<lead>>> gateway::find_by_onec_id(std::string value) {
    using list_result = result<std::vector<lead>>;
    const auto st = state_;
    // query= with nothing lists every lead; no lead has an empty value.
    if (value.empty()) co_return list_result::ok({});
    if (!text::is_valid_utf8(value))
        co_return list_result::fail(make_failure(failure_kind::rejected, false, "the value is not valid UTF-8"));
    auto field = co_await st->onec_field();
    if (!field.has_value()) co_return list_result::fail(field.error);
    std::vector<lead> found;
    const auto query = hs1c::http::percent_encode(value);
    for (std::size_t page = 1; page <= max_query_pages; ++page) {
        auto answer = co_await st->call(call_kind::find_by_onec_id, http::verb::get,
                                        std::string(leads_path) + "?query=" + query + "&limit=" +
                                            std::to_string(leads_page_limit) + "&page=" + std::to_string(page),
                                        {});
        if (!answer.has_value()) co_return list_result::fail(answer.error);
        auto got = read_leads_page(*answer.value);
        if (!got.has_value()) co_return list_result::fail(got.error);
        auto matches = exact_matches(std::move(got.value->leads), *field.value, value);
        found.insert(found.end(), std::make_move_iterator(matches.begin()), std::make_move_iterator(matches.end()));
        if (!got.value->more) co_return list_result::ok(std::move(found));
    }
    observe::log_warn("amoCRM query= had more pages than are read", {{"pages", max_query_pages}});
    co_return list_result::ok(std::move(found));
}

}  // namespace hs1c::amocrm
