#include "plugins/hyperscript/config_script.hpp"

#include "plugins/hyperscript/plugin.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace hs1c::hyperscript {

std::string config_script(const settings& s, std::string_view api, std::size_t min_letters) {
    boost::json::object selectors;
    for (const auto& [name, selector] : s.selectors) selectors[name] = selector;
    boost::json::array context;
    for (const auto& p : s.context_params) context.emplace_back(p);
    const boost::json::object config{
        {"api", api},
        {"min_letters", min_letters},
        {"search_debounce_ms", s.search_debounce.count()},
        {"field_type", boost::json::object{{"value", s.field_type}, {"label", s.field_label}}},
        {"context_params", std::move(context)},
        {"cart_value_prefix", cart_value_prefix},
        {"selectors", std::move(selectors)}};
    // JSON is valid JavaScript; the file is served on its own, never inlined into HTML.
    return "window.hs1cConfig = " + boost::json::serialize(config) + ";\n";
}

}  // namespace hs1c::hyperscript
