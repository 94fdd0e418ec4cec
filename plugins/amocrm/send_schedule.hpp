// When each amoCRM request may leave so that no sliding window holds more than the allowance: callers
// reserve send times in arrival order (first come, first served). A 429 halves the allowance, pauses
// everyone and cancels reservations not yet used; the allowance then grows back one step per quiet
// recovery period. Pure and clock-free (callers pass the time); not thread-safe: throttle guards it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

namespace hs1c::amocrm {

class send_schedule {
public:
    using clock = std::chrono::steady_clock;

    struct plan {
        std::size_t per_window = 1;  // requests allowed in any window (≥ 1)
        clock::duration window{};    // a second plus a margin for network jitter
        clock::duration recovery{};  // quiet time after which the allowance grows by one
    };

    // A reserved send time; `epoch` tells whether a later 429 cancelled it.
    struct slot {
        clock::time_point at;
        std::uint64_t epoch = 0;
    };

    explicit send_schedule(plan p);

    // The earliest send time at or after `now` that keeps every window within the allowance and comes
    // after every earlier reservation; nullopt (nothing reserved) when that is later than `latest`.
    std::optional<slot> reserve(clock::time_point now, clock::time_point latest);
    // False once a 429 has cancelled reservations of that epoch: the caller must reserve again.
    bool stands(std::uint64_t epoch) const { return epoch == epoch_; }

    // A 429 answered a request sent under `epoch`. The first such answer per epoch halves the
    // allowance (at least one), pauses sending until now + pause and cancels reservations after now;
    // later answers to requests of the same burst change nothing. True when it reacted.
    bool slow_down(std::uint64_t epoch, clock::time_point now, clock::duration pause);

    // Nothing leaves before `until` (later holds and pauses win).
    void hold(clock::time_point until);

    // Takes a new plan (a reload of the rules); the current allowance never exceeds it.
    void replan(plan p);

    std::size_t allowance() const { return allowance_; }
    std::size_t per_window() const { return plan_.per_window; }
    clock::time_point paused_until() const { return paused_until_; }

private:
    void recover(clock::time_point now);
    void forget_old(clock::time_point now);

    plan plan_;
    std::size_t allowance_;
    clock::time_point changed_at_{};
    clock::time_point paused_until_{};
    std::uint64_t epoch_ = 0;
    std::deque<clock::time_point> sent_;  // reserved send times of the last window and beyond, ascending
};

// The plan for a self-imposed `rps`: a window of a second plus a margin, so that network jitter
// between our send and amoCRM's count does not push a request into the previous second; the
// allowance grows back one step per 30 quiet seconds after a 429.
send_schedule::plan plan_for(unsigned rps);

}  // namespace hs1c::amocrm
