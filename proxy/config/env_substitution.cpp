#include "proxy/config/env_substitution.hpp"

#include "proxy/config/json_pointer.hpp"

#include <boost/json/value.hpp>

#include <string_view>

namespace hs1c::config {
namespace {

constexpr std::string_view env_prefix = "$env:";

void substitute(boost::json::value& value, const std::string& path, const env_lookup& env,
                std::vector<problem>& problems)
{
    if (auto* object = value.if_object()) {
        for (auto& member : *object)
            substitute(member.value(), pointer_append(path, member.key()), env, problems);
    } else if (auto* array = value.if_array()) {
        for (std::size_t i = 0; i < array->size(); ++i)
            substitute((*array)[i], pointer_append(path, i), env, problems);
    } else if (auto* text = value.if_string()) {
        const std::string_view s = *text;
        if (!s.starts_with(env_prefix))
            return;
        const auto name = s.substr(env_prefix.size());
        if (name.empty()) {
            problems.push_back({path, "\"$env:\" needs a variable name"});
            return;
        }
        if (auto found = env(name))
            *text = *found;
        else
            problems.push_back({path, "environment variable " + std::string(name) + " is not set"});
    }
}

}  // namespace

void substitute_env(boost::json::value& document, const env_lookup& env, std::vector<problem>& problems)
{
    substitute(document, "", env, problems);
}

}  // namespace hs1c::config
