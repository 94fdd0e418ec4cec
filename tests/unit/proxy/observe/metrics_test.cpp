#include "proxy/observe/metrics.hpp"

#include <boost/test/unit_test.hpp>

#include <limits>
#include <stdexcept>
#include <string>

using namespace hs1c::observe;

BOOST_AUTO_TEST_SUITE(metrics_test)

BOOST_AUTO_TEST_CASE(counter_and_gauge_values)
{
    counter c;
    BOOST_TEST(c.value() == 0U);
    c.inc();
    c.inc(41);
    BOOST_TEST(c.value() == 42U);

    gauge g;
    BOOST_TEST(g.value() == 0);
    g.set(10);
    g.add(-15);
    BOOST_TEST(g.value() == -5);
    g.set(7);
    BOOST_TEST(g.value() == 7);
}

BOOST_AUTO_TEST_CASE(same_series_for_same_labels)
{
    metrics m;
    auto& a = m.get_counter("hs1c_requests_total", "Requests.", {{"route", "rpc"}, {"status", "200"}});
    auto& b = m.get_counter("hs1c_requests_total", "Requests.", {{"route", "rpc"}, {"status", "200"}});
    auto& other = m.get_counter("hs1c_requests_total", "Requests.", {{"route", "rpc"}, {"status", "404"}});
    auto& bare = m.get_counter("hs1c_requests_total", "Requests.");
    BOOST_TEST(&a == &b);
    BOOST_TEST(&a != &other);
    BOOST_TEST(&a != &bare);
    BOOST_TEST(&other != &bare);

    auto& g1 = m.get_gauge("hs1c_connections", "Open connections.", {{"listener", "public"}});
    auto& g2 = m.get_gauge("hs1c_connections", "Open connections.", {{"listener", "public"}});
    BOOST_TEST(&g1 == &g2);
    auto& h1 = m.get_histogram("hs1c_duration_seconds", "Duration.", {{"route", "x"}});
    auto& h2 = m.get_histogram("hs1c_duration_seconds", "Duration.", {{"route", "x"}});
    BOOST_TEST(&h1 == &h2);

    a.inc(3);
    BOOST_TEST(b.value() == 3U);
    BOOST_TEST(other.value() == 0U);
}

BOOST_AUTO_TEST_CASE(kind_clash_throws)
{
    metrics m;
    m.get_counter("hs1c_x", "X.");
    BOOST_CHECK_THROW(m.get_gauge("hs1c_x", "X."), std::logic_error);
    BOOST_CHECK_THROW(m.get_histogram("hs1c_x", "X.", {{"a", "b"}}), std::logic_error);
    m.get_gauge("hs1c_y", "Y.");
    BOOST_CHECK_THROW(m.get_counter("hs1c_y", "Y."), std::logic_error);

    // The registry stays usable (no lock left held, no half-made series).
    m.get_counter("hs1c_x", "X.").inc();
    BOOST_TEST(m.render() ==
               "# HELP hs1c_x X.\n"
               "# TYPE hs1c_x counter\n"
               "hs1c_x 1\n"
               "# HELP hs1c_y Y.\n"
               "# TYPE hs1c_y gauge\n"
               "hs1c_y 0\n");
}

BOOST_AUTO_TEST_CASE(render_labels_escapes_values)
{
    BOOST_TEST(render_labels({}) == "");
    BOOST_TEST(render_labels({{"a", "x"}}) == "{a=\"x\"}");
    BOOST_TEST(render_labels({{"a", "x"}, {"b", "y"}}) == "{a=\"x\",b=\"y\"}");
    BOOST_TEST(render_labels({{"v", "q\"b\\s\nn"}}) == "{v=\"q\\\"b\\\\s\\nn\"}");
    BOOST_TEST(render_labels({{"v", ""}}) == "{v=\"\"}");
    BOOST_TEST(render_labels({{"v", "Номенклатура"}}) == "{v=\"Номенклатура\"}");
}

BOOST_AUTO_TEST_CASE(render_counters_and_gauges_exactly)
{
    metrics m;
    m.get_counter("hs1c_requests_total", "Requests handled.", {{"route", "rpc"}, {"status", "200"}}).inc(5);
    m.get_counter("hs1c_requests_total", "Requests handled.", {{"route", "a\"b\\c\nd"}, {"status", "500"}}).inc();
    m.get_gauge("hs1c_connections", "Open client connections.").set(-2);

    // Families and series in name order, so scrapes are stable.
    BOOST_TEST(m.render() ==
               "# HELP hs1c_connections Open client connections.\n"
               "# TYPE hs1c_connections gauge\n"
               "hs1c_connections -2\n"
               "# HELP hs1c_requests_total Requests handled.\n"
               "# TYPE hs1c_requests_total counter\n"
               "hs1c_requests_total{route=\"a\\\"b\\\\c\\nd\",status=\"500\"} 1\n"
               "hs1c_requests_total{route=\"rpc\",status=\"200\"} 5\n");
}

BOOST_AUTO_TEST_CASE(empty_registry_renders_nothing)
{
    const metrics m;
    BOOST_TEST(m.render() == "");
}

BOOST_AUTO_TEST_CASE(first_help_text_is_kept)
{
    metrics m;
    m.get_counter("hs1c_c", "First.");
    m.get_counter("hs1c_c", "Second.", {{"k", "v"}});
    BOOST_TEST(m.render() ==
               "# HELP hs1c_c First.\n"
               "# TYPE hs1c_c counter\n"
               "hs1c_c 0\n"
               "hs1c_c{k=\"v\"} 0\n");
}

BOOST_AUTO_TEST_CASE(histogram_buckets_are_cumulative)
{
    metrics m;
    auto& h = m.get_histogram("hs1c_upstream_seconds", "Upstream latency.", {{"upstream", "onec"}});
    h.observe(0.003);  // third bucket (0.005)
    h.observe(0.005);  // on a bound: counted in that bucket (le means <=)
    h.observe(0.2);    // 0.25
    h.observe(2.0);    // 2.5
    h.observe(100.0);  // above the last bound: only +Inf
    BOOST_TEST(h.count() == 5U);

    BOOST_TEST(m.render() ==
               "# HELP hs1c_upstream_seconds Upstream latency.\n"
               "# TYPE hs1c_upstream_seconds histogram\n"
               "hs1c_upstream_seconds_bucket{upstream=\"onec\",le=\"0.001\"} 0\n"
               "hs1c_upstream_seconds_bucket{upstream=\"onec\",le=\"0.0025\"} 0\n"
               "hs1c_upstream_seconds_bucket{upstream=\"onec\",le=\"0.005\"} 2\n"
               "hs1c_upstream_seconds_bucket{upstream=\"onec\",le=\"0.01\"} 2\n"
               "hs1c_upstream_seconds_bucket{upstream=\"onec\",le=\"0.025\"} 2\n"
               "hs1c_upstream_seconds_bucket{upstream=\"onec\",le=\"0.05\"} 2\n"
               "hs1c_upstream_seconds_bucket{upstream=\"onec\",le=\"0.1\"} 2\n"
               "hs1c_upstream_seconds_bucket{upstream=\"onec\",le=\"0.25\"} 3\n"
               "hs1c_upstream_seconds_bucket{upstream=\"onec\",le=\"0.5\"} 3\n"
               "hs1c_upstream_seconds_bucket{upstream=\"onec\",le=\"1\"} 3\n"
               "hs1c_upstream_seconds_bucket{upstream=\"onec\",le=\"2.5\"} 4\n"
               "hs1c_upstream_seconds_bucket{upstream=\"onec\",le=\"5\"} 4\n"
               "hs1c_upstream_seconds_bucket{upstream=\"onec\",le=\"10\"} 4\n"
               "hs1c_upstream_seconds_bucket{upstream=\"onec\",le=\"30\"} 4\n"
               "hs1c_upstream_seconds_bucket{upstream=\"onec\",le=\"+Inf\"} 5\n"
               "hs1c_upstream_seconds_sum{upstream=\"onec\"} 102.208000\n"
               "hs1c_upstream_seconds_count{upstream=\"onec\"} 5\n");
}

BOOST_AUTO_TEST_CASE(histogram_without_labels)
{
    metrics m;
    auto& h = m.get_histogram("hs1c_h", "H.");
    h.observe(0.0);
    h.observe(-1.0);  // a clock step backwards counts in the lowest bucket and adds nothing to the sum

    const std::string text = m.render();
    BOOST_TEST(text.starts_with("# HELP hs1c_h H.\n"
                                "# TYPE hs1c_h histogram\n"
                                "hs1c_h_bucket{le=\"0.001\"} 2\n"
                                "hs1c_h_bucket{le=\"0.0025\"} 2\n"));
    BOOST_TEST(text.ends_with("hs1c_h_bucket{le=\"30\"} 2\n"
                              "hs1c_h_bucket{le=\"+Inf\"} 2\n"
                              "hs1c_h_sum 0.000000\n"
                              "hs1c_h_count 2\n"));
}

BOOST_AUTO_TEST_CASE(empty_histogram_renders_zeros)
{
    metrics m;
    m.get_histogram("hs1c_h", "H.", {{"r", "x"}});
    const std::string text = m.render();
    BOOST_TEST(text.find("hs1c_h_bucket{r=\"x\",le=\"+Inf\"} 0\n") != std::string::npos);
    BOOST_TEST(text.ends_with("hs1c_h_sum{r=\"x\"} 0.000000\nhs1c_h_count{r=\"x\"} 0\n"));
}

BOOST_AUTO_TEST_CASE(help_text_escapes_backslash_and_newline)
{
    metrics m;
    m.get_counter("c_total", "a\\b\nc").inc();
    BOOST_TEST(m.render() == "# HELP c_total a\\\\b\\nc\n# TYPE c_total counter\nc_total 1\n");
}

BOOST_AUTO_TEST_CASE(nan_observation_counts_without_corrupting_the_sum)
{
    metrics m;
    auto& h = m.get_histogram("h_seconds", "h");
    h.observe(std::numeric_limits<double>::quiet_NaN());
    h.observe(0.5);
    const auto text = m.render();
    BOOST_TEST(text.find("h_seconds_sum 0.500000\n") != std::string::npos);
    BOOST_TEST(text.find("h_seconds_count 2\n") != std::string::npos);
    BOOST_TEST(text.find("h_seconds_bucket{le=\"0.5\"} 1\n") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
