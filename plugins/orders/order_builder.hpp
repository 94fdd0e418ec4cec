// Turning a cart and the call's other fields into the order 1C receives (DESIGN §4.1), finding the
// deal id by the rules' chain, and the readable summary that replaces the cart reference in
// HyperScript's log. Pure.
#pragma once

#include "plugins/hyperscript/cart.hpp"
#include "plugins/hyperscript/script_fields.hpp"
#include "plugins/orders/save_log.hpp"
#include "plugins/orders/settings.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hs1c::orders {

// The deal id: the first link of the chain that yields a positive integer.
std::optional<std::int64_t> resolve_deal(const std::vector<deal_source>& chain,
                                         const std::vector<hyperscript::field_info>& known,
                                         const save_log_view& log, const hyperscript::cart& c);

// {"external_id","amocrm_lead_id"|null,"created_at","fields":[{"id","name","value"}],"items":[…]}.
// `fields`: the log's fields except cart references, named from `known`, filtered by the rules;
// several values (a multilist) joined with "; ".
boost::json::object build_order(const hyperscript::cart& c, std::optional<std::int64_t> lead_id,
                                std::string_view created_at, const save_log_view& log,
                                const std::vector<hyperscript::field_info>& known, const settings& s,
                                std::string_view cart_prefix);

// "2,5" — quantities as Russian operators write them.
std::string format_quantity(hyperscript::quantity_milli q);

// «Заказ ЗК-000123 передан в 1С: Кабель … (Цвет: Белый) — 2,5 м; …» or, without a number yet,
// «Заказ передаётся в 1С: …»; at most max_summary_bytes (cut at a character boundary with «…»).
inline constexpr std::size_t max_summary_bytes = 2000;
std::string summary(const hyperscript::cart& c, const std::optional<std::string>& number);

// Local time as 1C reads it: "YYYY-MM-DDThh:mm:ss".
std::string local_timestamp();

}  // namespace hs1c::orders
