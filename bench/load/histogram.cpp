#include "bench/load/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace hs1c::bench {

namespace {

// Values below 2^sub_bits are exact; above, each power of two is split into 2^sub_bits buckets.
constexpr unsigned sub_bits = 7;
constexpr std::uint64_t sub_count = std::uint64_t{1} << sub_bits;
constexpr unsigned value_bits = 64;
constexpr std::size_t bucket_total = sub_count + (value_bits - sub_bits) * sub_count;

}  // namespace

histogram::histogram() : buckets_(bucket_total, 0) {}

std::size_t histogram::bucket_of(std::uint64_t value)
{
    if (value < sub_count) return static_cast<std::size_t>(value);
    const unsigned exponent = static_cast<unsigned>(std::bit_width(value)) - 1;
    const unsigned shift = exponent - sub_bits;
    const std::uint64_t sub = (value >> shift) - sub_count;
    return static_cast<std::size_t>(sub_count + std::uint64_t{shift} * sub_count + sub);
}

std::uint64_t histogram::bucket_value(std::size_t bucket)
{
    if (bucket < sub_count) return bucket;
    const std::uint64_t shift = (bucket - sub_count) / sub_count;
    const std::uint64_t sub = (bucket - sub_count) % sub_count;
    const std::uint64_t low = (sub_count + sub) << shift;
    // The middle of the bucket halves the worst-case error compared with either edge.
    const std::uint64_t width = std::uint64_t{1} << shift;
    return low + (width - 1) / 2;
}

void histogram::record(std::uint64_t value)
{
    ++buckets_[bucket_of(value)];
    min_ = count_ == 0 ? value : std::min(min_, value);
    max_ = std::max(max_, value);
    ++count_;
    sum_ += static_cast<long double>(value);
}

void histogram::merge(const histogram& other)
{
    if (other.count_ == 0) return;
    for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
    min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    count_ += other.count_;
    sum_ += other.sum_;
}

std::uint64_t histogram::percentile(double q) const
{
    if (count_ == 0) return 0;
    q = std::clamp(q, 0.0, 1.0);
    const auto wanted = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
    if (wanted >= count_) return max_;
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen >= wanted) return std::clamp(bucket_value(i), min_, max_);
    }
    return max_;
}

double histogram::mean() const
{
    return count_ == 0 ? 0.0 : static_cast<double>(sum_ / static_cast<long double>(count_));
}

}  // namespace hs1c::bench
