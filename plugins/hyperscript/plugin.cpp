// Registers the HyperScript feature with the core: the injected UI (its configuration script,
// plugin.js and plugin.css, added to every HTML page of routes with injection on), the RPC
// interceptors that give HyperScript a «Номенклатура» field, and the cart API.
#include "plugins/hyperscript/cart_api.hpp"
#include "plugins/hyperscript/config_script.hpp"
#include "plugins/hyperscript/plugin.hpp"
#include "plugins/hyperscript/rpc_interceptors.hpp"
#include "plugins/hyperscript/schema.hpp"
#include "plugins/hyperscript/settings.hpp"
#include "plugins/hyperscript/ui.hpp"
#include "plugins/nomenclature/plugin.hpp"
#include "plugins/nomenclature/service.hpp"
#include "proxy/config/rules.hpp"
#include "proxy/routing/plugin.hpp"
#include "proxy/routing/plugin_section.hpp"
#include "proxy/server/local_responses.hpp"

#include <boost/json/object.hpp>

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

constexpr std::string_view script_path = "/_hs1c/ui/plugin.js";
constexpr std::string_view style_path = "/_hs1c/ui/plugin.css";
constexpr std::string_view config_path = "/_hs1c/ui/config.js";
constexpr std::string_view api_prefix = "/_hs1c/api/v1";
constexpr std::string_view section = "hyperscript";
constexpr std::size_t default_min_letters = 3;

asio::awaitable<hs1c::routing::response> serve_config(std::shared_ptr<const std::string> text,
                                                      hs1c::routing::request_context& ctx) {
    auto res = hs1c::server::text_answer(ctx.req, http::status::ok, *text, "application/javascript; charset=utf-8");
    // Small and changed by a reload of the rules: browsers revalidate every time.
    res.set(http::field::cache_control, "no-cache");
    co_return res;
}

}  // namespace

namespace hs1c::hyperscript {

std::shared_ptr<const settings> settings_from(routing::plugin_registry& registry) {
    return registry.shared<const settings>("hyperscript.settings", [&] {
        return std::make_shared<settings>(routing::read_plugin_section<settings>(registry, section, read_settings));
    });
}

}  // namespace hs1c::hyperscript

void hs1c_register_hyperscript(hs1c::routing::plugin_registry& registry) {
    namespace hs = hs1c::hyperscript;
    registry.claim_section(std::string(section));
    const auto& settings = *hs::settings_from(registry);

    auto nomenclature = hs1c::nomenclature::service_from(registry);
    const auto min_letters = nomenclature ? nomenclature->settings().query.min_letters : default_min_letters;
    auto config = std::make_shared<const std::string>(hs::config_script(settings, api_prefix, min_letters));
    registry.add_route("GET", std::string(config_path),
                       [config](hs1c::routing::request_context& ctx) { return serve_config(config, ctx); });
    registry.add_asset(std::string(script_path), "application/javascript; charset=utf-8", hs::ui::plugin_js());
    registry.add_asset(std::string(style_path), "text/css; charset=utf-8", hs::ui::plugin_css());
    // The configuration first: scripts are injected with defer and run in order.
    registry.add_injected_script(std::string(config_path));
    registry.add_injected_script(std::string(script_path));
    registry.add_injected_style(std::string(style_path));

    registry.add_migrations(hs::store_component, hs::migrations());
    hs::register_rpc_interceptors(registry, settings);
    hs::register_cart_api(registry, settings, std::move(nomenclature));
}
