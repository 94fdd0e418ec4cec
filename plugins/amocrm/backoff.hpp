// Delays before repeating an amoCRM call after a 429 or a transport failure: exponential, capped,
// with jitter, so several proxies (or callers) that were refused together do not return together.
#pragma once

#include <chrono>
#include <cstdint>

namespace hs1c::amocrm {

struct retry_policy {
    unsigned attempts = 3;  // tries of one call, the first included
    std::chrono::milliseconds base{500};
    std::chrono::milliseconds cap{8'000};
};

// Delay before retry number `attempt` (1 for the first retry): the ceiling min(cap, base·2^(attempt-1)),
// half of it fixed and half drawn from `random` (any 64-bit value from the caller's generator), so a
// retry never comes back at once yet a crowd spreads out.
std::chrono::milliseconds retry_delay(const retry_policy& policy, unsigned attempt, std::uint64_t random);

}  // namespace hs1c::amocrm
