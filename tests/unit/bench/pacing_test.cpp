#include "bench/load/pacing.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <vector>

using hs1c::bench::pacing_schedule;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(pacing_test)

BOOST_AUTO_TEST_CASE(one_connection_sends_at_the_rate)
{
    const pacing_schedule s(1000, 1, 0);
    BOOST_TEST(s.intended(0).count() == 0);
    BOOST_TEST(s.intended(1) == std::chrono::nanoseconds(1ms));
    BOOST_TEST(s.intended(1000) == std::chrono::nanoseconds(1s));
}

BOOST_AUTO_TEST_CASE(connections_interleave_evenly)
{
    // 4 connections at 400 req/s: together one request every 2.5 ms, each connection every 10 ms.
    std::vector<std::chrono::nanoseconds> all;
    for (std::size_t c = 0; c < 4; ++c) {
        const pacing_schedule s(400, 4, c);
        BOOST_TEST(s.intended(0) == std::chrono::nanoseconds(2500us) * static_cast<int>(c));
        BOOST_TEST(s.intended(1) - s.intended(0) == std::chrono::nanoseconds(10ms));
        for (std::uint64_t k = 0; k < 10; ++k) all.push_back(s.intended(k));
    }
    std::sort(all.begin(), all.end());
    for (std::size_t i = 1; i < all.size(); ++i) BOOST_TEST((all[i] - all[i - 1]) == std::chrono::nanoseconds(2500us));
}

BOOST_AUTO_TEST_CASE(no_drift_over_a_long_run)
{
    // 3 per second does not divide a second in whole nanoseconds; the millionth send must still
    // land where rate·time says, not where a million rounded intervals would add up to.
    const pacing_schedule s(3, 1, 0);
    BOOST_TEST(s.intended(3000000) == std::chrono::nanoseconds(1000000s));
    BOOST_TEST(s.intended(1).count() == 333333333);
    BOOST_TEST(s.intended(2).count() == 666666667);
}

BOOST_AUTO_TEST_CASE(due_before_counts_sends_strictly_before)
{
    const pacing_schedule s(1000, 2, 1);  // due at 1 ms, 3 ms, 5 ms, ...
    BOOST_TEST(s.due_before(0ns) == 0u);
    BOOST_TEST(s.due_before(1ms) == 0u);
    BOOST_TEST(s.due_before(1ms + 1ns) == 1u);
    BOOST_TEST(s.due_before(3ms) == 1u);
    BOOST_TEST(s.due_before(10s) == 5000u);
    for (std::uint64_t k = 0; k < 100; ++k) {
        BOOST_TEST(s.due_before(s.intended(k)) == k);
        BOOST_TEST(s.due_before(s.intended(k) + 1ns) == k + 1);
    }
}

BOOST_AUTO_TEST_CASE(total_due_matches_rate_times_duration)
{
    std::uint64_t total = 0;
    for (std::size_t c = 0; c < 7; ++c) total += pacing_schedule(250, 7, c).due_before(2s);
    BOOST_TEST(total == 500u);
}

BOOST_AUTO_TEST_CASE(refuses_impossible_schedules)
{
    BOOST_CHECK_THROW(pacing_schedule(0, 1, 0), std::invalid_argument);
    BOOST_CHECK_THROW(pacing_schedule(-5, 1, 0), std::invalid_argument);
    BOOST_CHECK_THROW(pacing_schedule(100, 0, 0), std::invalid_argument);
    BOOST_CHECK_THROW(pacing_schedule(100, 2, 2), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
