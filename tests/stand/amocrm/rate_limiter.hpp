// amoCRM's request limit: at most `rps_limit` requests per integration in any sliding second; excess
// answers 429, and after `ban_after` of those the account is blocked (HTML 403) until lifted.
#pragma once

#include <boost/json/fwd.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <string>

namespace hs1c::stand::amo {

class rate_limiter {
public:
    using clock = std::chrono::steady_clock;
    enum class verdict { pass, too_many, banned };

    static constexpr std::size_t default_rps_limit = 7;
    static constexpr std::size_t default_ban_after = 20;

    // One API call of the integration `client` arriving at `now`.
    verdict admit(const std::string& client, clock::time_point now);
    bool banned() const { return banned_; }

    void set_rps_limit(std::size_t limit) { rps_limit_ = limit; }
    void set_ban_after(std::size_t count) { ban_after_ = count; }
    // Lifting a ban also forgets the 429s that led to it, as support does.
    void set_banned(bool banned);
    std::size_t rps_limit() const { return rps_limit_; }
    std::size_t ban_after() const { return ban_after_; }

    // {"rejected_429", "banned", "peak_rps"}
    boost::json::object state() const;
    void reset();

private:
    struct window {
        std::deque<clock::time_point> admitted;  // passed calls of the last second
        std::deque<clock::time_point> arrived;   // every call of the last second, for the peak
    };

    std::size_t rps_limit_ = default_rps_limit;
    std::size_t ban_after_ = default_ban_after;
    std::map<std::string, window> windows_;
    std::size_t rejected_ = 0;        // 429s since the last ban was lifted
    std::size_t rejected_total_ = 0;  // 429s since start or reset
    std::size_t peak_ = 0;
    bool banned_ = false;
};

}  // namespace hs1c::stand::amo
