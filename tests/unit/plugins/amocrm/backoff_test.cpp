#include "plugins/amocrm/backoff.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>

using namespace hs1c::amocrm;
using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t lowest = 0;
constexpr std::uint64_t highest = std::numeric_limits<std::uint64_t>::max();

}  // namespace

BOOST_AUTO_TEST_SUITE(backoff_test)

BOOST_AUTO_TEST_CASE(half_fixed_half_jitter)
{
    const retry_policy p{3, 500ms, 8000ms};
    BOOST_TEST(retry_delay(p, 1, lowest).count() == 250);
    BOOST_TEST(retry_delay(p, 1, 250).count() == 500);  // 250 + 250 % 251
    BOOST_TEST(retry_delay(p, 1, 251).count() == 250);
    for (std::uint64_t r = 0; r < 2000; r += 7) {
        const auto d = retry_delay(p, 1, r).count();
        BOOST_TEST_REQUIRE(d >= 250);
        BOOST_TEST_REQUIRE(d <= 500);
    }
}

BOOST_AUTO_TEST_CASE(doubling_up_to_the_cap)
{
    const retry_policy p{10, 500ms, 8000ms};
    BOOST_TEST(retry_delay(p, 2, lowest).count() == 500);
    BOOST_TEST(retry_delay(p, 3, lowest).count() == 1000);
    BOOST_TEST(retry_delay(p, 5, lowest).count() == 4000);
    BOOST_TEST(retry_delay(p, 6, lowest).count() == 4000);  // ceiling capped at 8000
    BOOST_TEST(retry_delay(p, 1'000'000, highest).count() <= 8000);
    BOOST_TEST(retry_delay(p, 1'000'000, lowest).count() == 4000);
}

BOOST_AUTO_TEST_CASE(odd_policies_stay_sane)
{
    BOOST_TEST(retry_delay({3, 0ms, 0ms}, 1, highest).count() == 0);
    BOOST_TEST(retry_delay({3, 900ms, 100ms}, 1, lowest).count() == 50);  // base above cap: the cap
    BOOST_TEST(retry_delay({3, 1ms, 1ms}, 0, highest).count() <= 1);
}

BOOST_AUTO_TEST_SUITE_END()
