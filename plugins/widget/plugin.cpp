// Registers the widget API when the rules have a "widget" section (and 1C is configured): the routes
// the amoCRM widget in the deal card calls. The package itself is built by package.cmake.
#include "plugins/amocrm/gateway.hpp"
#include "plugins/onec/plugin.hpp"
#include "plugins/widget/routes.hpp"
#include "plugins/widget/settings.hpp"
#include "proxy/config/rules.hpp"
#include "proxy/routing/plugin.hpp"

#include <boost/json/object.hpp>

namespace {

constexpr std::string_view section = "widget";

}  // namespace

void hs1c_register_widget(hs1c::routing::plugin_registry& registry) {
    registry.claim_section(std::string(section));
    const auto* raw = registry.rules().sections.if_contains(section);
    if (!raw) return;
    const std::string path = "/" + std::string(section);
    const auto* obj = raw->if_object();
    if (!obj) {
        registry.problem(path, "must be an object");
        return;
    }
    std::vector<hs1c::config::problem> problems;
    auto settings = hs1c::widget::read_settings(*obj, path, problems);
    for (auto& p : problems) registry.problem(std::move(p.path), std::move(p.message));
    auto onec = hs1c::onec::gateway_from(registry);
    if (!onec) {
        registry.problem(path, "the widget needs the onec section (orders are read from 1C)");
        return;
    }
    hs1c::widget::register_routes(registry, settings, std::move(onec), hs1c::amocrm::gateway_from(registry));
}
