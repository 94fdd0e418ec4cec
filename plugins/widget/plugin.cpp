// Registers the widget API when the rules have a "widget" section (and 1C is configured): the routes
// the amoCRM widget in the deal card calls. The package itself is built by package.cmake.
#include "plugins/amocrm/gateway.hpp"
#include "plugins/onec/plugin.hpp"
#include "plugins/widget/routes.hpp"
#include "plugins/widget/settings.hpp"
#include "proxy/config/rules.hpp"
#include "proxy/routing/plugin.hpp"
#include "proxy/routing/plugin_section.hpp"

#include <boost/json/object.hpp>

namespace {

constexpr std::string_view section = "widget";

}  // namespace

void hs1c_register_widget(hs1c::routing::plugin_registry& registry) {
    registry.claim_section(std::string(section));
    bool present = false;
    auto settings = hs1c::routing::read_plugin_section<hs1c::widget::settings>(registry, section,
                                                                              hs1c::widget::read_settings, &present);
    if (!present) return;
    auto onec = hs1c::onec::gateway_from(registry);
    if (!onec) {
        // A broken onec section is reported there; only its absence is the widget's problem.
        if (!registry.rules().sections.contains("onec"))
            registry.problem("/" + std::string(section), "the widget needs the onec section (orders are read from 1C)");
        return;
    }
    hs1c::widget::register_routes(registry, settings, std::move(onec), hs1c::amocrm::gateway_from(registry));
}
