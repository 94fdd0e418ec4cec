// The open-loop send schedule: when each connection should send its k-th request so that all
// connections together send at a fixed rate, evenly interleaved. Latency is measured from these
// intended times, so a stalled server is charged for every request it delayed (no coordinated omission).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace hs1c::bench {

class pacing_schedule {
public:
    // rate: requests per second over all connections (> 0); index < connections.
    pacing_schedule(double rate, std::size_t connections, std::size_t index);

    // Offset from the run's start at which request k of this connection is due.
    std::chrono::nanoseconds intended(std::uint64_t k) const;

    // How many of this connection's requests are due strictly before `elapsed`.
    std::uint64_t due_before(std::chrono::nanoseconds elapsed) const;

private:
    double rate_;
    std::size_t connections_;
    std::size_t index_;
};

}  // namespace hs1c::bench
