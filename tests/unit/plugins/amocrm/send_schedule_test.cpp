#include "plugins/amocrm/send_schedule.hpp"

#include <boost/test/unit_test.hpp>

#include <random>
#include <vector>

using namespace hs1c::amocrm;
using namespace std::chrono_literals;

namespace {

using clock = send_schedule::clock;

const clock::time_point t0 = clock::time_point{} + 1000h;
const clock::time_point far = t0 + 1000h;
constexpr clock::duration window = 1100ms;
constexpr clock::duration recovery = 30s;

send_schedule make(std::size_t per_window = 6)
{
    return send_schedule({per_window, window, recovery});
}

// How many of `times` fall in [from, from + window).
std::size_t in_window(const std::vector<clock::time_point>& times, clock::time_point from)
{
    std::size_t n = 0;
    for (auto t : times)
        if (t >= from && t < from + window) ++n;
    return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(send_schedule_test)

BOOST_AUTO_TEST_CASE(six_go_at_once_and_the_seventh_a_window_later)
{
    auto s = make();
    for (int i = 0; i < 6; ++i) BOOST_TEST((s.reserve(t0, far)->at == t0));
    BOOST_TEST((s.reserve(t0, far)->at == t0 + window));
    BOOST_TEST((s.reserve(t0, far)->at == t0 + window));
}

BOOST_AUTO_TEST_CASE(a_hold_delays_everything_until_it_ends)
{
    // What a fresh process does: it cannot know what its predecessor sent in the last window.
    auto s = make();
    s.hold(t0 + window);
    BOOST_TEST((s.reserve(t0, far)->at == t0 + window));
    BOOST_TEST(!s.reserve(t0, t0 + window / 2).has_value());
    s.hold(t0);  // an earlier hold does not shorten it
    BOOST_TEST((s.reserve(t0, far)->at == t0 + window));
}

BOOST_AUTO_TEST_CASE(reservations_are_first_come_first_served)
{
    auto s = make(2);
    const auto a = s.reserve(t0, far)->at;
    const auto b = s.reserve(t0 + 10ms, far)->at;
    const auto c = s.reserve(t0 + 20ms, far)->at;
    const auto d = s.reserve(t0 + 30ms, far)->at;
    BOOST_TEST((a == t0));
    BOOST_TEST((b == t0 + 10ms));
    BOOST_TEST((c == t0 + window));
    BOOST_TEST((d == t0 + 10ms + window));
    // A late caller never jumps ahead of reservations already made.
    BOOST_TEST((s.reserve(t0 + 40ms, far)->at >= d));
}

BOOST_AUTO_TEST_CASE(no_window_ever_holds_more_than_the_allowance)
{
    auto s = make(6);
    std::mt19937_64 rng(7);
    std::vector<clock::time_point> sent;
    auto now = t0;
    for (int i = 0; i < 500; ++i) {
        now += std::chrono::milliseconds(rng() % 400);
        sent.push_back(s.reserve(now, far)->at);
    }
    for (auto t : sent) BOOST_TEST_REQUIRE(in_window(sent, t) <= 6U);
}

BOOST_AUTO_TEST_CASE(a_slot_later_than_allowed_is_not_reserved)
{
    auto s = make(1);
    BOOST_TEST(s.reserve(t0, t0).has_value());
    BOOST_TEST(!s.reserve(t0, t0 + window - 1ms).has_value());
    // The refused attempt took nothing: the next slot is still one window on.
    BOOST_TEST((s.reserve(t0, far)->at == t0 + window));
}

BOOST_AUTO_TEST_CASE(a_429_halves_pauses_and_cancels_future_reservations)
{
    auto s = make(6);
    for (int i = 0; i < 8; ++i) s.reserve(t0, far);  // two of them a window ahead
    const auto epoch = s.reserve(t0, far)->epoch;
    BOOST_TEST(s.stands(epoch));
    BOOST_TEST(s.slow_down(epoch, t0 + 100ms, 2s));
    BOOST_TEST(!s.stands(epoch));
    BOOST_TEST(s.allowance() == 3U);
    BOOST_TEST((s.paused_until() == t0 + 2100ms));
    // Nobody goes before the pause ends; the cancelled ones no longer count.
    BOOST_TEST((s.reserve(t0 + 200ms, far)->at == t0 + 2100ms));
}

BOOST_AUTO_TEST_CASE(cancelled_reservations_do_not_free_recent_sends)
{
    // One send, then a crowd of twenty half a second later: most reservations lie in the future
    // when the 429 comes, and cancelling them must not forget the six sends just made.
    auto s = make(6);
    s.reserve(t0, far);
    std::uint64_t epoch = 0;
    for (int i = 0; i < 20; ++i) epoch = s.reserve(t0 + 522ms, far)->epoch;
    BOOST_TEST(s.slow_down(epoch, t0 + 525ms, 256ms));
    BOOST_TEST((s.reserve(t0 + 525ms, far)->at == t0 + 522ms + window));
    BOOST_TEST((s.reserve(t0 + 525ms, far)->at == t0 + 522ms + window));
    BOOST_TEST((s.reserve(t0 + 525ms, far)->at == t0 + 522ms + window));
    BOOST_TEST((s.reserve(t0 + 525ms, far)->at == t0 + 522ms + 2 * window));
}

BOOST_AUTO_TEST_CASE(one_burst_reacts_once)
{
    auto s = make(6);
    const auto epoch = s.reserve(t0, far)->epoch;
    BOOST_TEST(s.slow_down(epoch, t0, 1s));
    BOOST_TEST(!s.slow_down(epoch, t0 + 10ms, 5s));
    BOOST_TEST(s.allowance() == 3U);
    BOOST_TEST((s.paused_until() == t0 + 1s));
    const auto next = s.reserve(t0 + 1s, far)->epoch;
    BOOST_TEST(s.slow_down(next, t0 + 1s, 1s));
    BOOST_TEST(s.allowance() == 1U);
    const auto last = s.reserve(t0 + 3s, far)->epoch;
    BOOST_TEST(s.slow_down(last, t0 + 3s, 1s));
    BOOST_TEST(s.allowance() == 1U);  // never below one
}

BOOST_AUTO_TEST_CASE(the_allowance_grows_back_one_step_per_quiet_period)
{
    auto s = make(6);
    s.slow_down(s.reserve(t0, far)->epoch, t0, 1s);
    BOOST_TEST(s.allowance() == 3U);
    s.reserve(t0 + recovery - 1ms, far);
    BOOST_TEST(s.allowance() == 3U);
    s.reserve(t0 + recovery, far);
    BOOST_TEST(s.allowance() == 4U);
    s.reserve(t0 + 10 * recovery, far);
    BOOST_TEST(s.allowance() == 6U);
}

BOOST_AUTO_TEST_CASE(a_new_plan_caps_the_allowance)
{
    auto s = make(6);
    s.replan({2, window, recovery});
    BOOST_TEST(s.allowance() == 2U);
    BOOST_TEST(s.per_window() == 2U);
    s.reserve(t0, far);
    s.reserve(t0, far);
    BOOST_TEST((s.reserve(t0, far)->at == t0 + window));
    s.replan({0, window, recovery});
    BOOST_TEST(s.per_window() == 1U);
}

BOOST_AUTO_TEST_CASE(the_plan_for_a_rate_keeps_a_margin)
{
    const auto p = plan_for(6);
    BOOST_TEST(p.per_window == 6U);
    BOOST_TEST((p.window == 1100ms));
    BOOST_TEST((p.recovery == 30s));
    // Seven requests never fit into one second: the seventh waits more than a second.
    send_schedule s(p);
    for (int i = 0; i < 6; ++i) s.reserve(t0, far);
    BOOST_TEST((s.reserve(t0, far)->at - t0 > 1s));
}

BOOST_AUTO_TEST_SUITE_END()
