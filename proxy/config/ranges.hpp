// Allowed ranges of the numbers in the rules, shared by the section readers; rules/schema.json
// states the same bounds for editors.
#pragma once

#include "proxy/config/object_reader.hpp"

#include <cstdint>

namespace hs1c::config::ranges {

inline constexpr std::uint64_t kib = 1024;
inline constexpr std::uint64_t mib = 1024 * kib;
inline constexpr std::uint64_t gib = 1024 * mib;
inline constexpr std::uint64_t one_day_ms = 24ULL * 60 * 60 * 1000;

inline constexpr int_range threads{0, 1024};
inline constexpr int_range header_bytes{kib, mib};
inline constexpr int_range body_bytes{0, 1024 * gib};
inline constexpr int_range buffered_body_bytes{kib, 256 * mib};
inline constexpr int_range html_rewrite_bytes{0, 256 * mib};
inline constexpr int_range max_connections{1, 1'000'000};
inline constexpr int_range timeout_ms{1, one_day_ms};
inline constexpr int_range pool_max_idle{0, 10'000};
inline constexpr int_range max_concurrent{0, 100'000};

}  // namespace hs1c::config::ranges
