// The nomenclature search behind the API: cache first (hits never wait), then refinement from a
// complete cached prefix, then debounce per cart, then one shared 1C fetch per key (single flight)
// that may outlive an impatient caller; stale answers when 1C fails (DESIGN §8).
#pragma once

#include "plugins/nomenclature/cache.hpp"
#include "plugins/nomenclature/item_directory.hpp"
#include "plugins/nomenclature/served.hpp"
#include "plugins/nomenclature/query.hpp"
#include "plugins/nomenclature/settings.hpp"
#include "plugins/onec/types.hpp"
#include "proxy/async/debouncer.hpp"
#include "proxy/async/single_flight.hpp"

#include <boost/asio/awaitable.hpp>

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hs1c::observe {
class metrics;
class counter;
class gauge;
}  // namespace hs1c::observe
namespace hs1c::onec {
class gateway;
}

namespace hs1c::nomenclature {

class service : public std::enable_shared_from_this<service> {
public:
    using clock = std::chrono::steady_clock;

    service(nomenclature::settings s, std::shared_ptr<onec::gateway> gateway, observe::metrics& metrics);

    boost::asio::awaitable<served> search(normalised_query query, std::string cart);
    boost::asio::awaitable<served> parameters(std::string item);
    boost::asio::awaitable<served> values(std::string item, std::string parameter);

    // An item some search answer has shown (its name, code and unit as 1C gave them).
    std::optional<onec::item> known_item(std::string_view id) const { return directory_.find(id); }

    std::size_t invalidate(const std::vector<std::string>& item_ids);
    std::size_t invalidate_all();

    const nomenclature::settings& settings() const { return settings_; }

    struct fetched_answer {
        answer_ptr answer;
        std::vector<std::string> item_ids;
        std::optional<onec::failure> error;
    };
    using fetcher = std::function<boost::asio::awaitable<fetched_answer>(clock::time_point deadline)>;

private:
    boost::asio::awaitable<served> lookup(call_kind kind, std::string key, std::string debounce_key,
                                          fetcher fetch);
    // Starts the shared fetch for key unless one runs; returns the flight to wait on.
    async::single_flight<fetched_answer>::joined start_fetch(const std::string& key, const fetcher& fetch,
                                                             boost::asio::any_io_executor ex);
    void count(call_kind kind, lookup_result how);
    void publish_cache();

    friend boost::asio::awaitable<void> run_fetch(std::shared_ptr<service> self, std::string key,
                                                  async::single_flight<fetched_answer>::flight_ptr flight,
                                                  fetcher fetch);

    nomenclature::settings settings_;
    std::shared_ptr<onec::gateway> gateway_;
    answer_cache cache_;
    async::single_flight<fetched_answer> flights_;
    async::debouncer debouncer_;
    item_directory directory_;
    std::array<std::array<observe::counter*, 8>, 3> lookups_{};
    observe::gauge& cache_bytes_;
    observe::gauge& cache_entries_;
    observe::gauge& cache_evictions_;
};

}  // namespace hs1c::nomenclature
