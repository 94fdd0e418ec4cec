#include "plugins/amocrm/throttle.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace hs1c::amocrm {

namespace asio = boost::asio;

throttle::throttle(send_schedule::plan plan) : schedule_(plan) {
    // A fresh process cannot know what its predecessor sent in the last window: after a restart (or a
    // crash loop) an immediate burst could add up past amoCRM's limit and, repeated, get the account
    // banned. The first request waits one window.
    schedule_.hold(clock::now() + plan.window);
}

asio::awaitable<std::optional<throttle::turn>> throttle::wait_turn(clock::time_point latest) {
    bool waited = false;
    for (;;) {
        send_schedule::slot slot;
        {
            std::lock_guard lock(mutex_);
            auto reserved = schedule_.reserve(clock::now(), latest);
            if (!reserved) co_return std::nullopt;
            slot = *reserved;
        }
        if (slot.at > clock::now()) {
            waited = true;
            asio::steady_timer timer(co_await asio::this_coro::executor, slot.at);
            co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        }
        std::lock_guard lock(mutex_);
        if (schedule_.stands(slot.epoch)) co_return turn{slot.epoch, waited};
    }
}

bool throttle::slow_down(const turn& t, clock::duration pause) {
    std::lock_guard lock(mutex_);
    return schedule_.slow_down(t.epoch, clock::now(), pause);
}

void throttle::replan(send_schedule::plan plan) {
    std::lock_guard lock(mutex_);
    schedule_.replan(plan);
}

std::size_t throttle::allowance() const {
    std::lock_guard lock(mutex_);
    return schedule_.allowance();
}

}  // namespace hs1c::amocrm
