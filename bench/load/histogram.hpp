// Latency histogram with logarithmic buckets (about 0.8% relative error), so percentiles up to p99.9
// of millions of samples cost a fixed few kilobytes and merge across worker threads by addition.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hs1c::bench {

class histogram {
public:
    histogram();

    void record(std::uint64_t value);
    void merge(const histogram& other);

    // The smallest recorded value v such that at least q·count values are ≤ v (within bucket
    // precision, never above the true maximum); 0 when empty. q in [0, 1].
    std::uint64_t percentile(double q) const;

    std::uint64_t count() const { return count_; }
    std::uint64_t min() const { return count_ == 0 ? 0 : min_; }
    std::uint64_t max() const { return max_; }
    double mean() const;

    // Exposed for tests: the bucket a value falls in and the value reported for a bucket.
    static std::size_t bucket_of(std::uint64_t value);
    static std::uint64_t bucket_value(std::size_t bucket);

private:
    std::vector<std::uint64_t> buckets_;
    std::uint64_t count_ = 0;
    std::uint64_t min_ = 0;
    std::uint64_t max_ = 0;
    long double sum_ = 0;
};

}  // namespace hs1c::bench
