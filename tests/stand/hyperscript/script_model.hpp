// The HyperScript stand's data: call scripts made of steps with answer buttons, and the fields that
// step texts reference through `<hs class="js_field" data-id="N">` tags.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hs1c::stand {

struct script_answer {
    std::int64_t id = 0;
    std::string text;
    std::int64_t target = 0;  // the step it leads to
};

struct script_step {
    std::int64_t id = 0;
    std::string title;
    std::string text;  // HTML with field tags
    std::vector<script_answer> answers;
    bool goal = false;  // reaching it counts as a successful call
};

struct script {
    std::int64_t id = 0;
    std::string title;
    std::int64_t ver = 1;  // bumped on every change, as the real service versions scripts
    std::vector<script_step> steps;
};

struct script_field {
    std::int64_t id = 0;
    std::int64_t script_id = 0;
    std::int64_t node_id = 0;  // the step it was created on, 0 when unknown
    std::string name;
    std::string key;
    std::string type;
    std::string sys_name;  // CRM field it maps to, e.g. "lead_id"
    bool is_from_crm = false;
    boost::json::value options = boost::json::string();  // as the client sent it; multilist: one option a line
    std::int64_t position = 0;
};

}  // namespace hs1c::stand
