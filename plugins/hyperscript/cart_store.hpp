// Carts and registered nomenclature fields in the SQLite store. Every function runs on the store
// thread (inside store::database::run) and commits before it returns, so what the operator was told
// is saved survives a proxy restart.
#pragma once

#include "plugins/hyperscript/cart.hpp"

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace hs1c::store {
class connection;
}

namespace hs1c::hyperscript::cart_store {

void create(store::connection& db, const cart& c);
std::optional<cart> load(store::connection& db, std::string_view id);
bool exists(store::connection& db, std::string_view id);

enum class change { done, cart_missing, line_missing, cart_full };

struct changed {
    change outcome = change::done;
    std::optional<cart> after;  // the cart after the change (when it exists)
};

// Adds the line, or adds its quantity to the line with the same item, parameter and value (capped at
// max_quantity).
changed add_line(store::connection& db, std::string_view cart_id, const cart_line& line, std::size_t max_lines);
changed set_quantity(store::connection& db, std::string_view cart_id, std::string_view line_id, quantity_milli q);
changed remove_line(store::connection& db, std::string_view cart_id, std::string_view line_id);

void register_field(store::connection& db, std::string_view script_id, std::string_view field_id, std::string_view name);
void unregister_field(store::connection& db, std::string_view field_id);
std::set<std::string> registered_fields(store::connection& db, std::string_view script_id);

}  // namespace hs1c::hyperscript::cart_store
