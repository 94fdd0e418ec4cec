#include "proxy/async/wakeup.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace hs1c::async {

std::shared_ptr<wakeup> wakeup::create(boost::asio::any_io_executor ex) {
    return std::make_shared<wakeup>(std::move(ex));
}

wakeup::wakeup(boost::asio::any_io_executor ex) : ex_(ex), timer_(ex) {}

boost::asio::awaitable<bool> wakeup::wait_until(clock::time_point deadline) {
    timer_.expires_at(deadline);
    // Checked after arming: a notify() that has already set the flag returns here; one that comes
    // later posts its cancel to ex_, which cannot run before this coroutine suspends in async_wait.
    if (notified()) co_return true;
    co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    co_return notified();
}

bool wakeup::notify() {
    {
        std::lock_guard lock(mutex_);
        if (notified_) return false;
        notified_ = true;
    }
    boost::asio::post(ex_, [self = shared_from_this()] { self->timer_.cancel(); });
    return true;
}

bool wakeup::notified() const {
    std::lock_guard lock(mutex_);
    return notified_;
}

}  // namespace hs1c::async
