#include "plugins/status/applier.hpp"

#include "plugins/amocrm/gateway.hpp"
#include "plugins/onec/backoff.hpp"
#include "plugins/orders/outbox.hpp"
#include "proxy/async/wakeup.hpp"
#include "proxy/observe/log.hpp"
#include "proxy/observe/metrics.hpp"
#include "proxy/store/database.hpp"

#include <boost/asio/this_coro.hpp>

#include <algorithm>
#include <random>
#include <set>

namespace hs1c::status {

namespace asio = boost::asio;
using clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t round_limit = 200;
// amoCRM's own "won" and "lost" stages, present in every pipeline.
constexpr std::int64_t won_status = 142;
constexpr std::int64_t lost_status = 143;

std::uint64_t jitter() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return rng();
}

bool permanent(const amocrm::failure& f) {
    using amocrm::failure_kind;
    return f.kind == failure_kind::rejected || f.kind == failure_kind::unsorted || f.kind == failure_kind::not_found;
}

std::string describe(const amocrm::failure& f) {
    return "amoCRM: " + f.message + (f.code.empty() ? "" : " (" + f.code + (f.path.empty() ? "" : " at " + f.path) + ")");
}

}  // namespace

applier::applier(status::settings s, std::shared_ptr<amocrm::gateway> amocrm, store::database& db,
                 observe::metrics& metrics)
    : settings_(std::move(s)),
      amocrm_(std::move(amocrm)),
      db_(db),
      metrics_(metrics),
      applied_(metrics.get_counter("hs1c_status_applied_total", "Status events that moved a deal")),
      skipped_(metrics.get_counter("hs1c_status_skipped_total", "Status events left unapplied by the rules")),
      parked_(metrics.get_counter("hs1c_status_parked_total", "Status events parked: retrying cannot help")),
      retries_(metrics.get_counter("hs1c_status_retries_total", "Status event steps postponed")) {}

void applier::wake() {
    std::shared_ptr<async::wakeup> w;
    {
        std::lock_guard lock(mutex_);
        w = wakeup_;
    }
    if (w) w->notify();
}

asio::awaitable<void> applier::postpone(const event_row& row, std::string reason, std::optional<std::int64_t> lead) {
    const auto delay = onec::retry_delay({settings_.retry_base, settings_.retry_cap},
                                         static_cast<unsigned>(row.attempts + 1), jitter());
    const auto floor = std::min(settings_.retry_base, settings_.retry_cap) / 2;
    const auto next = orders::now_ms() + std::max(delay, floor).count();
    retries_.inc();
    auto update = [seq = row.seq, next, reason, lead](store::connection& db) {
        events::retry_later(db, seq, next, reason, lead);
    };
    co_await db_.run(std::move(update));
}

asio::awaitable<void> applier::close(const event_row& row, status::state s, std::string reason,
                                     std::optional<std::int64_t> lead) {
    (s == state::done ? applied_ : s == state::skipped ? skipped_ : parked_).inc();
    const auto level_text = s == state::parked ? "status event parked" : s == state::skipped ? "status event skipped"
                                                                                           : "status event applied";
    observe::log_info(level_text, {{"seq", row.seq}, {"onec_id", row.ev.onec_id}, {"status", row.ev.type},
                                   {"lead_id", lead ? boost::json::value(*lead) : boost::json::value(nullptr)},
                                   {"reason", reason}});
    auto update = [seq = row.seq, s, reason, lead](store::connection& db) { events::finish(db, seq, s, reason, lead); };
    co_await db_.run(std::move(update));
}

asio::awaitable<bool> applier::apply(event_row row) {
    std::optional<std::int64_t> lead = row.lead_id;
    if (!lead) {
        auto local = [id = row.ev.onec_id](store::connection& db) { return orders::outbox::lead_for_onec_id(db, id); };
        lead = co_await db_.run(std::move(local));
    }
    if (!lead) {
        auto found = co_await amocrm_->find_by_onec_id(row.ev.onec_id);
        if (!found.has_value()) {
            if (permanent(found.error)) {
                co_await close(row, state::parked, describe(found.error), std::nullopt);
                co_return true;
            }
            co_await postpone(row, describe(found.error), std::nullopt);
            co_return false;
        }
        const auto& leads = *found.value;
        if (leads.size() > 1) {
            std::string ids;
            for (const auto& l : leads) ids += (ids.empty() ? "" : ", ") + std::to_string(l.id);
            co_await close(row, state::parked, "several deals carry this 1C id: " + ids, std::nullopt);
            co_return true;
        }
        if (leads.empty()) {
            // The orders feature may not have written the link yet: keep looking for a while.
            if (orders::now_ms() - row.received_ms < settings_.find_deal_for.count()) {
                co_await postpone(row, "no deal carries this 1C id yet", std::nullopt);
                co_return false;
            }
            co_await close(row, state::parked, "no deal carries this 1C id", std::nullopt);
            co_return true;
        }
        lead = leads.front().id;
    }

    if (settings_.never_from_closed) {
        auto current = co_await amocrm_->get_lead(*lead);
        if (!current.has_value()) {
            if (permanent(current.error)) co_await close(row, state::parked, describe(current.error), lead);
            else co_await postpone(row, describe(current.error), lead);
            co_return permanent(current.error);
        }
        if (current.value->status_id == won_status || current.value->status_id == lost_status) {
            co_await close(row, state::skipped, "the deal is closed", lead);
            co_return true;
        }
    }
    const auto rank = static_cast<std::int64_t>(
        std::find(settings_.events.begin(), settings_.events.end(), row.ev.type) - settings_.events.begin());
    if (settings_.never_backwards) {
        auto read_rank = [l = *lead](store::connection& db) { return events::last_rank(db, l); };
        const auto last = co_await db_.run(std::move(read_rank));
        if (rank < last) {
            co_await close(row, state::skipped, "the deal is past this stage already", lead);
            co_return true;
        }
    }
    auto moved = co_await amocrm_->move_to_stage(*lead, row.ev.type);
    if (!moved.has_value()) {
        if (permanent(moved.error)) co_await close(row, state::parked, describe(moved.error), lead);
        else co_await postpone(row, describe(moved.error), lead);
        co_return permanent(moved.error);
    }
    auto remember = [l = *lead, rank](store::connection& db) {
        events::set_rank(db, l, std::max(rank, events::last_rank(db, l)));
    };
    co_await db_.run(std::move(remember));
    co_await close(row, state::done, "", lead);
    co_return true;
}

asio::awaitable<void> applier::publish_counts() {
    auto count = [](store::connection& db) { return events::counts(db); };
    const auto counts = co_await db_.run(std::move(count));
    for (const auto& [s, n] : counts)
        metrics_.get_gauge("hs1c_status_events", "Status events by state", {{"state", std::string(state_name(s))}}).set(n);
}

asio::awaitable<void> applier::run() {
    auto ex = co_await asio::this_coro::executor;
    for (;;) {
        auto w = async::wakeup::create(ex);
        {
            std::lock_guard lock(mutex_);
            wakeup_ = w;
        }
        try {
            auto fetch = [](store::connection& db) { return events::pending(db, round_limit); };
            const auto rows = co_await db_.run(std::move(fetch));
            // Events of one 1C order apply in arrival order: one still waiting holds back later ones.
            std::set<std::string> held;
            const auto now = orders::now_ms();
            for (const auto& row : rows) {
                if (held.contains(row.ev.onec_id)) continue;
                if (row.next_at_ms > now) {
                    held.insert(row.ev.onec_id);
                    continue;
                }
                const bool left_pending = !co_await apply(row);
                if (left_pending) held.insert(row.ev.onec_id);
            }
            co_await publish_counts();
        } catch (const std::exception& e) {
            observe::log_error("status worker round failed", {{"error", e.what()}});
        }
        co_await w->wait_until(clock::now() + settings_.poll);
    }
}

}  // namespace hs1c::status
