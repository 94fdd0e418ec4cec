// What every session shares: the configuration generation in force, metrics, and the counters that
// drain and connection limits rely on.
#pragma once

#include "proxy/server/runtime.hpp"

#include <atomic>
#include <memory>

namespace hs1c::observe {
class metrics;
class counter;
class gauge;
class histogram;
}  // namespace hs1c::observe

namespace hs1c::server {

struct proxy_state {
    explicit proxy_state(observe::metrics& m);

    std::shared_ptr<const runtime> current() const { return current_.load(); }
    void install(std::shared_ptr<const runtime> rt) { current_.store(std::move(rt)); }

    observe::metrics& metrics;
    std::atomic<bool> draining{false};
    std::atomic<std::size_t> connections{0};
    std::atomic<std::size_t> in_flight{0};

    observe::gauge& connections_gauge;
    observe::gauge& in_flight_gauge;
    observe::counter& rejected_connections;

    // Latency and count per (route, status class): looked up once per request.
    void record(std::string_view route, unsigned status, double seconds, double upstream_seconds,
                std::string_view upstream);

private:
    std::atomic<std::shared_ptr<const runtime>> current_;
};

}  // namespace hs1c::server
