#include "tests/stand/amocrm/lead_patch.hpp"

#include "tests/stand/amocrm/text.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>

namespace hs1c::stand::amo {

namespace {

constexpr const char* fields_key = "custom_fields_values";

std::optional<std::int64_t> as_integer(const boost::json::value& v) {
    if (v.is_int64()) return v.as_int64();
    if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return static_cast<std::int64_t>(v.as_uint64());
    return std::nullopt;
}

std::optional<std::string> as_field_text(const boost::json::value& v) {
    if (v.is_string()) return std::string(v.as_string());
    if (v.is_int64()) return std::to_string(v.as_int64());
    if (v.is_uint64()) return std::to_string(v.as_uint64());
    return std::nullopt;
}

void patch_fields(const account& a, lead& target, const boost::json::value& fields,
                  std::vector<validation_error>& errors) {
    if (fields.is_null()) return;
    if (!fields.is_array()) {
        errors.push_back(invalid_type(fields_key));
        return;
    }
    const auto& items = fields.as_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string path = std::string(fields_key) + "." + std::to_string(i);
        if (!items[i].is_object()) {
            errors.push_back(invalid_type(path));
            continue;
        }
        const auto& item = items[i].as_object();
        const auto* id_value = item.if_contains("field_id");
        const auto id = id_value ? as_integer(*id_value) : std::nullopt;
        if (!id || !a.find_field(*id)) {
            errors.push_back(not_supported_choice(path + ".field_id"));
            continue;
        }
        std::vector<std::string> values;
        const auto* given = item.if_contains("values");
        if (given && !given->is_null()) {
            if (!given->is_array()) {
                errors.push_back(invalid_type(path + ".values"));
                continue;
            }
            const auto& list = given->as_array();
            for (std::size_t j = 0; j < list.size(); ++j) {
                const auto* value = list[j].is_object() ? list[j].as_object().if_contains("value") : nullptr;
                const auto text = value ? as_field_text(*value) : std::nullopt;
                if (!text) {
                    errors.push_back(invalid_type(path + ".values." + std::to_string(j) + ".value"));
                    break;
                }
                values.push_back(*text);
            }
        }
        // Writing a field replaces its values; an empty list or null clears it.
        auto& stored = target.fields;
        const auto it = std::ranges::find(stored, *id, &field_value::field_id);
        if (values.empty()) {
            if (it != stored.end()) stored.erase(it);
        } else if (it != stored.end()) {
            it->values = std::move(values);
        } else {
            stored.push_back({*id, std::move(values)});
        }
    }
}

void patch_status(const account& a, lead& target, const boost::json::object& patch, std::int64_t now,
                  std::vector<validation_error>& errors) {
    const auto* status_value = patch.if_contains("status_id");
    const auto* pipeline_value = patch.if_contains("pipeline_id");
    if (!status_value && !pipeline_value) return;

    const auto* current = a.find_status(target.pipeline_id, target.status_id);
    if (current && current->unsorted) {
        // Leads in «Неразобранное» are accepted or declined through the unsorted API, never moved.
        errors.push_back(not_supported_choice("status_id"));
        return;
    }
    const auto status_id = status_value ? as_integer(*status_value) : std::nullopt;
    const auto pipeline_id = pipeline_value ? as_integer(*pipeline_value) : std::nullopt;
    if (status_value && !status_id) errors.push_back(invalid_type("status_id"));
    if (pipeline_value && !pipeline_id) errors.push_back(invalid_type("pipeline_id"));
    if ((status_value && !status_id) || (pipeline_value && !pipeline_id)) return;

    const auto* pipeline = a.find_pipeline(pipeline_id.value_or(target.pipeline_id));
    if (!pipeline) {
        errors.push_back(not_supported_choice("pipeline_id"));
        return;
    }
    const status* next = nullptr;
    if (status_id) {
        if (!pipeline_id && (*status_id == status_won || *status_id == status_lost)) {
            errors.push_back({"NotBlank", "pipeline_id", "This value should not be blank."});
            return;
        }
        next = a.find_status(pipeline->id, *status_id);
    } else {
        // A pipeline alone moves the lead to that pipeline's first stage.
        const auto first = std::ranges::find_if(pipeline->statuses, [](const status& s) { return !s.unsorted; });
        next = first == pipeline->statuses.end() ? nullptr : &*first;
    }
    if (!next || next->unsorted) {
        errors.push_back(not_supported_choice("status_id"));
        return;
    }
    target.pipeline_id = pipeline->id;
    target.status_id = next->id;
    const bool closed = next->id == status_won || next->id == status_lost;
    target.closed_at = closed ? std::optional<std::int64_t>(now) : std::nullopt;
}

}  // namespace

std::vector<validation_error> apply_patch(const account& a, lead& target, const boost::json::object& patch,
                                          std::int64_t now) {
    std::vector<validation_error> errors;
    if (const auto* name = patch.if_contains("name")) {
        if (name->is_string())
            target.name = std::string(name->as_string());
        else
            errors.push_back(invalid_type("name"));
    }
    if (const auto* price = patch.if_contains("price")) {
        const auto value = as_integer(*price);
        if (value && *value >= 0)
            target.price = *value;
        else
            errors.push_back(invalid_type("price"));
    }
    if (const auto* fields = patch.if_contains(fields_key)) patch_fields(a, target, *fields, errors);
    patch_status(a, target, patch, now, errors);
    if (errors.empty()) target.updated_at = now;
    return errors;
}

bool matches_query(const lead& l, std::string_view query) {
    if (contains_folded(l.name, query)) return true;
    for (const auto& fv : l.fields)
        for (const auto& v : fv.values)
            if (contains_folded(v, query)) return true;
    return false;
}

}  // namespace hs1c::stand::amo
