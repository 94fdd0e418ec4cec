// Loading the rules: JSON with comments → "$env:" substitution → typed `rules`, with every problem
// found reported at once (for `hs1c-proxy --check` and start-up).
#pragma once

#include "proxy/config/environment.hpp"
#include "proxy/config/problem.hpp"
#include "proxy/config/rules.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::config {

struct load_result {
    std::optional<rules> value;     // set only when there are no problems
    std::vector<problem> problems;
};

// base_dir: relative file paths in the rules (TLS files, CA files, store path) are resolved against it.
// check_files = false skips the checks that TLS and CA files exist (for rules whose files are made later).
load_result parse_rules(std::string_view text, const std::string& base_dir, const env_lookup& env,
                        bool check_files = true);

// Relative paths resolve against the rules file's own folder.
load_result load_rules_file(const std::string& path, const env_lookup& env);

// One "path: message" line per problem ("(document)" for the whole-document path "").
std::string format_problems(const std::vector<problem>& problems);

}  // namespace hs1c::config
