#include "tests/stand/onec/orders.hpp"

#include "tests/stand/onec/messages.hpp"
#include "tests/stand/onec/text.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cmath>
#include <cstdio>

namespace hs1c::stand::onec {

namespace {

namespace json = boost::json;

constexpr double cents = 100.0;
constexpr unsigned money_decimals = 2;
constexpr unsigned quantity_decimals = 3;
constexpr std::string_view number_prefix = "ЗК-";
constexpr int number_digits = 6;
constexpr std::string_view status_new = "new";

double round_money(double v) { return std::round(v * cents) / cents; }

std::optional<std::string> optional_string(const json::object& o, std::string_view key, bool& ok) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_string()) {
        ok = false;
        return std::nullopt;
    }
    if (v->as_string().empty()) return std::nullopt;
    return std::string(v->as_string());
}

std::string quantity_text(double q) {
    if (q == std::floor(q)) return format_1c_number(q, 0);
    auto text = format_1c_number(q, quantity_decimals);
    while (text.back() == '0') text.pop_back();
    return text;
}

// A line of the body checked against the catalogue; an error text saying what is wrong with it.
std::variant<order_line, std::string> read_line(const json::value& v, const catalog& cat) {
    if (!v.is_object()) return format_message(messages::bad_field, {"items"});
    const auto& o = v.as_object();
    bool ok = true;
    const auto item_id = optional_string(o, "nomenclature_id", ok);
    if (!ok || !item_id) return format_message(messages::bad_field, {"nomenclature_id"});
    const auto* it = cat.find_item(*item_id);
    if (it == nullptr) return format_message(messages::item_not_found, {*item_id});
    order_line line{it->id, it->name, it->unit, {}, {}, {}, {}, 0, it->price};
    const auto* q = o.if_contains("quantity");
    if (q == nullptr || !q->is_number() || q->to_number<double>() <= 0)
        return format_message(messages::bad_field, {"quantity"});
    line.quantity = q->to_number<double>();
    const auto parameter_id = optional_string(o, "parameter_id", ok);
    const auto value_id = optional_string(o, "value_id", ok);
    if (!ok) return format_message(messages::bad_field, {"parameter_id/value_id"});
    if (value_id && !parameter_id) return format_message(messages::bad_field, {"parameter_id"});
    if (parameter_id) {
        const item_parameter* allowed = nullptr;
        for (const auto& ip : it->parameters)
            if (ip.id == *parameter_id) allowed = &ip;
        const auto* param = cat.find_parameter(*parameter_id);
        if (allowed == nullptr || param == nullptr)
            return format_message(messages::parameter_not_found, {*parameter_id, it->id});
        line.parameter_id = param->id;
        line.parameter_name = param->name;
        if (value_id) {
            const bool listed = std::find(allowed->values.begin(), allowed->values.end(), *value_id) != allowed->values.end();
            const auto* val = cat.find_value(*param, *value_id);
            if (!listed || val == nullptr) return format_message(messages::value_not_allowed, {*value_id, param->name});
            line.value_id = val->id;
            line.value_name = val->name;
        }
    }
    return line;
}

}  // namespace

std::variant<order_book::created_order, order_error> order_book::create(const json::value& body, const catalog& cat) {
    if (!body.is_object()) return order_error{std::string(messages::bad_json)};
    const auto& o = body.as_object();
    bool ok = true;
    const auto external_id = optional_string(o, "external_id", ok);
    if (!ok || !external_id) return order_error{format_message(messages::bad_field, {"external_id"})};
    for (const auto& existing : orders_)
        if (existing.external_id == *external_id) return created_order{&existing, false};

    if (const auto* lead = o.if_contains("amocrm_lead_id"); lead != nullptr && !lead->is_null() && !lead->is_number())
        return order_error{format_message(messages::bad_field, {"amocrm_lead_id"})};
    if (const auto* created = o.if_contains("created_at");
        created != nullptr && !(created->is_string() && !created->as_string().empty()))
        return order_error{format_message(messages::bad_field, {"created_at"})};
    if (const auto* fields = o.if_contains("fields"); fields != nullptr) {
        if (!fields->is_array()) return order_error{format_message(messages::bad_field, {"fields"})};
        for (const auto& f : fields->as_array())
            if (!f.is_object()) return order_error{format_message(messages::bad_field, {"fields"})};
    }
    const auto* items = o.if_contains("items");
    if (items == nullptr || !items->is_array()) return order_error{format_message(messages::bad_field, {"items"})};
    if (items->as_array().empty()) return order_error{std::string(messages::no_items)};

    order created;
    std::size_t n = 0;
    for (const auto& v : items->as_array()) {
        ++n;
        auto line = read_line(v, cat);
        if (auto* error = std::get_if<std::string>(&line))
            return order_error{format_message(messages::bad_line, {std::to_string(n), *error})};
        created.lines.push_back(std::move(std::get<order_line>(line)));
    }
    char number[32];
    std::snprintf(number, sizeof number, "%0*zu", number_digits, orders_.size() + 1);
    created.id = random_guid();
    created.number = std::string(number_prefix) + number;
    created.external_id = *external_id;
    created.date = utc_now_iso();
    created.status = status_new;
    created.request = body;
    orders_.push_back(std::move(created));
    return created_order{&orders_.back(), true};
}

const order* order_book::find(std::string_view id) const {
    for (const auto& o : orders_)
        if (o.id == id) return &o;
    return nullptr;
}

json::object order_book::to_json(const order& o, bool nbsp_numbers) {
    json::array items;
    double total = 0;
    for (const auto& l : o.lines) {
        const double sum = round_money(l.price * l.quantity);
        total += sum;
        json::object line{{"name", l.name}, {"parameter", l.parameter_name}, {"value", l.value_name}, {"unit", l.unit}};
        if (nbsp_numbers) {
            line["quantity"] = quantity_text(l.quantity);
            line["price"] = format_1c_number(l.price, money_decimals);
            line["sum"] = format_1c_number(sum, money_decimals);
        } else {
            line["quantity"] = l.quantity;
            line["price"] = l.price;
            line["sum"] = sum;
        }
        items.push_back(std::move(line));
    }
    total = round_money(total);
    json::object out{{"id", o.id}, {"number", o.number}, {"date", o.date}, {"status", o.status},
                     {"items", std::move(items)}};
    if (nbsp_numbers) out["total"] = format_1c_number(total, money_decimals);
    else out["total"] = total;
    return out;
}

json::array order_book::state() const {
    json::array out;
    for (const auto& o : orders_) {
        auto entry = to_json(o, false);
        entry["external_id"] = o.external_id;
        entry["request"] = o.request;
        out.push_back(std::move(entry));
    }
    return out;
}

void order_book::clear() { orders_.clear(); }

std::string order_book::random_guid() {
    constexpr std::uint64_t version_mask = 0xFFFFFFFFFFFF0FFFULL;
    constexpr std::uint64_t version_4 = 0x0000000000004000ULL;
    constexpr std::uint64_t variant_mask = 0x3FFFFFFFFFFFFFFFULL;
    constexpr std::uint64_t variant_rfc = 0x8000000000000000ULL;
    const auto hi = (rng_() & version_mask) | version_4;
    const auto lo = (rng_() & variant_mask) | variant_rfc;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx", static_cast<unsigned long long>(hi >> 32),
                  static_cast<unsigned long long>((hi >> 16) & 0xFFFF), static_cast<unsigned long long>(hi & 0xFFFF),
                  static_cast<unsigned long long>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
    return buf;
}

}  // namespace hs1c::stand::onec
