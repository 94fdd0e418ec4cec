// Prometheus-style metrics: counters, gauges and latency histograms with labels, rendered as the
// text exposition format at the admin /metrics route. Updates are lock-free; creating a series locks.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hs1c::observe {

using labels = std::vector<std::pair<std::string, std::string>>;

class counter {
public:
    void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

class gauge {
public:
    void set(std::int64_t v) { value_.store(v, std::memory_order_relaxed); }
    void add(std::int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
    std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::int64_t> value_{0};
};

// Latency histogram in seconds with fixed buckets from 1 ms to 30 s.
class histogram {
public:
    static constexpr std::array<double, 14> bounds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                   0.25,  0.5,    1,     2.5,   5,     10,  30};
    void observe(double seconds);
    std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

private:
    friend class metrics;
    std::array<std::atomic<std::uint64_t>, bounds.size()> buckets_{};
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_micros_{0};
};

class metrics {
public:
    // Returns the series for (name, labels), creating it on first use. References stay valid for the
    // registry's lifetime, so hot paths look a series up once and keep it.
    counter& get_counter(std::string_view name, std::string_view help, const labels& l = {});
    gauge& get_gauge(std::string_view name, std::string_view help, const labels& l = {});
    histogram& get_histogram(std::string_view name, std::string_view help, const labels& l = {});

    std::string render() const;

private:
    enum class kind { counter, gauge, histogram };
    struct family {
        kind k;
        std::string help;
        std::map<std::string, std::unique_ptr<counter>> counters;  // key: rendered label set
        std::map<std::string, std::unique_ptr<gauge>> gauges;
        std::map<std::string, std::unique_ptr<histogram>> histograms;
    };
    family& family_for(std::string_view name, std::string_view help, kind k);

    mutable std::mutex mutex_;
    std::map<std::string, family, std::less<>> families_;
};

// `{a="x",b="y"}` with values escaped as the exposition format requires; "" for no labels.
std::string render_labels(const labels& l);

}  // namespace hs1c::observe
