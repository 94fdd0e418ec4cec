// "$env:NAME" in the rules: every string value that is exactly that is replaced, in place, by the
// environment variable's value, so secrets never have to be written into a rules file.
#pragma once

#include "proxy/config/environment.hpp"
#include "proxy/config/problem.hpp"

#include <boost/json/fwd.hpp>

#include <vector>

namespace hs1c::config {

// Walks the whole document (plugin sections included); a variable that is not set is a problem at
// the value's path, and the value is left as written.
void substitute_env(boost::json::value& document, const env_lookup& env, std::vector<problem>& problems);

}  // namespace hs1c::config
