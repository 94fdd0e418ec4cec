// The HyperScript stand's preloaded demo: one sales script with five steps and ordinary fields, the ids
// documented in README.md.
#pragma once

#include "tests/stand/hyperscript/script_model.hpp"

#include <cstdint>
#include <vector>

namespace hs1c::stand {

struct demo_data {
    std::vector<script> scripts;
    std::vector<script_field> fields;
    std::int64_t next_field_id = 0;  // the first id script.add_field hands out
};

demo_data make_demo();

}  // namespace hs1c::stand
