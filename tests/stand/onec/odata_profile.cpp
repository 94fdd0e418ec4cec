#include "tests/stand/onec/odata_profile.hpp"

#include "tests/stand/onec/catalog.hpp"
#include "tests/stand/onec/messages.hpp"
#include "tests/stand/onec/odata_filter.hpp"
#include "tests/stand/onec/text.hpp"

#include "proxy/http/codec.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <functional>

namespace hs1c::stand::onec {

namespace {

namespace json = boost::json;

constexpr std::string_view set_items = "Catalog_Номенклатура";
constexpr std::string_view set_item_properties = "ДополнительныеРеквизиты";
constexpr std::string_view set_properties = "ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения";
constexpr std::string_view set_values = "Catalog_ЗначенияСвойствОбъектов";
constexpr std::string_view empty_ref = "00000000-0000-0000-0000-000000000000";
constexpr std::string_view data_version = "AAAAAQAAAAA=";
constexpr std::string_view values_type = "StandardODATA.Catalog_ЗначенияСвойствОбъектов";
constexpr std::string_view atom_updated = "2026-01-01T00:00:00Z";
constexpr std::string_view error_code_query = "14";
constexpr std::string_view error_code_not_found = "9";

struct query_options {
    bool json = false;
    std::optional<std::size_t> top;
    std::size_t skip = 0;
    std::vector<std::string> select;
    std::string filter;
    bool has_filter = false;
};

struct entity_set {
    std::string name;
    filter_schema schema;
    std::function<json::array()> rows;
};

std::string ref_or_empty(const std::string& id) { return id.empty() ? std::string(empty_ref) : id; }

json::object item_row(const item& it) {
    return json::object{{"Ref_Key", it.id},           {"DataVersion", data_version},
                        {"DeletionMark", it.effectively_deleted}, {"Parent_Key", ref_or_empty(it.group)},
                        {"IsFolder", false},           {"Code", it.code},
                        {"Description", it.name},      {"Артикул", it.article},
                        {"ЕдиницаИзмерения", it.unit}};
}

json::object group_row(const group& g, const catalog& cat) {
    return json::object{{"Ref_Key", g.id},           {"DataVersion", data_version},
                        {"DeletionMark", cat.group_deleted(g.id)}, {"Parent_Key", ref_or_empty(g.parent)},
                        {"IsFolder", true},           {"Code", ""},
                        {"Description", g.name},      {"Артикул", ""},
                        {"ЕдиницаИзмерения", ""}};
}

json::object property_row(const parameter& p) {
    return json::object{{"Ref_Key", p.id}, {"DataVersion", data_version}, {"DeletionMark", false},
                        {"Description", p.name}, {"Заголовок", p.name}};
}

json::object value_row(const parameter& p, const value& v) {
    return json::object{{"Ref_Key", v.id},         {"DataVersion", data_version}, {"DeletionMark", false},
                        {"Owner_Key", p.id},       {"Parent_Key", empty_ref},    {"IsFolder", false},
                        {"Description", v.name}};
}

// УТ 11 keeps an item's additional properties in its tabular section: one row per property.
json::array item_property_rows(const item& it) {
    json::array rows;
    std::size_t line = 0;
    for (const auto& ip : it.parameters) {
        rows.push_back(json::object{{"Ref_Key", it.id},
                                    {"LineNumber", std::to_string(++line)},
                                    {"Свойство_Key", ip.id},
                                    {"Значение", ip.values.empty() ? std::string(empty_ref) : ip.values.front()},
                                    {"Значение_Type", values_type},
                                    {"ТекстоваяСтрока", ""}});
    }
    return rows;
}

std::string metadata_url(const odata_request& req, std::string_view suffix) {
    return "http://" + std::string(req.host) + std::string(odata_base) + "$metadata#" + std::string(suffix);
}

reply odata_error(unsigned status, std::string_view code, std::string message, bool as_json) {
    if (as_json) {
        const json::object body{
            {"odata.error", json::object{{"code", code}, {"message", json::object{{"lang", "ru"}, {"value", message}}}}}};
        return {status, json::serialize(body), body_format::json, {}};
    }
    return {status,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<m:error xmlns:m=\"http://schemas.microsoft.com/ado/2007/"
            "08/dataservices/metadata\"><m:code>" + std::string(code) + "</m:code><m:message xml:lang=\"ru\">" +
                xml_escape(message) + "</m:message></m:error>",
            body_format::xml, {}};
}

std::string xml_value(const json::value& v) {
    if (v.is_bool()) return v.as_bool() ? "true" : "false";
    if (v.is_string()) return xml_escape(v.as_string());
    return xml_escape(json::serialize(v));
}

std::string atom_properties(const json::object& row) {
    std::string out = "<m:properties>";
    for (const auto& [k, v] : row) {
        const std::string name(k);
        out += "<d:" + name + (v.is_bool() ? " m:type=\"Edm.Boolean\"" : "") + ">" + xml_value(v) + "</d:" + name + ">";
    }
    return out + "</m:properties>";
}

std::string atom_entry(const odata_request& req, std::string_view set, const json::object& row) {
    const std::string base = "http://" + std::string(req.host) + std::string(odata_base);
    const auto* key = row.if_contains("Ref_Key");
    const std::string id = key != nullptr && key->is_string() ? std::string(key->as_string()) : std::string{};
    return "<entry><id>" + xml_escape(base) + xml_escape(set) + "(guid'" + xml_escape(id) + "')</id><category term=\"StandardODATA." +
           xml_escape(set) +
           "\" scheme=\"http://schemas.microsoft.com/ado/2007/08/dataservices/scheme\"/><title type=\"text\"/>"
           "<updated>" + std::string(atom_updated) + "</updated><author/><content type=\"application/xml\">" +
           atom_properties(row) + "</content></entry>";
}

std::string atom_head() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n";
}

std::string atom_feed(const odata_request& req, std::string_view set, const json::array& rows) {
    const std::string base = "http://" + std::string(req.host) + std::string(odata_base);
    std::string out = atom_head() +
                      "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
                      "xmlns:d=\"http://schemas.microsoft.com/ado/2007/08/dataservices\" "
                      "xmlns:m=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\" xml:base=\"" +
                      xml_escape(base) + "\"><id>" + xml_escape(base) + xml_escape(set) +
                      "</id><title type=\"text\"/><updated>" + std::string(atom_updated) + "</updated><author/>";
    for (const auto& r : rows) out += atom_entry(req, set, r.as_object());
    return out + "</feed>";
}

// Parses the query string; an error reply for a malformed or unsupported option.
std::variant<query_options, reply> read_options(std::string_view query) {
    query_options opts;
    bool json_format = false;
    std::vector<std::pair<std::string, std::string>> pairs;
    std::size_t start = 0;
    while (start <= query.size() && !query.empty()) {
        auto end = query.find('&', start);
        if (end == std::string_view::npos) end = query.size();
        const auto segment = query.substr(start, end - start);
        if (!segment.empty()) {
            const auto eq = segment.find('=');
            const auto name = http::percent_decode(segment.substr(0, eq), true);
            const auto val = http::percent_decode(eq == std::string_view::npos ? "" : segment.substr(eq + 1), true);
            if (!name || !val) return odata_error(400, error_code_query, std::string(messages::odata_query), false);
            pairs.emplace_back(*name, *val);
        }
        start = end + 1;
    }
    for (const auto& [name, val] : pairs)
        if (name == "$format") json_format = val == "json" || val.starts_with("application/json");
    opts.json = json_format;
    for (const auto& [name, val] : pairs) {
        if (name == "$format") continue;
        if (name == "$top" || name == "$skip") {
            std::size_t n = 0;
            const auto [ptr, ec] = std::from_chars(val.data(), val.data() + val.size(), n);
            if (ec != std::errc{} || ptr != val.data() + val.size())
                return odata_error(400, error_code_query, std::string(messages::odata_top), opts.json);
            if (name == "$top") opts.top = n;
            else opts.skip = n;
        } else if (name == "$select") {
            std::size_t s = 0;
            while (s <= val.size()) {
                auto e = val.find(',', s);
                if (e == std::string::npos) e = val.size();
                auto field = val.substr(s, e - s);
                while (!field.empty() && field.front() == ' ') field.erase(field.begin());
                while (!field.empty() && field.back() == ' ') field.pop_back();
                if (!field.empty()) opts.select.push_back(field);
                s = e + 1;
            }
        } else if (name == "$filter") {
            opts.filter = val;
            opts.has_filter = true;
        } else if (name.starts_with("$")) {
            return odata_error(400, error_code_query, std::string(messages::odata_query), opts.json);
        }
    }
    return opts;
}

// Applies $filter, $skip, $top and $select to the rows of one set.
std::variant<json::array, reply> shape_rows(json::array rows, const query_options& opts, const filter_schema& schema) {
    std::vector<filter_term> terms;
    if (opts.has_filter) {
        auto parsed = parse_filter(opts.filter, schema);
        if (!parsed) return odata_error(400, error_code_query, std::string(messages::odata_filter), opts.json);
        terms = std::move(*parsed);
    }
    if (!opts.select.empty() && !rows.empty()) {
        for (const auto& field : opts.select)
            if (!rows.front().as_object().contains(field))
                return odata_error(400, error_code_query, std::string(messages::odata_select), opts.json);
    }
    json::array out;
    std::size_t skipped = 0;
    for (auto& r : rows) {
        if (opts.top && out.size() >= *opts.top) break;
        if (!filter_matches(terms, r.as_object())) continue;
        if (skipped++ < opts.skip) continue;
        if (opts.select.empty()) {
            out.push_back(std::move(r));
            continue;
        }
        json::object picked;
        for (const auto& field : opts.select) picked[field] = r.as_object().at(field);
        out.push_back(std::move(picked));
    }
    return out;
}

reply collection_reply(const odata_request& req, const query_options& opts, std::string_view set,
                       std::string_view metadata_suffix, json::array rows, std::string kind) {
    if (!opts.json) return {200, atom_feed(req, set, rows), body_format::atom, std::move(kind)};
    const json::object body{{"odata.metadata", metadata_url(req, metadata_suffix)}, {"value", std::move(rows)}};
    return {200, json::serialize(body), body_format::json, std::move(kind)};
}

reply entity_reply(const odata_request& req, const query_options& opts, std::string_view set, json::object row,
                   std::string kind) {
    if (!opts.json) return {200, atom_head() + atom_entry(req, set, row), body_format::atom, std::move(kind)};
    json::object body{{"odata.metadata", metadata_url(req, std::string(set) + "/@Element")}};
    for (auto& [k, v] : row) body[k] = std::move(v);
    return {200, json::serialize(body), body_format::json, std::move(kind)};
}

// "Set", "Set(guid'…')" or "Set(guid'…')/Navigation".
struct resource {
    std::string set;
    std::optional<std::string> key;
    std::string navigation;
};

std::optional<resource> parse_resource(const std::string& path) {
    resource r;
    const auto open = path.find('(');
    if (open == std::string::npos) {
        if (path.find('/') != std::string::npos) return std::nullopt;
        r.set = path;
        return r;
    }
    r.set = path.substr(0, open);
    const auto close = path.find(')', open);
    if (close == std::string::npos) return std::nullopt;
    const auto key = path.substr(open + 1, close - open - 1);
    constexpr std::string_view guid_prefix = "guid'";
    if (!key.starts_with(guid_prefix) || key.back() != '\'') return std::nullopt;
    r.key = key.substr(guid_prefix.size(), key.size() - guid_prefix.size() - 1);
    const auto rest = path.substr(close + 1);
    if (!rest.empty()) {
        if (rest.front() != '/') return std::nullopt;
        r.navigation = rest.substr(1);
    }
    return r;
}

}  // namespace

reply handle_odata(const odata_request& req, const catalog& cat) {
    auto options = read_options(req.query);
    if (auto* error = std::get_if<reply>(&options)) {
        error->kind = "odata_other";
        return std::move(*error);
    }
    const auto& opts = std::get<query_options>(options);
    const auto not_found = [&](std::string_view what) {
        auto r = odata_error(404, error_code_not_found, format_message(messages::odata_not_found, {what}), opts.json);
        r.kind = "odata_other";
        return r;
    };
    const auto decoded = http::percent_decode(req.path, false);
    if (!decoded) return not_found(req.path);
    const auto res = parse_resource(*decoded);
    if (!res) return not_found(*decoded);
    if (req.method != "GET") {
        auto r = odata_error(405, error_code_query, std::string(messages::method_not_allowed), opts.json);
        r.kind = "odata_other";
        return r;
    }

    const std::vector<entity_set> sets{
        {std::string(set_items),
         {{"Description"}, {"DeletionMark", "IsFolder"}, {}},
         [&] {
             json::array rows;
             for (const auto& g : cat.groups()) rows.push_back(group_row(g, cat));
             for (const auto& it : cat.items()) rows.push_back(item_row(it));
             return rows;
         }},
        {std::string(set_properties),
         {{"Description"}, {"DeletionMark"}, {"Ref_Key"}},
         [&] {
             json::array rows;
             for (const auto& p : cat.parameters()) rows.push_back(property_row(p));
             return rows;
         }},
        {std::string(set_values),
         {{"Description"}, {"DeletionMark"}, {"Owner_Key", "Ref_Key"}},
         [&] {
             json::array rows;
             for (const auto& p : cat.parameters())
                 for (const auto& v : p.values) rows.push_back(value_row(p, v));
             return rows;
         }},
    };
    const auto set = std::find_if(sets.begin(), sets.end(), [&](const auto& s) { return s.name == res->set; });
    if (set == sets.end()) return not_found(res->set);
    const std::string kind = set->name == set_items ? "odata_search" : set->name == set_values ? "odata_values"
                                                                                               : "odata_property_names";

    if (!res->key) {
        auto shaped = shape_rows(set->rows(), opts, set->schema);
        if (auto* error = std::get_if<reply>(&shaped)) {
            error->kind = kind;
            return std::move(*error);
        }
        return collection_reply(req, opts, set->name, set->name, std::move(std::get<json::array>(shaped)), kind);
    }

    if (!res->navigation.empty()) {
        if (set->name != set_items || res->navigation != set_item_properties) return not_found(*decoded);
        const auto* it = cat.find_item(*res->key);
        if (it == nullptr) return not_found(*decoded);
        const std::string nav_set = std::string(set_items) + "_" + std::string(set_item_properties);
        auto shaped = shape_rows(item_property_rows(*it), opts, {{}, {}, {"Свойство_Key"}});
        if (auto* error = std::get_if<reply>(&shaped)) {
            error->kind = "odata_parameters";
            return std::move(*error);
        }
        return collection_reply(req, opts, nav_set, nav_set, std::move(std::get<json::array>(shaped)),
                                "odata_parameters");
    }

    for (auto& row : set->rows()) {
        const auto& o = row.as_object();
        if (o.at("Ref_Key").as_string() == *res->key) return entity_reply(req, opts, set->name, o, kind);
    }
    auto r = odata_error(404, error_code_not_found, std::string(messages::odata_no_entity), opts.json);
    r.kind = kind;
    return r;
}

}  // namespace hs1c::stand::onec
