// Turns a form body written by jQuery's $.param (`a[0][b]=1&c[]=x`) back into nested JSON, as a PHP
// back end such as HyperScript's would see it.
#pragma once

#include <boost/json/fwd.hpp>

#include <optional>
#include <string_view>

namespace hs1c::stand {

// nullopt when the body is not a valid form (a bad % escape). Bracketed names nest: `a[b]` makes an
// object, `a[]` appends to an array, `a[0]`… makes an object whose keys are 0..n-1 and which becomes
// an array when those keys are exactly consecutive from 0. A later plain value replaces an earlier one.
std::optional<boost::json::object> param_tree(std::string_view body);

}  // namespace hs1c::stand
