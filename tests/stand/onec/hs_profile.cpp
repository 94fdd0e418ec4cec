#include "tests/stand/onec/hs_profile.hpp"

#include "tests/stand/onec/catalog.hpp"
#include "tests/stand/onec/messages.hpp"
#include "tests/stand/onec/orders.hpp"
#include "tests/stand/onec/text.hpp"

#include "proxy/http/codec.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <vector>

namespace hs1c::stand::onec {

namespace {

namespace json = boost::json;

constexpr std::size_t default_limit = 20;
constexpr std::size_t max_limit = 100;

reply json_reply(unsigned status, const json::value& body, std::string kind) {
    return {status, json::serialize(body), body_format::json, std::move(kind)};
}

// The error body the integration's HTTP service answers with (the same shape as its 200-with-error).
reply error_reply(unsigned status, std::string message, std::string kind) {
    return json_reply(status, json::object{{"success", false}, {"error", std::move(message)}}, std::move(kind));
}

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (end > start) {
            auto decoded = http::percent_decode(path.substr(start, end - start), false);
            out.push_back(decoded ? *decoded : std::string(path.substr(start, end - start)));
        }
        start = end + 1;
    }
    return out;
}

reply search(std::string_view query, const catalog& cat) {
    constexpr std::string_view kind = "search";
    std::optional<std::string> q;
    std::optional<std::string> limit_text;
    for (auto& p : http::parse_query(query)) {
        if (p.name == "q") q = std::move(p.value);
        else if (p.name == "limit") limit_text = std::move(p.value);
    }
    if (!q || q->empty()) return error_reply(400, std::string(messages::no_query), std::string(kind));
    std::size_t limit = default_limit;
    if (limit_text) {
        const auto* end = limit_text->data() + limit_text->size();
        const auto [ptr, ec] = std::from_chars(limit_text->data(), end, limit);
        if (ec != std::errc{} || ptr != end || limit == 0)
            return error_reply(400, std::string(messages::bad_limit), std::string(kind));
        limit = std::min(limit, max_limit);
    }
    const auto needle = fold_case(*q);
    json::array items;
    bool more = false;
    for (const auto& it : cat.items()) {
        if (it.effectively_deleted || it.folded_name.find(needle) == std::string::npos) continue;
        if (items.size() == limit) {
            more = true;
            break;
        }
        items.push_back(json::object{{"id", it.id}, {"name", it.name}, {"code", it.code}, {"unit", it.unit}});
    }
    return json_reply(200, json::object{{"items", std::move(items)}, {"more", more}}, std::string(kind));
}

reply parameters(const item& it, const catalog& cat) {
    json::array out;
    for (const auto& ip : it.parameters)
        if (const auto* p = cat.find_parameter(ip.id)) out.push_back(json::object{{"id", p->id}, {"name", p->name}});
    return json_reply(200, json::object{{"parameters", std::move(out)}}, "parameters");
}

reply values(const item& it, std::string_view parameter_id, const catalog& cat) {
    constexpr std::string_view kind = "values";
    const item_parameter* allowed = nullptr;
    for (const auto& ip : it.parameters)
        if (ip.id == parameter_id) allowed = &ip;
    const auto* p = cat.find_parameter(parameter_id);
    if (allowed == nullptr || p == nullptr)
        return error_reply(404, format_message(messages::parameter_not_found, {parameter_id, it.id}), std::string(kind));
    json::array out;
    for (const auto& value_id : allowed->values)
        if (const auto* v = cat.find_value(*p, value_id)) out.push_back(json::object{{"id", v->id}, {"name", v->name}});
    return json_reply(200, json::object{{"values", std::move(out)}}, std::string(kind));
}

reply create_order(std::string_view body, const catalog& cat, order_book& orders) {
    constexpr std::string_view kind = "create_order";
    boost::system::error_code ec;
    const auto doc = json::parse(body, ec);
    if (ec) return error_reply(400, std::string(messages::bad_json), std::string(kind));
    auto result = orders.create(doc, cat);
    if (const auto* error = std::get_if<order_error>(&result)) return error_reply(400, error->message, std::string(kind));
    const auto* o = std::get<order_book::created_order>(result).value;
    return json_reply(200, json::object{{"id", o->id}, {"number", o->number}}, std::string(kind));
}

}  // namespace

reply handle_hs(const hs_request& req, const catalog& cat, order_book& orders, bool nbsp_numbers) {
    const auto segments = split_path(req.path);
    const bool get = req.method == "GET";
    const bool post = req.method == "POST";
    const auto wrong_method = [](std::string kind) {
        return error_reply(405, std::string(messages::method_not_allowed), std::move(kind));
    };

    if (!segments.empty() && segments[0] == "nomenclature") {
        if (segments.size() == 1) return get ? search(req.query, cat) : wrong_method("search");
        const std::string kind = segments.size() == 3 ? "parameters" : "values";
        const bool shape = (segments.size() == 3 && segments[2] == "parameters") ||
                           (segments.size() == 5 && segments[2] == "parameters" && segments[4] == "values");
        if (!shape) return error_reply(404, std::string(messages::not_found), "other");
        if (!get) return wrong_method(kind);
        const auto* it = cat.find_item(segments[1]);
        if (it == nullptr) return error_reply(404, format_message(messages::item_not_found, {segments[1]}), kind);
        return segments.size() == 3 ? parameters(*it, cat) : values(*it, segments[3], cat);
    }
    if (!segments.empty() && segments[0] == "orders") {
        if (segments.size() == 1) return post ? create_order(req.body, cat, orders) : wrong_method("create_order");
        if (segments.size() == 2) {
            if (!get) return wrong_method("get_order");
            const auto* o = orders.find(segments[1]);
            if (o == nullptr)
                return error_reply(404, format_message(messages::order_not_found, {segments[1]}), "get_order");
            return json_reply(200, order_book::to_json(*o, nbsp_numbers), "get_order");
        }
    }
    return error_reply(404, std::string(messages::not_found), "other");
}

}  // namespace hs1c::stand::onec
