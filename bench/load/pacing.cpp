#include "bench/load/pacing.hpp"

#include <cmath>
#include <stdexcept>

namespace hs1c::bench {

namespace {

constexpr long double ns_per_second = 1e9L;

}  // namespace

pacing_schedule::pacing_schedule(double rate, std::size_t connections, std::size_t index)
    : rate_(rate), connections_(connections), index_(index)
{
    if (!(rate > 0) || connections == 0 || index >= connections) {
        throw std::invalid_argument("pacing needs a positive rate and index < connections");
    }
}

std::chrono::nanoseconds pacing_schedule::intended(std::uint64_t k) const
{
    // Global slot number, computed from k each time rather than accumulated, so there is no drift.
    const long double slot = static_cast<long double>(index_) +
                             static_cast<long double>(k) * static_cast<long double>(connections_);
    return std::chrono::nanoseconds(static_cast<std::int64_t>(std::llround(slot * ns_per_second / rate_)));
}

std::uint64_t pacing_schedule::due_before(std::chrono::nanoseconds elapsed) const
{
    if (elapsed <= intended(0)) return 0;
    const long double slots = static_cast<long double>(elapsed.count()) * rate_ / ns_per_second;
    const long double per_connection =
        (slots - static_cast<long double>(index_)) / static_cast<long double>(connections_);
    auto n = static_cast<std::uint64_t>(std::ceil(per_connection));
    // Rounding of the two conversions may disagree at an exact boundary; the schedule itself decides.
    while (n > 0 && intended(n - 1) >= elapsed) --n;
    while (intended(n) < elapsed) ++n;
    return n;
}

}  // namespace hs1c::bench
