// A one-shot signal a coroutine waits on with a deadline and any thread may fire: the building block
// of queues, single flight and debounce, where one request's coroutine must be woken by another's,
// possibly running on a different I/O thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>
#include <mutex>

namespace hs1c::async {

class wakeup : public std::enable_shared_from_this<wakeup> {
public:
    using clock = std::chrono::steady_clock;

    // `ex` must be the executor of the (single-threaded) context the waiting coroutine runs on.
    static std::shared_ptr<wakeup> create(boost::asio::any_io_executor ex);

    // Returns true when notified (before or while waiting), false when the deadline passed first.
    // At most one waiter.
    boost::asio::awaitable<bool> wait_until(clock::time_point deadline);

    // Thread-safe; later calls do nothing. Returns false when already notified.
    bool notify();
    bool notified() const;

    explicit wakeup(boost::asio::any_io_executor ex);

private:
    boost::asio::any_io_executor ex_;
    boost::asio::steady_timer timer_;  // touched only on ex_
    mutable std::mutex mutex_;
    bool notified_ = false;
};

}  // namespace hs1c::async
