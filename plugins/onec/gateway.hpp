// The 1C gateway every feature uses to talk to 1C: builds calls from the profile's mapping, sends
// them with Basic auth through the pooled upstream client, holds concurrent calls under the licence
// cap (bounded queue, wait deadline), opens a breaker after repeated failures, retries idempotent
// reads with jitter, and turns every answer into a value or a typed failure.
#pragma once

#include "plugins/onec/settings.hpp"
#include "plugins/onec/types.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::observe {
class metrics;
}
namespace hs1c::upstream {
class client;
}

namespace hs1c::onec {

class gateway {
public:
    using clock = std::chrono::steady_clock;

    gateway(gateway_settings settings, std::shared_ptr<upstream::client> client, std::size_t licence_cap,
            observe::metrics& metrics);
    ~gateway();
    gateway(const gateway&) = delete;
    gateway& operator=(const gateway&) = delete;

    // Each call gives up by `deadline` (queue wait, attempts and backoff included).
    boost::asio::awaitable<result<search_page>> search(std::string text, std::size_t limit,
                                                       clock::time_point deadline);
    boost::asio::awaitable<result<std::vector<named>>> parameters(std::string item, clock::time_point deadline);
    boost::asio::awaitable<result<std::vector<named>>> values(std::string item, std::string parameter,
                                                              clock::time_point deadline);
    boost::asio::awaitable<result<order>> get_order(std::string id, clock::time_point deadline);
    // POSTs the order (DESIGN §4.1 body); idempotent by its external_id, so retried like a read.
    boost::asio::awaitable<result<created_order>> create_order(boost::json::object order, clock::time_point deadline);

    const gateway_settings& settings() const;
    // For readiness and metrics: "closed", "open" or "half_open".
    std::string_view breaker_state() const;

private:
    struct state;
    std::unique_ptr<state> state_;
};

}  // namespace hs1c::onec
