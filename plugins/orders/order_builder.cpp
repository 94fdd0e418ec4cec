#include "plugins/orders/order_builder.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <charconv>
#include <ctime>

namespace hs1c::orders {

namespace {

std::optional<std::int64_t> positive_integer(std::string_view s) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v <= 0) return std::nullopt;
    return v;
}

const hyperscript::field_info* find_known(const std::vector<hyperscript::field_info>& known, std::string_view id) {
    auto it = std::find_if(known.begin(), known.end(), [&](const auto& f) { return f.id == id; });
    return it == known.end() ? nullptr : &*it;
}

const logged_field* logged_by_id(const save_log_view& log, std::string_view id) {
    auto it = std::find_if(log.fields.begin(), log.fields.end(), [&](const auto& f) { return f.id == id; });
    return it == log.fields.end() ? nullptr : &*it;
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        if (!out.empty()) out += "; ";
        out += v;
    }
    return out;
}

// Cuts at a UTF-8 character boundary at or below max bytes.
std::string cut(std::string s, std::size_t max) {
    if (s.size() <= max) return s;
    constexpr std::string_view ellipsis = "…";
    std::size_t end = max - ellipsis.size();
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    s.resize(end);
    return s + std::string(ellipsis);
}

}  // namespace

std::optional<std::int64_t> resolve_deal(const std::vector<deal_source>& chain,
                                         const std::vector<hyperscript::field_info>& known,
                                         const save_log_view& log, const hyperscript::cart& c) {
    for (const auto& src : chain) {
        if (src.from == deal_source::kind::context) {
            const auto* v = c.context.if_contains(src.name);
            if (v && v->is_string())
                if (auto id = positive_integer(v->get_string())) return id;
            continue;
        }
        for (const auto& f : known) {
            const bool match = src.from == deal_source::kind::field_sys_name ? f.sys_name == src.name : f.name == src.name;
            if (!match) continue;
            const auto* logged = logged_by_id(log, f.id);
            if (logged && logged->values.size() == 1)
                if (auto id = positive_integer(logged->values.front())) return id;
        }
    }
    return std::nullopt;
}

boost::json::object build_order(const hyperscript::cart& c, std::optional<std::int64_t> lead_id,
                                std::string_view created_at, const save_log_view& log,
                                const std::vector<hyperscript::field_info>& known, const settings& s,
                                std::string_view cart_prefix) {
    boost::json::array fields;
    for (const auto& f : log.fields) {
        if (f.values.size() == 1 && cart_reference(f.values.front(), cart_prefix)) continue;
        const auto* meta = find_known(known, f.id);
        const std::string name = meta ? meta->name : "";
        if (!s.all_fields && std::find(s.fields.begin(), s.fields.end(), name) == s.fields.end()) continue;
        fields.push_back(boost::json::object{{"id", f.id}, {"name", name}, {"value", joined(f.values)}});
    }
    boost::json::array items;
    for (const auto& l : c.lines) {
        boost::json::value quantity;
        if (l.quantity % hyperscript::quantity_scale == 0) quantity = l.quantity / hyperscript::quantity_scale;
        else quantity = static_cast<double>(l.quantity) / static_cast<double>(hyperscript::quantity_scale);
        items.push_back(boost::json::object{
            {"nomenclature_id", l.item.id},
            {"name", l.item.name},
            {"parameter_id", l.parameter ? l.parameter->id : ""},
            {"parameter_name", l.parameter ? l.parameter->name : ""},
            {"value_id", l.value ? l.value->id : ""},
            {"value_name", l.value ? l.value->name : ""},
            {"quantity", quantity}});
    }
    boost::json::object order{{"external_id", c.id}, {"created_at", created_at}, {"fields", std::move(fields)},
                              {"items", std::move(items)}};
    if (lead_id) order["amocrm_lead_id"] = *lead_id;
    else order["amocrm_lead_id"] = nullptr;
    return order;
}

std::string format_quantity(hyperscript::quantity_milli q) {
    std::string out = std::to_string(q / hyperscript::quantity_scale);
    auto fraction = q % hyperscript::quantity_scale;
    if (fraction == 0) return out;
    std::string digits = std::to_string(fraction + hyperscript::quantity_scale).substr(1);  // zero-padded
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    return out + "," + digits;
}

std::string summary(const hyperscript::cart& c, const std::optional<std::string>& number) {
    std::string out = number && !number->empty() ? "Заказ " + *number + " передан в 1С: " : "Заказ передаётся в 1С: ";
    bool first = true;
    for (const auto& l : c.lines) {
        if (!first) out += "; ";
        first = false;
        out += l.item.name;
        if (l.parameter) {
            out += " (" + l.parameter->name;
            if (l.value) out += ": " + l.value->name;
            out += ")";
        }
        out += " — " + format_quantity(l.quantity);
        if (!l.item.unit.empty()) out += " " + l.item.unit;
    }
    return cut(std::move(out), max_summary_bytes);
}

std::string local_timestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[sizeof "YYYY-MM-DDThh:mm:ss"];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    return buf;
}

}  // namespace hs1c::orders
