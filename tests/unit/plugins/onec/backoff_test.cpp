#include "plugins/onec/backoff.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>

using namespace hs1c::onec;
using namespace std::chrono_literals;

namespace {

std::int64_t delay(unsigned attempt, std::uint64_t random, backoff_policy policy = {})
{
    return retry_delay(policy, attempt, random).count();
}

constexpr std::uint64_t max_random = std::numeric_limits<std::uint64_t>::max();

}  // namespace

BOOST_AUTO_TEST_SUITE(backoff_test)

BOOST_AUTO_TEST_CASE(defaults)
{
    const backoff_policy p;
    BOOST_TEST(p.base.count() == 200);
    BOOST_TEST(p.cap.count() == 2'000);
}

BOOST_AUTO_TEST_CASE(full_jitter_over_the_doubling_ceiling)
{
    // Attempt n draws from [0, 200 * 2^(n-1)], inclusive.
    BOOST_TEST(delay(1, 0) == 0);
    BOOST_TEST(delay(1, 137) == 137);
    BOOST_TEST(delay(1, 200) == 200);
    BOOST_TEST(delay(1, 201) == 0);
    BOOST_TEST(delay(2, 400) == 400);
    BOOST_TEST(delay(2, 401) == 0);
    BOOST_TEST(delay(3, 800) == 800);
    BOOST_TEST(delay(3, 801) == 0);
    BOOST_TEST(delay(4, 1'600) == 1'600);
    BOOST_TEST(delay(4, 1'601) == 0);
    // From attempt 5 (3200) the cap rules.
    BOOST_TEST(delay(5, 2'000) == 2'000);
    BOOST_TEST(delay(5, 2'001) == 0);
    BOOST_TEST(delay(5, 2'500) == 499);
}

BOOST_AUTO_TEST_CASE(deterministic)
{
    for (const std::uint64_t r : {std::uint64_t{0}, std::uint64_t{12'345}, std::uint64_t{0xDEADBEEFCAFEBABE}, max_random}) {
        for (unsigned attempt = 0; attempt < 10; ++attempt) {
            BOOST_TEST(delay(attempt, r) == delay(attempt, r));
        }
    }
    BOOST_TEST(delay(1, max_random) == static_cast<std::int64_t>(max_random % 201));
}

BOOST_AUTO_TEST_CASE(attempt_zero_is_attempt_one)
{
    for (const std::uint64_t r : {std::uint64_t{0}, std::uint64_t{150}, std::uint64_t{200}, std::uint64_t{201},
                                  std::uint64_t{9'999}, max_random}) {
        BOOST_TEST(delay(0, r) == delay(1, r));
    }
}

BOOST_AUTO_TEST_CASE(never_above_the_cap)
{
    std::uint64_t r = 0x9E3779B97F4A7C15;
    for (unsigned attempt = 0; attempt < 200; ++attempt) {
        for (int i = 0; i < 50; ++i) {
            r = r * 6364136223846793005ULL + 1442695040888963407ULL;
            const auto d = delay(attempt, r);
            BOOST_TEST(d >= 0);
            BOOST_TEST(d <= 2'000);
        }
        BOOST_TEST(delay(attempt, max_random) <= 2'000);
    }
    BOOST_TEST(delay(std::numeric_limits<unsigned>::max(), 2'000) == 2'000);
    BOOST_TEST(delay(64, 1'999) == 1'999);
}

BOOST_AUTO_TEST_CASE(odd_policies)
{
    // A cap below the base caps the first retry too.
    BOOST_TEST(delay(1, 150, {200ms, 100ms}) == 49);
    BOOST_TEST(delay(1, 100, {200ms, 100ms}) == 100);
    // A zero base never waits.
    BOOST_TEST(delay(7, max_random, {0ms, 2'000ms}) == 0);
    // A zero or negative cap never waits.
    BOOST_TEST(delay(3, 12'345, {200ms, 0ms}) == 0);
    BOOST_TEST(delay(3, 12'345, {200ms, -5ms}) == 0);
    BOOST_TEST(delay(1, 12'345, {-200ms, 2'000ms}) == 0);
    // A cap near the top of the range does not overflow while doubling.
    const auto huge = std::chrono::milliseconds(std::numeric_limits<std::int64_t>::max());
    BOOST_TEST(delay(200, max_random, {1ms, huge}) >= 0);
    BOOST_TEST(delay(3, 3, {1ms, huge}) == 3);
    BOOST_TEST(delay(3, 5, {1ms, huge}) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
