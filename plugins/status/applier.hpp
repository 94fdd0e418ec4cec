// Applies stored status events to amoCRM deals, in arrival order per 1C order: finds the deal (the
// orders feature's local link first, else amoCRM's query with exact verification), keeps closed deals
// and earlier stages alone when the rules say so, moves the deal, and retries or parks on failure.
#pragma once

#include "plugins/status/event_store.hpp"
#include "plugins/status/settings.hpp"

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <mutex>

namespace hs1c::amocrm {
class gateway;
}
namespace hs1c::store {
class database;
}
namespace hs1c::observe {
class metrics;
class counter;
}  // namespace hs1c::observe
namespace hs1c::async {
class wakeup;
}

namespace hs1c::status {

class applier : public std::enable_shared_from_this<applier> {
public:
    applier(status::settings s, std::shared_ptr<amocrm::gateway> amocrm, store::database& db, observe::metrics& metrics);

    boost::asio::awaitable<void> run();  // until the process stops
    void wake();                         // from any thread

    const status::settings& settings() const { return settings_; }
    store::database& db() { return db_; }

private:
    // Whether the event left `pending`.
    boost::asio::awaitable<bool> apply(event_row row);
    boost::asio::awaitable<void> postpone(const event_row& row, std::string reason, std::optional<std::int64_t> lead);
    boost::asio::awaitable<void> close(const event_row& row, status::state s, std::string reason,
                                       std::optional<std::int64_t> lead);
    boost::asio::awaitable<void> publish_counts();

    status::settings settings_;
    std::shared_ptr<amocrm::gateway> amocrm_;
    store::database& db_;
    observe::metrics& metrics_;
    observe::counter& applied_;
    observe::counter& skipped_;
    observe::counter& parked_;
    observe::counter& retries_;
    std::mutex mutex_;
    std::shared_ptr<async::wakeup> wakeup_;
};

}  // namespace hs1c::status
