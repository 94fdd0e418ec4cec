#include "plugins/amocrm/resolution.hpp"

#include "plugins/text/utf8.hpp"

#include <boost/json/value.hpp>

#include <limits>

namespace hs1c::amocrm {

namespace {

namespace json = boost::json;

constexpr std::int64_t status_type_unsorted = 1;
constexpr std::string_view text_field_type = "text";

failure bad_shape(std::string_view why) { return {failure_kind::unavailable, true, 0, std::string(why), {}, {}}; }

std::optional<std::int64_t> integer(const json::value* v) {
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return static_cast<std::int64_t>(v->get_uint64());
    return std::nullopt;
}

std::string text_at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

const json::array* embedded_list(const json::value& doc, std::string_view key) {
    const auto* o = doc.if_object();
    const auto* embedded = o ? o->if_contains("_embedded") : nullptr;
    const auto* list = embedded && embedded->is_object() ? embedded->get_object().if_contains(key) : nullptr;
    return list ? list->if_array() : nullptr;
}

std::string quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

// The one element named `wanted`: an exact match wins; otherwise a single loose match is taken (and
// noted); several loose matches, or none, are a problem. `what` names the kind in messages.
template <class T>
const T* find_named(const std::vector<T>& items, std::string_view wanted, std::string_view what, resolution& out) {
    for (const auto& item : items)
        if (item.name == wanted) return &item;
    const auto key = loose_name(wanted);
    const T* found = nullptr;
    std::size_t count = 0;
    if (!key.empty()) {
        for (const auto& item : items) {
            if (loose_name(item.name) != key) continue;
            if (!found) found = &item;
            ++count;
        }
    }
    if (count == 0) {
        out.problems.push_back(std::string(what) + " " + quoted(wanted) + " not found in amoCRM");
        return nullptr;
    }
    if (count > 1) {
        out.problems.push_back(std::string(what) + " " + quoted(wanted) + " matches " + std::to_string(count) +
                               " names in amoCRM that differ only in case, spaces or ё/е; write it exactly");
        return nullptr;
    }
    out.warnings.push_back(std::string(what) + " " + quoted(wanted) + " taken as " + quoted(found->name));
    return found;
}

}  // namespace

std::string loose_name(std::string_view name) {
    if (!text::is_valid_utf8(name)) return {};
    return text::fold_case(text::normalise_spaces(name), text::yo_rule::as_ye);
}

result<custom_fields_page> read_custom_fields(const json::value& doc) {
    using page_result = result<custom_fields_page>;
    if (doc.is_null()) return page_result::ok({});
    const auto* list = embedded_list(doc, "custom_fields");
    if (!list) return page_result::fail(bad_shape("custom fields without _embedded.custom_fields"));
    custom_fields_page page;
    for (const auto& item : *list) {
        const auto* o = item.if_object();
        const auto id = o ? integer(o->if_contains("id")) : std::nullopt;
        if (!id) continue;
        page.fields.push_back({*id, text_at(*o, "name"), text_at(*o, "type")});
    }
    const auto& top = doc.get_object();
    const auto* links = top.if_contains("_links");
    page.more = links && links->is_object() && links->get_object().contains("next");
    return page_result::ok(std::move(page));
}

result<std::vector<pipeline_info>> read_pipelines(const json::value& doc) {
    using list_result = result<std::vector<pipeline_info>>;
    const auto* list = embedded_list(doc, "pipelines");
    if (!list) return list_result::fail(bad_shape("pipelines without _embedded.pipelines"));
    std::vector<pipeline_info> out;
    for (const auto& item : *list) {
        const auto* o = item.if_object();
        const auto id = o ? integer(o->if_contains("id")) : std::nullopt;
        if (!id) continue;
        pipeline_info p{*id, text_at(*o, "name"), {}};
        if (const auto* statuses = embedded_list(item, "statuses")) {
            for (const auto& s : *statuses) {
                const auto* so = s.if_object();
                const auto sid = so ? integer(so->if_contains("id")) : std::nullopt;
                if (!sid) continue;
                const auto type = integer(so->if_contains("type")).value_or(0);
                p.statuses.push_back({*sid, text_at(*so, "name"), type == status_type_unsorted});
            }
        }
        out.push_back(std::move(p));
    }
    return list_result::ok(std::move(out));
}

resolution resolve_names(const gateway_settings& s, const std::vector<custom_field>& fields,
                         const std::vector<pipeline_info>& pipelines) {
    resolution out;
    if (!s.onec_id_field.empty()) {
        if (const auto* f = find_named(fields, s.onec_id_field, "custom field", out)) {
            out.onec_id_field = f->id;
            if (f->type != text_field_type)
                out.warnings.push_back("custom field " + quoted(f->name) + " is of type " + quoted(f->type) +
                                       "; \"text\" keeps 1C ids as written (leading zeros)");
        }
    }
    for (const auto& [event, names] : s.stages) {
        const auto* p = find_named(pipelines, names.pipeline, "pipeline", out);
        if (!p) continue;
        const auto* st = find_named(p->statuses, names.status, "status in pipeline " + quoted(p->name), out);
        if (!st) continue;
        if (st->unsorted) {
            out.problems.push_back("stage " + quoted(event) + ": " + quoted(st->name) +
                                   " is the unsorted stage; amoCRM does not move leads into it");
            continue;
        }
        out.stages[event] = {p->id, st->id};
    }
    return out;
}

}  // namespace hs1c::amocrm
