// Runs coroutines on real I/O contexts (one per thread, like the proxy's workers) for the async
// primitives' tests: no sockets, only timers and cross-thread wake-ups.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

namespace hs1c::testing {

class worker_pool {
public:
    explicit worker_pool(std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            contexts_.push_back(std::make_unique<boost::asio::io_context>());
            guards_.emplace_back(contexts_.back()->get_executor());
        }
        for (auto& c : contexts_) threads_.emplace_back([ctx = c.get()] { ctx->run(); });
    }
    ~worker_pool() { join(); }

    boost::asio::io_context& operator[](std::size_t i) { return *contexts_[i % contexts_.size()]; }
    std::size_t size() const { return contexts_.size(); }

    // Lets the contexts finish their work and waits for the threads.
    void join() {
        guards_.clear();
        for (auto& t : threads_) {
            if (t.joinable()) t.join();
        }
    }

private:
    std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
    std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guards_;
    std::vector<std::thread> threads_;
};

inline boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, d);
    co_await t.async_wait(boost::asio::use_awaitable);
}

}  // namespace hs1c::testing
