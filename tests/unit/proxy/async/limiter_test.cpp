#include "proxy/async/limiter.hpp"

#include "async_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>

using namespace std::chrono_literals;
using hs1c::async::limiter;

namespace {

struct tally {
    std::atomic<int> running{0};
    std::atomic<int> max_running{0};
    std::atomic<int> served{0};
    std::atomic<int> queue_full{0};
    std::atomic<int> timed_out{0};
};

boost::asio::awaitable<void> job(limiter& lim, tally& t, std::chrono::milliseconds work,
                                 std::chrono::milliseconds wait) {
    auto got = co_await lim.acquire(limiter::clock::now() + wait);
    if (!got.slot) {
        (got.refused == limiter::refusal::queue_full ? t.queue_full : t.timed_out)++;
        co_return;
    }
    const int now = ++t.running;
    int seen = t.max_running.load();
    while (now > seen && !t.max_running.compare_exchange_weak(seen, now)) {
    }
    co_await hs1c::testing::sleep_for(work);
    --t.running;
    ++t.served;
}

// Arrives while the first job holds the only slot, and is willing to wait only 50 ms.
boost::asio::awaitable<void> late_job(limiter& lim, tally& t) {
    co_await hs1c::testing::sleep_for(20ms);
    co_await job(lim, t, 1ms, 50ms);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(limiter_test)

BOOST_AUTO_TEST_CASE(never_more_than_the_cap_across_threads_and_everyone_served_in_time) {
    limiter lim(2, 100);
    tally t;
    {
        hs1c::testing::worker_pool pool(3);
        for (int i = 0; i < 30; ++i)
            boost::asio::co_spawn(pool[i], job(lim, t, 5ms, 5s), boost::asio::detached);
    }
    BOOST_TEST(t.max_running.load() == 2);
    BOOST_TEST(t.served.load() == 30);
    BOOST_TEST(lim.in_flight() == 0u);
    BOOST_TEST(lim.queued() == 0u);
}

BOOST_AUTO_TEST_CASE(a_full_queue_refuses_at_once) {
    limiter lim(1, 2);
    tally t;
    {
        hs1c::testing::worker_pool pool(1);
        for (int i = 0; i < 5; ++i)
            boost::asio::co_spawn(pool[0], job(lim, t, 50ms, 5s), boost::asio::detached);
    }
    BOOST_TEST(t.served.load() == 3);  // one running, two queued
    BOOST_TEST(t.queue_full.load() == 2);
}

BOOST_AUTO_TEST_CASE(a_waiter_past_its_deadline_leaves_the_queue) {
    limiter lim(1, 10);
    tally t;
    {
        hs1c::testing::worker_pool pool(2);
        boost::asio::co_spawn(pool[0], job(lim, t, 300ms, 1s), boost::asio::detached);
        boost::asio::co_spawn(pool[1], late_job(lim, t), boost::asio::detached);
    }
    BOOST_TEST(t.served.load() == 1);
    BOOST_TEST(t.timed_out.load() == 1);
    BOOST_TEST(lim.queued() == 0u);
    BOOST_TEST(lim.in_flight() == 0u);
}

BOOST_AUTO_TEST_CASE(zero_means_no_cap) {
    limiter lim(0, 0);
    tally t;
    {
        hs1c::testing::worker_pool pool(2);
        for (int i = 0; i < 20; ++i)
            boost::asio::co_spawn(pool[i], job(lim, t, 20ms, 1s), boost::asio::detached);
    }
    BOOST_TEST(t.served.load() == 20);
    BOOST_TEST(t.max_running.load() > 2);
}

BOOST_AUTO_TEST_SUITE_END()
