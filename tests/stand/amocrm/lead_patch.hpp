// Validation and application of one lead's PATCH object as amoCRM does it: name, price,
// custom_fields_values, status_id and pipeline_id. Pure: the caller commits only when nothing failed.
#pragma once

#include "tests/stand/amocrm/account.hpp"
#include "tests/stand/amocrm/problems.hpp"

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <string_view>
#include <vector>

namespace hs1c::stand::amo {

// Applies `patch` to `target` (a copy of the stored lead) and returns what failed validation; when the
// result is not empty `target` is garbage and must be dropped. `now` is the Unix time for
// updated_at/closed_at.
std::vector<validation_error> apply_patch(const account& a, lead& target, const boost::json::object& patch,
                                          std::int64_t now);

// Whether the lead's name or any of its custom field values contains `query`, ignoring case: amoCRM's
// full-text `query`, partial matches included.
bool matches_query(const lead& l, std::string_view query);

}  // namespace hs1c::stand::amo
