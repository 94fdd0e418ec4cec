#include "plugins/orders/service.hpp"

#include "plugins/onec/backoff.hpp"
#include "plugins/onec/gateway.hpp"
#include "proxy/async/wakeup.hpp"
#include "proxy/observe/log.hpp"
#include "proxy/observe/metrics.hpp"
#include "proxy/store/database.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/json/parse.hpp>

#include <random>

namespace hs1c::orders {

namespace asio = boost::asio;
using clock = std::chrono::steady_clock;

namespace {

// Rows a worker round takes; the rest wait for the next round.
constexpr std::size_t worker_batch = 20;
// While accept() works on a fresh row the worker leaves it alone a little longer than the budget.
constexpr std::chrono::milliseconds accept_margin{2'000};

std::uint64_t jitter() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return rng();
}

}  // namespace

order_service::order_service(orders::settings s, std::shared_ptr<onec::gateway> onec, deal_linker link,
                             store::database& db, observe::metrics& metrics)
    : settings_(std::move(s)),
      onec_(std::move(onec)),
      link_(std::move(link)),
      db_(db),
      metrics_(metrics),
      submitted_at_once_(metrics.get_counter("hs1c_orders_submitted_total", "Orders accepted by 1C",
                                             {{"when", "while_operator_waited"}})),
      submitted_later_(metrics.get_counter("hs1c_orders_submitted_total", "Orders accepted by 1C",
                                           {{"when", "by_worker"}})),
      linked_(metrics.get_counter("hs1c_orders_linked_total", "1C order ids written into amoCRM deals")),
      parked_(metrics.get_counter("hs1c_orders_parked_total", "Orders parked: retrying cannot help")),
      retries_(metrics.get_counter("hs1c_orders_retries_total", "Outbox steps postponed after a retryable failure")) {}

bool order_service::claim(const std::string& cart_id) {
    std::lock_guard lock(mutex_);
    return busy_.insert(cart_id).second;
}

void order_service::release(const std::string& cart_id) {
    std::lock_guard lock(mutex_);
    busy_.erase(cart_id);
}

void order_service::wake() {
    std::shared_ptr<async::wakeup> w;
    {
        std::lock_guard lock(mutex_);
        w = wakeup_;
    }
    if (w) w->notify();
}

asio::awaitable<outbox_row> order_service::accept(outbox_row row) {
    row.next_at_ms = now_ms() + (settings_.submit_budget + accept_margin).count();
    auto insert = [row](store::connection& db) { return outbox::enqueue(db, row); };
    auto [stored, created] = co_await db_.run(std::move(insert));
    if (!created) co_return stored;  // a repeated «Разговор окончен»: the order exists already
    if (claim(stored.cart_id)) {
        co_await submit_1c(stored, clock::now() + settings_.submit_budget);
        release(stored.cart_id);
    }
    auto reread = [id = stored.cart_id](store::connection& db) { return outbox::find(db, id); };
    auto after = co_await db_.run(std::move(reread));
    wake();
    co_return after ? *after : stored;
}

asio::awaitable<void> order_service::retry_later(const outbox_row& row, std::string reason) {
    const auto delay = onec::retry_delay({settings_.retry_base, settings_.retry_cap},
                                         static_cast<unsigned>(row.attempts + 1), jitter());
    // Never sooner than half the nominal delay: full jitter alone could spin on a dead 1C.
    const auto floor = std::min(settings_.retry_base, settings_.retry_cap) / 2;
    const auto next = now_ms() + std::max(delay, floor).count();
    retries_.inc();
    observe::log_warn("order step postponed", {{"cart_id", row.cart_id}, {"state", state_name(row.state)},
                                               {"attempt", row.attempts + 1}, {"reason", reason}});
    auto update = [id = row.cart_id, next, reason](store::connection& db) { outbox::retry_later(db, id, next, reason); };
    co_await db_.run(std::move(update));
}

asio::awaitable<void> order_service::submit_1c(outbox_row row, clock::time_point deadline) {
    boost::system::error_code ec;
    auto payload = boost::json::parse(row.payload, ec);
    if (ec || !payload.is_object()) {
        auto park = [id = row.cart_id](store::connection& db) {
            outbox::finish(db, id, state::parked, "the stored order is not valid JSON");
        };
        co_await db_.run(std::move(park));
        parked_.inc();
        co_return;
    }
    auto created = co_await onec_->create_order(std::move(payload.get_object()), deadline);
    if (!created.has_value()) {
        const auto& f = created.error;
        const std::string reason = "1C: " + f.message;
        if (f.retryable || f.kind == onec::failure_kind::unavailable || f.kind == onec::failure_kind::busy) {
            co_await retry_later(row, reason);
        } else {
            observe::log_error("order parked", {{"cart_id", row.cart_id}, {"reason", reason}});
            auto park = [id = row.cart_id, reason](store::connection& db) { outbox::finish(db, id, state::parked, reason); };
            co_await db_.run(std::move(park));
            parked_.inc();
        }
        co_return;
    }
    const auto& order = *created.value;
    state next = state::pending_amocrm;
    std::string reason;
    if (!row.lead_id) {
        next = state::unlinked;
        reason = "no deal id in the call";
    } else if (!link_) {
        next = state::unlinked;
        reason = "amoCRM is not configured";
    }
    auto update = [id = row.cart_id, order, next, reason](store::connection& db) {
        outbox::submitted(db, id, order.id, order.number, next, reason);
    };
    co_await db_.run(std::move(update));
    (clock::now() < deadline ? submitted_at_once_ : submitted_later_).inc();
    observe::log_info("order accepted by 1C", {{"cart_id", row.cart_id}, {"number", order.number},
                                               {"next", state_name(next)}});
    if (next == state::unlinked)
        observe::log_warn("order not linked to a deal", {{"cart_id", row.cart_id}, {"reason", reason}});
}

asio::awaitable<void> order_service::link_deal(outbox_row row) {
    auto outcome = co_await link_(*row.lead_id, row.onec_id);
    switch (outcome.how) {
        case link_outcome::kind::done: {
            auto done = [id = row.cart_id](store::connection& db) { outbox::finish(db, id, state::done, ""); };
            co_await db_.run(std::move(done));
            linked_.inc();
            observe::log_info("order linked to the deal", {{"cart_id", row.cart_id}, {"lead_id", *row.lead_id}});
            break;
        }
        case link_outcome::kind::retry:
            co_await retry_later(row, "amoCRM: " + outcome.reason);
            break;
        case link_outcome::kind::park: {
            const auto reason = "amoCRM: " + outcome.reason;
            observe::log_error("order parked", {{"cart_id", row.cart_id}, {"reason", reason}});
            auto park = [id = row.cart_id, reason](store::connection& db) { outbox::finish(db, id, state::parked, reason); };
            co_await db_.run(std::move(park));
            parked_.inc();
            break;
        }
    }
}

asio::awaitable<void> order_service::work_on(outbox_row row) {
    if (row.state == state::pending_1c) {
        co_await submit_1c(row, clock::now() + settings_.call_timeout);
        auto reread = [id = row.cart_id](store::connection& db) { return outbox::find(db, id); };
        auto after = co_await db_.run(std::move(reread));
        if (!after || after->state != state::pending_amocrm) co_return;
        row = std::move(*after);
    }
    if (row.state == state::pending_amocrm && row.lead_id && link_) co_await link_deal(std::move(row));
}

asio::awaitable<void> order_service::publish_counts() {
    auto count = [](store::connection& db) { return outbox::counts(db); };
    auto counts = co_await db_.run(std::move(count));
    for (const auto& [s, n] : counts)
        metrics_.get_gauge("hs1c_orders_outbox", "Orders in the outbox by state", {{"state", std::string(state_name(s))}})
            .set(n);
}

asio::awaitable<void> order_service::run() {
    auto ex = co_await asio::this_coro::executor;
    for (;;) {
        auto w = async::wakeup::create(ex);
        {
            std::lock_guard lock(mutex_);
            wakeup_ = w;
        }
        try {
            auto fetch = [](store::connection& db) { return outbox::due(db, now_ms(), worker_batch); };
            auto rows = co_await db_.run(std::move(fetch));
            for (auto& row : rows) {
                if (!claim(row.cart_id)) continue;
                const auto id = row.cart_id;
                co_await work_on(std::move(row));
                release(id);
            }
            co_await publish_counts();
        } catch (const std::exception& e) {
            // The store failing is not the end of the worker: the next round tries again.
            observe::log_error("order worker round failed", {{"error", e.what()}});
        }
        co_await w->wait_until(clock::now() + settings_.poll);
    }
}

}  // namespace hs1c::orders
