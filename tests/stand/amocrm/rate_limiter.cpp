#include "tests/stand/amocrm/rate_limiter.hpp"

#include <boost/json/object.hpp>

#include <algorithm>

namespace hs1c::stand::amo {

namespace {

constexpr auto window_length = std::chrono::seconds(1);

void expire(std::deque<rate_limiter::clock::time_point>& times, rate_limiter::clock::time_point now) {
    while (!times.empty() && now - times.front() >= window_length) times.pop_front();
}

}  // namespace

rate_limiter::verdict rate_limiter::admit(const std::string& client, clock::time_point now) {
    if (banned_) return verdict::banned;
    auto& w = windows_[client];
    expire(w.arrived, now);
    expire(w.admitted, now);
    w.arrived.push_back(now);
    peak_ = std::max(peak_, w.arrived.size());
    if (w.admitted.size() < rps_limit_) {
        w.admitted.push_back(now);
        return verdict::pass;
    }
    ++rejected_total_;
    if (++rejected_ >= ban_after_) banned_ = true;
    return verdict::too_many;
}

void rate_limiter::set_banned(bool banned) {
    banned_ = banned;
    if (!banned) rejected_ = 0;
}

boost::json::object rate_limiter::state() const {
    return boost::json::object{{"rejected_429", rejected_total_}, {"banned", banned_}, {"peak_rps", peak_}};
}

void rate_limiter::reset() {
    rps_limit_ = default_rps_limit;
    ban_after_ = default_ban_after;
    windows_.clear();
    rejected_ = 0;
    rejected_total_ = 0;
    peak_ = 0;
    banned_ = false;
}

}  // namespace hs1c::stand::amo
