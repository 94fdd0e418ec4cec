// What the nomenclature service hands to the HTTP layer: the answer, how it was obtained, and the
// marks the API shows (stale, superseded) or the 1C failure.
#pragma once

#include "plugins/nomenclature/cache.hpp"
#include "plugins/onec/types.hpp"

#include <optional>

namespace hs1c::nomenclature {

// How an answer was obtained; also the metric label.
enum class lookup_result { hit, revalidate, refined, fetched, coalesced, debounced, stale, error };

struct served {
    answer_ptr answer;  // null with an error or when superseded
    lookup_result how = lookup_result::hit;
    bool stale = false;       // served from an expired entry because 1C failed
    bool superseded = false;  // a newer search of the same cart replaced this one
    std::optional<onec::failure> error;
};

}  // namespace hs1c::nomenclature
