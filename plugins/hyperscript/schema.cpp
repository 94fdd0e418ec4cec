#include "plugins/hyperscript/schema.hpp"

namespace hs1c::hyperscript {

std::vector<std::string> migrations() {
    return {
        // 1: nomenclature fields the proxy created through script.add_field.
        "CREATE TABLE nomenclature_fields ("
        "  script_id TEXT NOT NULL, field_id TEXT NOT NULL, name TEXT NOT NULL,"
        "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
        "  PRIMARY KEY (script_id, field_id))",
        // 2: carts and their lines; names are copies of what 1C said when the line was added.
        "CREATE TABLE carts ("
        "  id TEXT PRIMARY KEY, script_id TEXT NOT NULL, field_id TEXT NOT NULL, context TEXT NOT NULL,"
        "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
        "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));"
        "CREATE TABLE cart_lines ("
        "  id TEXT PRIMARY KEY, cart_id TEXT NOT NULL REFERENCES carts(id) ON DELETE CASCADE,"
        "  position INTEGER NOT NULL,"
        "  item_id TEXT NOT NULL, item_name TEXT NOT NULL, item_code TEXT NOT NULL, item_unit TEXT NOT NULL,"
        "  parameter_id TEXT, parameter_name TEXT, value_id TEXT, value_name TEXT,"
        "  quantity_milli INTEGER NOT NULL CHECK (quantity_milli > 0));"
        "CREATE INDEX cart_lines_by_cart ON cart_lines(cart_id, position)",
        // 3: field metadata seen in script loads (save_log names fields only by id).
        "CREATE TABLE script_fields ("
        "  script_id TEXT NOT NULL, field_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,"
        "  sys_name TEXT NOT NULL, nomenclature INTEGER NOT NULL,"
        "  PRIMARY KEY (script_id, field_id))",
    };
}

}  // namespace hs1c::hyperscript
