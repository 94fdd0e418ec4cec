// The HyperScript feature's tables in the proxy's SQLite store, as numbered migrations.
#pragma once

#include <string>
#include <vector>

namespace hs1c::hyperscript {

inline constexpr const char* store_component = "hyperscript";

// Version N is element N-1; append, never edit, once released.
std::vector<std::string> migrations();

}  // namespace hs1c::hyperscript
