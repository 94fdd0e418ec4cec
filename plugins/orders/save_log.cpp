#include "plugins/orders/save_log.hpp"

#include "plugins/hyperscript/cart.hpp"

#include <charconv>
#include <map>

namespace hs1c::orders {

namespace {

// "fields[12][value][]" → {12, "value", true}; nullopt for other names.
struct field_key {
    std::size_t index;
    std::string_view member;
    bool array;
};

std::optional<field_key> parse_field_key(std::string_view name) {
    constexpr std::string_view head = "fields[";
    if (!name.starts_with(head)) return std::nullopt;
    name.remove_prefix(head.size());
    const auto close = name.find(']');
    if (close == std::string_view::npos || close == 0) return std::nullopt;
    std::size_t index = 0;
    const auto digits = name.substr(0, close);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
    if (ec != std::errc{} || p != digits.data() + digits.size()) return std::nullopt;
    name.remove_prefix(close + 1);
    if (!name.starts_with('[')) return std::nullopt;
    const auto end = name.find(']');
    if (end == std::string_view::npos) return std::nullopt;
    const auto member = name.substr(1, end - 1);
    const auto rest = name.substr(end + 1);
    if (rest.empty()) return field_key{index, member, false};
    if (rest == "[]") return field_key{index, member, true};
    return std::nullopt;
}

}  // namespace

std::optional<save_log_view> parse_save_log(std::string_view body) {
    auto pairs = http::parse_form(body);
    if (!pairs) return std::nullopt;
    save_log_view view;
    std::map<std::size_t, logged_field> by_index;
    bool has_id = false;
    for (std::size_t i = 0; i < pairs->size(); ++i) {
        const auto& p = (*pairs)[i];
        if (p.name == "id") {
            view.script_id = p.value;
            has_id = true;
            continue;
        }
        const auto key = parse_field_key(p.name);
        if (!key) continue;
        auto& f = by_index[key->index];
        if (key->member == "id") {
            f.id = p.value;
        } else if (key->member == "value") {
            f.values.push_back(p.value);
            if (!key->array) f.value_pair = i;
        }
    }
    if (!has_id) return std::nullopt;
    for (auto& [index, f] : by_index) {
        if (!f.id.empty()) view.fields.push_back(std::move(f));
    }
    view.pairs = std::move(*pairs);
    return view;
}

std::optional<std::string> cart_reference(std::string_view value, std::string_view prefix) {
    if (!value.starts_with(prefix)) return std::nullopt;
    const auto id = value.substr(prefix.size());
    if (!hyperscript::is_uuid(id)) return std::nullopt;
    return std::string(id);
}

}  // namespace hs1c::orders
