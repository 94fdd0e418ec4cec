// The shared request budget for amoCRM: every call, on any thread, waits here for its send time from
// the send schedule, so at most `rps` requests leave in any sliding second across all callers; a 429
// slows everyone down at once. Thread-safe.
#pragma once

#include "plugins/amocrm/send_schedule.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <mutex>
#include <optional>

namespace hs1c::amocrm {

class throttle {
public:
    using clock = send_schedule::clock;

    explicit throttle(send_schedule::plan plan);
    throttle(const throttle&) = delete;
    throttle& operator=(const throttle&) = delete;

    struct turn {
        std::uint64_t epoch = 0;  // give it back to slow_down when amoCRM answers 429
        bool waited = false;      // the caller had to wait for its slot
    };

    // Resumes at the caller's send time (again after a pause when a 429 cancelled the slot);
    // nullopt when the slot would come later than `latest`.
    boost::asio::awaitable<std::optional<turn>> wait_turn(clock::time_point latest);

    // A 429 answered the request sent on `t`: pause everyone for `pause` and halve the allowance
    // (once per burst). True when this answer caused the slow-down.
    bool slow_down(const turn& t, clock::duration pause);

    void replan(send_schedule::plan plan);
    std::size_t allowance() const;

private:
    mutable std::mutex mutex_;
    send_schedule schedule_;
};

}  // namespace hs1c::amocrm
