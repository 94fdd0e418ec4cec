// Reading a plugin's own section of the rules: the plugin's reader fills its settings from the
// object, every problem reaches the registry with its JSON path, and an absent section leaves the
// defaults.
#pragma once

#include "proxy/config/problem.hpp"
#include "proxy/config/rules.hpp"
#include "proxy/routing/plugin.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace hs1c::routing {

// `read(const boost::json::object&, const std::string& path, std::vector<config::problem>&)` → Settings.
template <class Settings, class Reader>
Settings read_plugin_section(plugin_registry& registry, std::string_view name, Reader read, bool* present = nullptr) {
    Settings settings;
    const std::string path = "/" + std::string(name);
    const auto* raw = registry.rules().sections.if_contains(name);
    if (present) *present = raw != nullptr;
    if (!raw) return settings;
    const auto* object = raw->if_object();
    if (!object) {
        registry.problem(path, "must be an object");
        return settings;
    }
    std::vector<config::problem> problems;
    settings = read(*object, path, problems);
    for (auto& p : problems) registry.problem(std::move(p.path), std::move(p.message));
    return settings;
}

}  // namespace hs1c::routing
