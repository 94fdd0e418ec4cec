// A cap on concurrent operations with a bounded first-come-first-served queue and a wait deadline:
// how hs1c spares a licence-bound backend (1C holds a licence per concurrent request) while a burst
// of callers either gets a slot in turn or a clear refusal in bounded time.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>

namespace hs1c::async {

class wakeup;

class limiter {
public:
    using clock = std::chrono::steady_clock;

    // max_concurrent 0 = no cap (permits are still counted).
    limiter(std::size_t max_concurrent, std::size_t max_queue);
    limiter(const limiter&) = delete;
    limiter& operator=(const limiter&) = delete;

    // Holds one slot until destroyed; the limiter must outlive it.
    class permit {
    public:
        permit() = default;
        explicit permit(limiter* owner) : owner_(owner) {}
        permit(permit&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
        permit& operator=(permit&& other) noexcept;
        ~permit() { reset(); }

        explicit operator bool() const { return owner_ != nullptr; }
        void reset();

    private:
        limiter* owner_ = nullptr;
    };

    enum class refusal { none, queue_full, timed_out };

    struct acquired {
        permit slot;
        refusal refused = refusal::none;
    };

    // A slot at once when one is free and nobody queues; otherwise waits in line until `deadline`.
    boost::asio::awaitable<acquired> acquire(clock::time_point deadline);

    std::size_t in_flight() const;
    std::size_t queued() const;
    std::size_t max_concurrent() const { return max_concurrent_; }

private:
    void release();

    const std::size_t max_concurrent_;
    const std::size_t max_queue_;
    mutable std::mutex mutex_;
    std::size_t in_flight_ = 0;
    std::deque<std::shared_ptr<wakeup>> queue_;  // a notified waiter owns the slot handed to it
};

}  // namespace hs1c::async
