#include "plugins/onec/breaker.hpp"

#include <boost/test/unit_test.hpp>

using hs1c::onec::breaker;
using namespace std::chrono_literals;

namespace boost::test_tools::tt_detail {
template <>
struct print_log_value<breaker::state> {
    void operator()(std::ostream& os, breaker::state s)
    {
        switch (s) {
        case breaker::state::closed:
            os << "closed";
            break;
        case breaker::state::open:
            os << "open";
            break;
        case breaker::state::half_open:
            os << "half_open";
            break;
        }
    }
};
}  // namespace boost::test_tools::tt_detail

namespace {

const breaker::clock::time_point t0 = breaker::clock::time_point{} + 1h;

}  // namespace

BOOST_AUTO_TEST_SUITE(breaker_test)

BOOST_AUTO_TEST_CASE(starts_closed)
{
    breaker b(3, 10s);
    BOOST_TEST(b.current(t0) == breaker::state::closed);
    for (int i = 0; i < 100; ++i) {
        BOOST_TEST(b.allow(t0));
    }
    b.record_success();
    BOOST_TEST(b.current(t0) == breaker::state::closed);
}

BOOST_AUTO_TEST_CASE(opens_after_consecutive_failures)
{
    breaker b(3, 10s);
    b.record_failure(t0);
    b.record_failure(t0 + 1s);
    BOOST_TEST(b.current(t0 + 1s) == breaker::state::closed);
    BOOST_TEST(b.allow(t0 + 1s));
    b.record_failure(t0 + 2s);
    BOOST_TEST(b.current(t0 + 2s) == breaker::state::open);
    BOOST_TEST(!b.allow(t0 + 2s));
    BOOST_TEST(!b.allow(t0 + 11s));  // still within open_for of the third failure
    BOOST_TEST(b.current(t0 + 12s) == breaker::state::half_open);
}

BOOST_AUTO_TEST_CASE(success_resets_the_count)
{
    breaker b(3, 10s);
    b.record_failure(t0);
    b.record_failure(t0);
    b.record_success();
    b.record_failure(t0);
    b.record_failure(t0);
    BOOST_TEST(b.current(t0) == breaker::state::closed);
    BOOST_TEST(b.allow(t0));
    b.record_failure(t0);
    BOOST_TEST(b.current(t0) == breaker::state::open);
}

BOOST_AUTO_TEST_CASE(exactly_one_trial_when_half_open)
{
    breaker b(1, 10s);
    b.record_failure(t0);
    BOOST_TEST(!b.allow(t0 + 9999ms));
    BOOST_TEST(b.current(t0 + 10s) == breaker::state::half_open);
    BOOST_TEST(b.current(t0 + 10s) == breaker::state::half_open);  // looking does not take the trial
    BOOST_TEST(b.allow(t0 + 10s));
    BOOST_TEST(!b.allow(t0 + 10s));
    BOOST_TEST(!b.allow(t0 + 60s));
    BOOST_TEST(b.current(t0 + 60s) == breaker::state::half_open);
}

BOOST_AUTO_TEST_CASE(trial_success_closes)
{
    breaker b(2, 10s);
    b.record_failure(t0);
    b.record_failure(t0);
    BOOST_TEST(b.allow(t0 + 10s));
    b.record_success();
    BOOST_TEST(b.current(t0 + 10s) == breaker::state::closed);
    BOOST_TEST(b.allow(t0 + 10s));
    BOOST_TEST(b.allow(t0 + 10s));
    // The count starts again from zero.
    b.record_failure(t0 + 11s);
    BOOST_TEST(b.current(t0 + 11s) == breaker::state::closed);
    b.record_failure(t0 + 11s);
    BOOST_TEST(b.current(t0 + 11s) == breaker::state::open);
}

BOOST_AUTO_TEST_CASE(trial_failure_reopens_for_a_full_period)
{
    breaker b(2, 10s);
    b.record_failure(t0);
    b.record_failure(t0);
    BOOST_TEST(b.allow(t0 + 15s));
    b.record_failure(t0 + 20s);
    BOOST_TEST(b.current(t0 + 20s) == breaker::state::open);
    BOOST_TEST(!b.allow(t0 + 29s));
    BOOST_TEST(b.current(t0 + 30s) == breaker::state::half_open);
    BOOST_TEST(b.allow(t0 + 30s));
    BOOST_TEST(!b.allow(t0 + 30s));
    b.record_success();
    BOOST_TEST(b.allow(t0 + 30s));
}

BOOST_AUTO_TEST_CASE(zero_threshold_means_one)
{
    breaker b(0, 5s);
    BOOST_TEST(b.allow(t0));
    BOOST_TEST(b.current(t0) == breaker::state::closed);
    b.record_failure(t0);
    BOOST_TEST(b.current(t0) == breaker::state::open);
}

BOOST_AUTO_TEST_CASE(zero_open_period_goes_straight_to_the_trial)
{
    breaker b(1, 0s);
    b.record_failure(t0);
    BOOST_TEST(b.current(t0) == breaker::state::half_open);
    BOOST_TEST(b.allow(t0));
    BOOST_TEST(!b.allow(t0));
}

BOOST_AUTO_TEST_SUITE_END()
