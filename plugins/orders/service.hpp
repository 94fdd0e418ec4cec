// The order pipeline behind «Разговор окончен»: accept() commits the order to the outbox and gives 1C
// a short budget while the operator waits; a background worker drains the rest (1C submit, then the
// amoCRM link) with jittered exponential back-off, parking what retrying cannot fix.
#pragma once

#include "plugins/orders/outbox.hpp"
#include "plugins/orders/settings.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace hs1c::observe {
class metrics;
class counter;
class gauge;
}  // namespace hs1c::observe
namespace hs1c::onec {
class gateway;
}
namespace hs1c::store {
class database;
}
namespace hs1c::async {
class wakeup;
}

namespace hs1c::orders {

// What writing the 1C id into the deal came to.
struct link_outcome {
    enum class kind { done, retry, park } how = kind::done;
    std::string reason;
};
using deal_linker =
    std::function<boost::asio::awaitable<link_outcome>(std::int64_t lead_id, std::string onec_id)>;

class order_service : public std::enable_shared_from_this<order_service> {
public:
    // `link` empty: amoCRM is not configured, orders end as unlinked after 1C.
    order_service(orders::settings s, std::shared_ptr<onec::gateway> onec, deal_linker link, store::database& db,
                  observe::metrics& metrics);

    // Commits the row (or finds the cart's existing one) and, when new, tries 1C within the submit
    // budget. Returns the row as it stands afterwards. Throws store_error when the commit fails.
    boost::asio::awaitable<outbox_row> accept(outbox_row row);

    // The background worker: runs until the process stops.
    boost::asio::awaitable<void> run();
    // Makes the worker look for due work now (from any thread).
    void wake();

    const orders::settings& settings() const { return settings_; }

private:
    boost::asio::awaitable<void> submit_1c(outbox_row row, std::chrono::steady_clock::time_point deadline);
    boost::asio::awaitable<void> link_deal(outbox_row row);
    boost::asio::awaitable<void> work_on(outbox_row row);
    boost::asio::awaitable<void> retry_later(const outbox_row& row, std::string reason);
    boost::asio::awaitable<void> publish_counts();
    bool claim(const std::string& cart_id);
    void release(const std::string& cart_id);

    orders::settings settings_;
    std::shared_ptr<onec::gateway> onec_;
    deal_linker link_;
    store::database& db_;
    observe::metrics& metrics_;
    observe::counter& submitted_at_once_;
    observe::counter& submitted_later_;
    observe::counter& linked_;
    observe::counter& parked_;
    observe::counter& retries_;
    std::mutex mutex_;
    std::set<std::string> busy_;  // carts someone is working on right now
    std::shared_ptr<async::wakeup> wakeup_;  // the worker's, replaced each round
};

}  // namespace hs1c::orders
