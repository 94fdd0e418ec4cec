#include "tests/stand/onec/catalog.hpp"

#include "tests/stand/onec/text.hpp"

#include <boost/json/value.hpp>

namespace hs1c::stand::onec {

namespace {

namespace json = boost::json;

constexpr std::size_t max_group_depth = 64;  // a parent cycle in a hand-written file stops here

std::string string_field(const json::object& o, std::string_view key, bool& ok) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return {};
    if (!v->is_string()) {
        ok = false;
        return {};
    }
    return std::string(v->as_string());
}

bool bool_field(const json::object& o, std::string_view key, bool& ok) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return false;
    if (!v->is_bool()) {
        ok = false;
        return false;
    }
    return v->as_bool();
}

double number_field(const json::object& o, std::string_view key, bool& ok) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return 0;
    if (!v->is_number()) {
        ok = false;
        return 0;
    }
    return v->to_number<double>();
}

const json::array* array_field(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_array() ? &v->as_array() : nullptr;
}

}  // namespace

catalog::catalog(std::vector<group> groups, std::vector<parameter> parameters, std::vector<item> items)
    : groups_(std::move(groups)), parameters_(std::move(parameters)), items_(std::move(items)) {
    for (std::size_t i = 0; i < groups_.size(); ++i) group_index_.emplace(groups_[i].id, i);
    for (std::size_t i = 0; i < parameters_.size(); ++i) parameter_index_.emplace(parameters_[i].id, i);
    for (std::size_t i = 0; i < items_.size(); ++i) {
        auto& it = items_[i];
        item_index_.emplace(it.id, i);
        it.folded_name = fold_case(it.name);
        it.effectively_deleted = it.deleted || (!it.group.empty() && group_deleted(it.group));
    }
}

catalog catalog::from_json(const json::value& doc, std::string& error) {
    std::vector<group> groups;
    std::vector<parameter> parameters;
    std::vector<item> items;
    const auto* root = doc.if_object();
    if (root == nullptr) {
        error = "catalogue: the document is not a JSON object";
        return catalog({}, {}, {});
    }
    bool ok = true;
    if (const auto* arr = array_field(*root, "groups")) {
        for (const auto& g : *arr) {
            if (!g.is_object()) { ok = false; break; }
            const auto& o = g.as_object();
            groups.push_back({string_field(o, "id", ok), string_field(o, "name", ok),
                              string_field(o, "parent", ok), bool_field(o, "deleted", ok)});
        }
    }
    if (const auto* arr = array_field(*root, "parameters")) {
        for (const auto& p : *arr) {
            if (!p.is_object()) { ok = false; break; }
            const auto& o = p.as_object();
            parameter param{string_field(o, "id", ok), string_field(o, "name", ok), {}};
            if (const auto* vals = array_field(o, "values")) {
                for (const auto& v : *vals) {
                    if (!v.is_object()) { ok = false; break; }
                    param.values.push_back({string_field(v.as_object(), "id", ok),
                                            string_field(v.as_object(), "name", ok)});
                }
            }
            parameters.push_back(std::move(param));
        }
    }
    const auto* item_array = array_field(*root, "items");
    if (item_array == nullptr) {
        error = "catalogue: no \"items\" array";
        return catalog({}, {}, {});
    }
    for (const auto& i : *item_array) {
        if (!i.is_object()) { ok = false; break; }
        const auto& o = i.as_object();
        item it;
        it.id = string_field(o, "id", ok);
        it.code = string_field(o, "code", ok);
        it.article = string_field(o, "article", ok);
        it.name = string_field(o, "name", ok);
        it.unit = string_field(o, "unit", ok);
        it.group = string_field(o, "group", ok);
        it.deleted = bool_field(o, "deleted", ok);
        it.price = number_field(o, "price", ok);
        if (const auto* params = array_field(o, "parameters")) {
            for (const auto& p : *params) {
                if (!p.is_object()) { ok = false; break; }
                item_parameter ip{string_field(p.as_object(), "id", ok), {}};
                if (const auto* vals = array_field(p.as_object(), "values")) {
                    for (const auto& v : *vals) {
                        if (!v.is_string()) { ok = false; break; }
                        ip.values.emplace_back(v.as_string());
                    }
                }
                it.parameters.push_back(std::move(ip));
            }
        }
        if (it.id.empty()) ok = false;
        items.push_back(std::move(it));
    }
    if (!ok) {
        error = "catalogue: a group, parameter or item does not have the expected shape";
        return catalog({}, {}, {});
    }
    return catalog(std::move(groups), std::move(parameters), std::move(items));
}

const item* catalog::find_item(std::string_view id) const {
    const auto it = item_index_.find(id);
    return it == item_index_.end() ? nullptr : &items_[it->second];
}

const group* catalog::find_group(std::string_view id) const {
    const auto it = group_index_.find(id);
    return it == group_index_.end() ? nullptr : &groups_[it->second];
}

const parameter* catalog::find_parameter(std::string_view id) const {
    const auto it = parameter_index_.find(id);
    return it == parameter_index_.end() ? nullptr : &parameters_[it->second];
}

const value* catalog::find_value(const parameter& p, std::string_view value_id) const {
    for (const auto& v : p.values)
        if (v.id == value_id) return &v;
    return nullptr;
}

bool catalog::group_deleted(std::string_view id) const {
    const group* g = find_group(id);
    for (std::size_t depth = 0; g != nullptr && depth < max_group_depth; ++depth) {
        if (g->deleted) return true;
        if (g->parent.empty()) return false;
        g = find_group(g->parent);
    }
    return false;
}

}  // namespace hs1c::stand::onec
