#include "proxy/async/debouncer.hpp"

#include "proxy/async/wakeup.hpp"

#include <boost/asio/this_coro.hpp>

namespace hs1c::async {

boost::asio::awaitable<bool> debouncer::settle(std::string key, std::chrono::milliseconds window) {
    auto waiter = wakeup::create(co_await boost::asio::this_coro::executor);
    std::uint64_t generation = 0;
    {
        std::lock_guard lock(mutex_);
        auto& s = latest_[key];
        if (s.waiter) s.waiter->notify();  // the older call is superseded: let it answer now
        generation = ++next_generation_;
        s = {generation, waiter};
    }
    const bool superseded = co_await waiter->wait_until(wakeup::clock::now() + window);
    std::lock_guard lock(mutex_);
    auto it = latest_.find(key);
    const bool latest = it != latest_.end() && it->second.generation == generation;
    if (latest) latest_.erase(it);
    co_return latest && !superseded;
}

std::size_t debouncer::pending() const {
    std::lock_guard lock(mutex_);
    return latest_.size();
}

}  // namespace hs1c::async
