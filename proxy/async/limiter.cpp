#include "proxy/async/limiter.hpp"

#include "proxy/async/wakeup.hpp"

#include <boost/asio/this_coro.hpp>

#include <algorithm>

namespace hs1c::async {

limiter::permit& limiter::permit::operator=(permit&& other) noexcept {
    if (this != &other) {
        reset();
        owner_ = other.owner_;
        other.owner_ = nullptr;
    }
    return *this;
}

void limiter::permit::reset() {
    if (owner_) {
        owner_->release();
        owner_ = nullptr;
    }
}

limiter::limiter(std::size_t max_concurrent, std::size_t max_queue)
    : max_concurrent_(max_concurrent), max_queue_(max_queue) {}

boost::asio::awaitable<limiter::acquired> limiter::acquire(clock::time_point deadline) {
    std::shared_ptr<wakeup> waiter;
    {
        std::lock_guard lock(mutex_);
        if (max_concurrent_ == 0 || (in_flight_ < max_concurrent_ && queue_.empty())) {
            ++in_flight_;
            co_return acquired{permit(this), refusal::none};
        }
        if (queue_.size() >= max_queue_) co_return acquired{permit(), refusal::queue_full};
        waiter = wakeup::create(co_await boost::asio::this_coro::executor);
        queue_.push_back(waiter);
    }
    co_await waiter->wait_until(deadline);
    std::lock_guard lock(mutex_);
    // Decided under the lock: release() pops and notifies under it too, so a waiter whose deadline
    // raced with a hand-over still sees the slot it was given.
    if (waiter->notified()) co_return acquired{permit(this), refusal::none};
    queue_.erase(std::find(queue_.begin(), queue_.end(), waiter));
    co_return acquired{permit(), refusal::timed_out};
}

void limiter::release() {
    std::lock_guard lock(mutex_);
    if (!queue_.empty()) {
        auto next = std::move(queue_.front());
        queue_.pop_front();
        next->notify();  // the slot passes to it; in_flight_ is unchanged
        return;
    }
    --in_flight_;
}

std::size_t limiter::in_flight() const {
    std::lock_guard lock(mutex_);
    return in_flight_;
}

std::size_t limiter::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

}  // namespace hs1c::async
