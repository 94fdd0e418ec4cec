// Debounce by key: a call waits a short window and goes ahead only if no newer call with the same key
// arrived meanwhile; a newer call wakes the older one at once, so superseded work is answered
// immediately and never reaches the backend.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace hs1c::async {

class wakeup;

class debouncer {
public:
    // True when this call is still the latest for `key` after `window`; false as soon as a newer one
    // arrives.
    boost::asio::awaitable<bool> settle(std::string key, std::chrono::milliseconds window);

    std::size_t pending() const;

private:
    struct slot {
        std::uint64_t generation = 0;
        std::shared_ptr<wakeup> waiter;
    };

    mutable std::mutex mutex_;
    std::uint64_t next_generation_ = 0;
    std::unordered_map<std::string, slot> latest_;
};

}  // namespace hs1c::async
