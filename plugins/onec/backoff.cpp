#include "plugins/onec/backoff.hpp"

#include <algorithm>

namespace hs1c::onec {

std::chrono::milliseconds retry_delay(const backoff_policy& policy, unsigned attempt, std::uint64_t random)
{
    const std::int64_t cap = std::max<std::int64_t>(policy.cap.count(), 0);
    std::int64_t ceiling = std::clamp<std::int64_t>(policy.base.count(), 0, cap);
    // Doubling stops at the cap, so a large attempt number cannot overflow.
    for (unsigned n = 1; n < attempt && ceiling < cap && ceiling > 0; ++n) {
        ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
    }
    const auto span = static_cast<std::uint64_t>(ceiling) + 1;
    return std::chrono::milliseconds(static_cast<std::int64_t>(random % span));
}

}  // namespace hs1c::onec
