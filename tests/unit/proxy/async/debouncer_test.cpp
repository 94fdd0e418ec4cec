#include "proxy/async/debouncer.hpp"

#include "async_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>

using namespace std::chrono_literals;

namespace {

struct outcome {
    std::atomic<int> went{0};
    std::atomic<int> superseded{0};
    std::atomic<long> slowest_superseded_ms{0};
};

boost::asio::awaitable<void> typed(hs1c::async::debouncer& d, outcome& o, std::string key,
                                   std::chrono::milliseconds delay) {
    co_await hs1c::testing::sleep_for(delay);
    const auto started = std::chrono::steady_clock::now();
    if (co_await d.settle(key, 150ms)) {
        ++o.went;
    } else {
        ++o.superseded;
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        long seen = o.slowest_superseded_ms.load();
        while (ms.count() > seen && !o.slowest_superseded_ms.compare_exchange_weak(seen, ms.count())) {
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(debouncer_test)

BOOST_AUTO_TEST_CASE(only_the_last_of_a_burst_goes_and_the_others_answer_when_superseded) {
    hs1c::async::debouncer d;
    outcome o;
    {
        hs1c::testing::worker_pool pool(2);
        for (int i = 0; i < 5; ++i)
            boost::asio::co_spawn(pool[i], typed(d, o, "cart", std::chrono::milliseconds(80 * i)), boost::asio::detached);
    }
    BOOST_TEST(o.went.load() == 1);
    BOOST_TEST(o.superseded.load() == 4);
    // Superseded 80 ms after they started, not at the end of the 150 ms window.
    BOOST_TEST(o.slowest_superseded_ms.load() < 140);
    BOOST_TEST(d.pending() == 0u);
}

BOOST_AUTO_TEST_CASE(different_keys_do_not_interfere) {
    hs1c::async::debouncer d;
    outcome o;
    {
        hs1c::testing::worker_pool pool(2);
        for (int i = 0; i < 6; ++i)
            boost::asio::co_spawn(pool[i], typed(d, o, "cart-" + std::to_string(i), 0ms), boost::asio::detached);
    }
    BOOST_TEST(o.went.load() == 6);
    BOOST_TEST(o.superseded.load() == 0);
}

BOOST_AUTO_TEST_CASE(calls_further_apart_than_the_window_all_go) {
    hs1c::async::debouncer d;
    outcome o;
    {
        hs1c::testing::worker_pool pool(1);
        for (int i = 0; i < 3; ++i)
            boost::asio::co_spawn(pool[0], typed(d, o, "cart", std::chrono::milliseconds(200 * i)), boost::asio::detached);
    }
    BOOST_TEST(o.went.load() == 3);
}

BOOST_AUTO_TEST_SUITE_END()
