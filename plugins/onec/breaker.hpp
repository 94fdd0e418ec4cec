// A circuit breaker for 1C: after `failures` failures in a row it opens for `open_for`, answering
// at once instead of piling calls onto a sick server; then one trial call (half-open) decides.
// Pure and clock-free: callers pass the time, so tests need no sleeping. Not thread-safe: the
// gateway guards it.
#pragma once

#include <chrono>
#include <cstddef>

namespace hs1c::onec {

class breaker {
public:
    using clock = std::chrono::steady_clock;
    enum class state { closed, open, half_open };

    breaker(std::size_t failures, clock::duration open_for);

    // Whether a call may go out now; in half-open only the first caller is let through until it
    // reports back.
    bool allow(clock::time_point now);
    void record_success();
    // Only failures that say 1C is unwell count (not not_found or rejected): the caller decides.
    void record_failure(clock::time_point now);

    state current(clock::time_point now) const;

private:
    std::size_t threshold_;
    clock::duration open_for_;
    std::size_t consecutive_ = 0;
    clock::time_point opened_at_{};
    bool open_ = false;
    bool trial_in_flight_ = false;
};

}  // namespace hs1c::onec
