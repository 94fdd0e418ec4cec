#include "plugins/amocrm/leads.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <limits>

namespace hs1c::amocrm {

namespace {

namespace json = boost::json;

failure bad_shape(std::string_view why) { return {failure_kind::unavailable, true, 0, std::string(why), {}, {}}; }

std::optional<std::int64_t> integer(const json::value* v) {
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return static_cast<std::int64_t>(v->get_uint64());
    return std::nullopt;
}

void read_fields(const json::value* list, lead& out) {
    if (!list || !list->is_array()) return;
    for (const auto& f : list->get_array()) {
        const auto* field = f.if_object();
        if (!field) continue;
        const auto id = integer(field->if_contains("field_id"));
        if (!id) continue;
        auto& texts = out.fields[*id];
        const auto* values = field->if_contains("values");
        if (!values || !values->is_array()) continue;
        for (const auto& v : values->get_array()) {
            const auto* entry = v.if_object();
            const auto* value = entry ? entry->if_contains("value") : nullptr;
            if (value && !value->is_null()) texts.push_back(value_text(*value));
        }
    }
}

}  // namespace

std::string value_text(const json::value& v) {
    if (v.is_string()) return std::string(v.get_string());
    return json::serialize(v);
}

result<lead> read_lead(const json::value& doc) {
    const auto* o = doc.if_object();
    if (!o) return result<lead>::fail(bad_shape("a lead that is not a JSON object"));
    const auto id = integer(o->if_contains("id"));
    if (!id || *id <= 0) return result<lead>::fail(bad_shape("a lead without a positive id"));
    lead l;
    l.id = *id;
    if (const auto* name = o->if_contains("name"); name && name->is_string()) l.name = std::string(name->get_string());
    l.pipeline_id = integer(o->if_contains("pipeline_id")).value_or(0);
    l.status_id = integer(o->if_contains("status_id")).value_or(0);
    read_fields(o->if_contains("custom_fields_values"), l);
    return result<lead>::ok(std::move(l));
}

result<leads_page> read_leads_page(const json::value& doc) {
    using page_result = result<leads_page>;
    if (doc.is_null()) return page_result::ok({});
    const auto* o = doc.if_object();
    if (!o) return page_result::fail(bad_shape("a list of leads that is not a JSON object"));
    const auto* embedded = o->if_contains("_embedded");
    const auto* list = embedded && embedded->is_object() ? embedded->get_object().if_contains("leads") : nullptr;
    if (!list || !list->is_array()) return page_result::fail(bad_shape("a list without _embedded.leads"));
    leads_page page;
    for (const auto& item : list->get_array()) {
        auto l = read_lead(item);
        if (!l.has_value()) return page_result::fail(l.error);
        page.leads.push_back(std::move(*l.value));
    }
    const auto* links = o->if_contains("_links");
    page.more = links && links->is_object() && links->get_object().contains("next");
    return page_result::ok(std::move(page));
}

std::vector<lead> exact_matches(std::vector<lead> leads, std::int64_t field_id, std::string_view value) {
    std::erase_if(leads, [&](const lead& l) {
        const auto it = l.fields.find(field_id);
        return it == l.fields.end() || std::find(it->second.begin(), it->second.end(), value) == it->second.end();
    });
    return leads;
}

json::object field_patch(std::int64_t field_id, std::string_view value) {
    json::value values = nullptr;
    if (!value.empty()) values = json::array{json::object{{"value", value}}};
    return json::object{
        {"custom_fields_values", json::array{json::object{{"field_id", field_id}, {"values", std::move(values)}}}}};
}

json::object stage_patch(std::int64_t pipeline_id, std::int64_t status_id) {
    return json::object{{"status_id", status_id}, {"pipeline_id", pipeline_id}};
}

}  // namespace hs1c::amocrm
