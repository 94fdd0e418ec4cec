// What the proxy knows of a script's fields from the script loads that passed through it: names,
// types and CRM sys_names. save_log carries only {id, value}; orders need names (for 1C) and sys_names
// (to find the deal id). Kept in the store so a restart does not forget them.
#pragma once

#include <boost/json/fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace hs1c::store {
class connection;
}

namespace hs1c::hyperscript {

struct field_info {
    std::string id;
    std::string name;
    std::string type;
    std::string sys_name;
    bool nomenclature = false;  // marked as ours in that load
};

// From a load's {"<id>": {id, name, type, sys_name, …}} map (after marking); entries without an id
// are skipped.
std::vector<field_info> fields_from(const boost::json::object& fields);

// Replaces what is known of the script's fields.
void record_script_fields(store::connection& db, std::string_view script_id, const std::vector<field_info>& fields);
std::vector<field_info> script_fields(store::connection& db, std::string_view script_id);

}  // namespace hs1c::hyperscript
