#include "plugins/onec/breaker.hpp"

#include <algorithm>

namespace hs1c::onec {

breaker::breaker(std::size_t failures, clock::duration open_for)
    // A threshold of 0 would open the breaker before any call; one failure is the least that means anything.
    : threshold_(std::max<std::size_t>(failures, 1)), open_for_(open_for)
{
}

bool breaker::allow(clock::time_point now)
{
    switch (current(now)) {
    case state::closed:
        return true;
    case state::open:
        return false;
    case state::half_open:
        if (trial_in_flight_) {
            return false;
        }
        trial_in_flight_ = true;
        return true;
    }
    return false;
}

void breaker::record_success()
{
    consecutive_ = 0;
    open_ = false;
    trial_in_flight_ = false;
}

void breaker::record_failure(clock::time_point now)
{
    if (open_) {
        // The trial failed (or a call let through before opening did): 1C is still unwell, so wait
        // a full period again from now.
        opened_at_ = now;
        trial_in_flight_ = false;
        return;
    }
    if (++consecutive_ >= threshold_) {
        open_ = true;
        opened_at_ = now;
        trial_in_flight_ = false;
    }
}

breaker::state breaker::current(clock::time_point now) const
{
    if (!open_) {
        return state::closed;
    }
    return now - opened_at_ < open_for_ ? state::open : state::half_open;
}

}  // namespace hs1c::onec
