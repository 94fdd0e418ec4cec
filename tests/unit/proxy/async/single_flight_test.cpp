#include "proxy/async/single_flight.hpp"

#include "async_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>

using namespace std::chrono_literals;

namespace {

using flights = hs1c::async::single_flight<int>;

boost::asio::awaitable<void> fetch(flights& f, std::string key, flights::flight_ptr flight, std::atomic<int>& fetches) {
    ++fetches;
    co_await hs1c::testing::sleep_for(100ms);
    f.complete(key, flight, std::make_shared<const int>(42));
}

boost::asio::awaitable<void> caller(flights& f, std::atomic<int>& fetches, std::atomic<int>& got,
                                    std::chrono::milliseconds patience) {
    auto j = f.join("k");
    if (j.leader)
        boost::asio::co_spawn(co_await boost::asio::this_coro::executor, fetch(f, "k", j.f, fetches),
                              boost::asio::detached);
    auto r = co_await f.wait(j.f, flights::clock::now() + patience);
    if (r && *r == 42) ++got;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(single_flight_test)

BOOST_AUTO_TEST_CASE(concurrent_callers_on_several_threads_share_one_fetch) {
    flights f;
    std::atomic<int> fetches{0};
    std::atomic<int> got{0};
    {
        hs1c::testing::worker_pool pool(3);
        for (int i = 0; i < 50; ++i)
            boost::asio::co_spawn(pool[i], caller(f, fetches, got, 5s), boost::asio::detached);
    }
    BOOST_TEST(fetches.load() == 1);
    BOOST_TEST(got.load() == 50);
    BOOST_TEST(f.in_flight() == 0u);
}

BOOST_AUTO_TEST_CASE(an_impatient_caller_gives_up_while_the_fetch_completes_for_others) {
    flights f;
    std::atomic<int> fetches{0};
    std::atomic<int> got{0};
    {
        hs1c::testing::worker_pool pool(2);
        boost::asio::co_spawn(pool[0], caller(f, fetches, got, 10ms), boost::asio::detached);
        boost::asio::co_spawn(pool[1], caller(f, fetches, got, 5s), boost::asio::detached);
    }
    BOOST_TEST(fetches.load() == 1);
    BOOST_TEST(got.load() == 1);
}

BOOST_AUTO_TEST_CASE(after_completion_a_new_join_starts_a_new_flight) {
    flights f;
    auto first = f.join("k");
    BOOST_TEST(first.leader);
    BOOST_TEST(!f.join("k").leader);
    f.complete("k", first.f, std::make_shared<const int>(1));
    BOOST_TEST(f.join("k").leader);
}

BOOST_AUTO_TEST_SUITE_END()
