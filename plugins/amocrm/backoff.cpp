#include "plugins/amocrm/backoff.hpp"

#include <algorithm>

namespace hs1c::amocrm {

std::chrono::milliseconds retry_delay(const retry_policy& policy, unsigned attempt, std::uint64_t random) {
    const std::int64_t cap = std::max<std::int64_t>(policy.cap.count(), 0);
    std::int64_t ceiling = std::clamp<std::int64_t>(policy.base.count(), 0, cap);
    // Doubling stops at the cap, so a large attempt number cannot overflow.
    for (unsigned n = 1; n < attempt && ceiling < cap && ceiling > 0; ++n)
        ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
    const std::int64_t fixed = ceiling / 2;
    const auto spread = static_cast<std::uint64_t>(ceiling - fixed) + 1;
    return std::chrono::milliseconds(fixed + static_cast<std::int64_t>(random % spread));
}

}  // namespace hs1c::amocrm
