// The HyperScript feature's part of the rules (the "hyperscript" section): every HyperScript name it
// relies on — RPC path and method names, the type a nomenclature field is stored as, the marker, the
// page's DOM selectors — because none of them has been checked against a live account (DESIGN §3).
#pragma once

#include "proxy/config/problem.hpp"

#include <boost/json/fwd.hpp>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace hs1c::hyperscript {

struct rpc_methods {
    std::string add_field = "script.add_field";
    std::string load = "scripts.load_without_external_scripts";
    std::string get_fields = "script.get_script_fields";
    std::string delete_field = "script.delete_field";
    std::string save_log = "script.save_log";
};

struct settings {
    std::string rpc_path = "/ajax";
    rpc_methods methods;
    std::string field_type = "nomenclature";  // the type the injected dialog sends
    std::string field_label = "Номенклатура";
    std::string stored_type = "textarea";     // what HyperScript is told instead (it accepts it)
    std::string marker = "hs1c:nomenclature";  // put into the field's options
    // Page selectors handed to the injected UI; names are the UI's, values CSS selectors.
    std::map<std::string, std::string> selectors{
        {"add_field_dialog", "#show_add_field"}, {"new_simple_tab", "#tab_new_simple"},
        {"field_type", "#field_type"},           {"field_name", "#field_name"},
        {"field_tag", "hs.js_field"},            {"step_editor", ".js_step_editor"},
        {"run_field", ".js_script_field"},       {"sidebar", ".js_outfields_box"},
        {"view_box", ".js_view_box"},            {"finish", ".talk_is_over"}};
    std::vector<std::string> context_params{"lead_id"};  // page URL parameters a new cart keeps
    std::chrono::milliseconds search_debounce{250};      // in the browser, before asking the proxy
    std::size_t max_cart_lines = 200;
};

settings read_settings(const boost::json::object& section, const std::string& path,
                       std::vector<config::problem>& problems);

}  // namespace hs1c::hyperscript
