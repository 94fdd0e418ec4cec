// Registers the HyperScript feature with the core: the injected UI assets, served at fixed public
// paths and added to every HTML page of routes with injection on.
#include "plugins/hyperscript/ui.hpp"
#include "proxy/routing/plugin.hpp"

namespace {

constexpr std::string_view script_path = "/_hs1c/ui/plugin.js";
constexpr std::string_view style_path = "/_hs1c/ui/plugin.css";
constexpr std::string_view section = "hyperscript";

}  // namespace

void hs1c_register_hyperscript(hs1c::routing::plugin_registry& registry) {
    registry.claim_section(std::string(section));
    registry.add_asset(std::string(script_path), "application/javascript; charset=utf-8",
                       hs1c::hyperscript::ui::plugin_js());
    registry.add_asset(std::string(style_path), "text/css; charset=utf-8", hs1c::hyperscript::ui::plugin_css());
    registry.add_injected_script(std::string(script_path));
    registry.add_injected_style(std::string(style_path));
}
