// Delays between retries of idempotent 1C reads: exponential with full jitter, capped, so a crowd
// of proxies retrying after a 1C hiccup does not arrive in step.
#pragma once

#include <chrono>
#include <cstdint>

namespace hs1c::onec {

struct backoff_policy {
    std::chrono::milliseconds base{200};
    std::chrono::milliseconds cap{2'000};
};

// Delay before retry number `attempt` (1 for the first retry): uniform in
// [0, min(cap, base * 2^(attempt-1))], drawn from `random` (any 64-bit value; the caller's RNG).
std::chrono::milliseconds retry_delay(const backoff_policy& policy, unsigned attempt, std::uint64_t random);

}  // namespace hs1c::onec
