#include "bench/load/histogram.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>

using hs1c::bench::histogram;

namespace {

// Bucket precision: 128 sub-buckets per power of two.
constexpr double relative_error = 1.0 / 128;

bool close_to(std::uint64_t got, std::uint64_t want)
{
    const double diff = got > want ? static_cast<double>(got - want) : static_cast<double>(want - got);
    return diff <= relative_error * static_cast<double>(want);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(histogram_test)

BOOST_AUTO_TEST_CASE(empty_reports_zero)
{
    const histogram h;
    BOOST_TEST(h.count() == 0u);
    BOOST_TEST(h.percentile(0.5) == 0u);
    BOOST_TEST(h.percentile(0.999) == 0u);
    BOOST_TEST(h.max() == 0u);
    BOOST_TEST(h.min() == 0u);
    BOOST_TEST(h.mean() == 0.0);
}

BOOST_AUTO_TEST_CASE(small_values_are_exact)
{
    histogram h;
    for (std::uint64_t v = 1; v <= 100; ++v) h.record(v);
    BOOST_TEST(h.count() == 100u);
    BOOST_TEST(h.percentile(0.5) == 50u);
    BOOST_TEST(h.percentile(0.9) == 90u);
    BOOST_TEST(h.percentile(0.99) == 99u);
    BOOST_TEST(h.percentile(0.999) == 100u);
    BOOST_TEST(h.percentile(1.0) == 100u);
    BOOST_TEST(h.percentile(0.0) == 1u);
    BOOST_TEST(h.min() == 1u);
    BOOST_TEST(h.mean() == 50.5);
}

BOOST_AUTO_TEST_CASE(uniform_large_values_within_precision)
{
    histogram h;
    for (std::uint64_t v = 1; v <= 100000; ++v) h.record(v * 10);
    BOOST_TEST(close_to(h.percentile(0.5), 500000));
    BOOST_TEST(close_to(h.percentile(0.9), 900000));
    BOOST_TEST(close_to(h.percentile(0.99), 990000));
    BOOST_TEST(close_to(h.percentile(0.999), 999000));
    BOOST_TEST(h.max() == 1000000u);
    BOOST_TEST(h.percentile(1.0) == 1000000u);
}

BOOST_AUTO_TEST_CASE(rare_outlier_shows_only_in_the_tail)
{
    // 999 fast answers and one 2-second stall: p99 stays fast, p99.9 and max see the stall.
    histogram h;
    for (int i = 0; i < 999; ++i) h.record(1000);
    h.record(2000000);
    BOOST_TEST(close_to(h.percentile(0.5), 1000));
    BOOST_TEST(close_to(h.percentile(0.99), 1000));
    BOOST_TEST(close_to(h.percentile(0.999), 1000));
    BOOST_TEST(h.percentile(0.9995) == 2000000u);
    BOOST_TEST(h.max() == 2000000u);
}

BOOST_AUTO_TEST_CASE(percentile_never_exceeds_max_or_falls_below_min)
{
    histogram h;
    h.record(1000003);
    BOOST_TEST(h.percentile(0.5) == 1000003u);
    BOOST_TEST(h.percentile(0.0) == 1000003u);
}

BOOST_AUTO_TEST_CASE(huge_values_do_not_overflow)
{
    histogram h;
    const std::uint64_t huge = UINT64_MAX;
    h.record(huge);
    h.record(0);
    BOOST_TEST(h.max() == huge);
    BOOST_TEST(h.percentile(1.0) == huge);
    BOOST_TEST(h.percentile(0.5) == 0u);
    BOOST_TEST(histogram::bucket_of(huge) > histogram::bucket_of(huge / 2));
}

BOOST_AUTO_TEST_CASE(buckets_are_monotonic_and_contain_their_values)
{
    std::size_t previous = 0;
    for (std::uint64_t v = 0; v < 70000; v += 7) {
        const auto b = histogram::bucket_of(v);
        BOOST_TEST(b >= previous);
        previous = b;
        BOOST_TEST(close_to(histogram::bucket_value(b), v));
        BOOST_TEST(histogram::bucket_of(histogram::bucket_value(b)) == b);
    }
}

BOOST_AUTO_TEST_CASE(merge_equals_recording_everything_in_one)
{
    histogram a;
    histogram b;
    histogram all;
    for (std::uint64_t v = 1; v <= 5000; ++v) {
        (v % 3 == 0 ? a : b).record(v * 3);
        all.record(v * 3);
    }
    histogram merged;
    merged.merge(a);
    merged.merge(b);
    BOOST_TEST(merged.count() == all.count());
    BOOST_TEST(merged.min() == 3u);
    BOOST_TEST(merged.max() == all.max());
    BOOST_TEST(merged.mean() == all.mean());
    for (const double q : {0.5, 0.9, 0.99, 0.999}) BOOST_TEST(merged.percentile(q) == all.percentile(q));
}

BOOST_AUTO_TEST_CASE(merging_empty_changes_nothing)
{
    histogram h;
    h.record(42);
    h.merge(histogram{});
    BOOST_TEST(h.count() == 1u);
    BOOST_TEST(h.min() == 42u);
    histogram empty;
    empty.merge(h);
    BOOST_TEST(empty.min() == 42u);
    BOOST_TEST(empty.percentile(0.5) == 42u);
}

BOOST_AUTO_TEST_SUITE_END()
