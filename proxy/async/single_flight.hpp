// Single flight: concurrent requests for the same key share one fetch. The first caller becomes the
// leader and starts the fetch (detached, so it can outlive an impatient caller and still fill a
// cache); everyone, the leader included, waits for the result with their own deadline.
#pragma once

#include "proxy/async/wakeup.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/this_coro.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hs1c::async {

template <class T>
class single_flight {
public:
    using clock = std::chrono::steady_clock;

    struct flight {
        std::vector<std::shared_ptr<wakeup>> waiters;
        std::shared_ptr<const T> result;
        bool done = false;
    };
    using flight_ptr = std::shared_ptr<flight>;

    struct joined {
        flight_ptr f;
        bool leader = false;  // the caller must start the fetch and call complete()
    };

    joined join(const std::string& key) {
        std::lock_guard lock(mutex_);
        auto [it, inserted] = flights_.try_emplace(key);
        if (inserted) it->second = std::make_shared<flight>();
        return {it->second, inserted};
    }

    // Publishes the leader's result and wakes every waiter; later joins for key start a new flight.
    void complete(const std::string& key, const flight_ptr& f, std::shared_ptr<const T> result) {
        std::vector<std::shared_ptr<wakeup>> waiters;
        {
            std::lock_guard lock(mutex_);
            f->result = std::move(result);
            f->done = true;
            waiters.swap(f->waiters);
            auto it = flights_.find(key);
            if (it != flights_.end() && it->second == f) flights_.erase(it);
        }
        for (auto& w : waiters) w->notify();
    }

    // The flight's result, or nullptr when the deadline passed first.
    boost::asio::awaitable<std::shared_ptr<const T>> wait(flight_ptr f, clock::time_point deadline) {
        std::shared_ptr<wakeup> waiter;
        {
            std::lock_guard lock(mutex_);
            if (f->done) co_return f->result;
            waiter = wakeup::create(co_await boost::asio::this_coro::executor);
            f->waiters.push_back(waiter);
        }
        co_await waiter->wait_until(deadline);
        std::lock_guard lock(mutex_);
        if (f->done) co_return f->result;
        std::erase(f->waiters, waiter);
        co_return nullptr;
    }

    std::size_t in_flight() const {
        std::lock_guard lock(mutex_);
        return flights_.size();
    }

private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, flight_ptr> flights_;
};

}  // namespace hs1c::async
