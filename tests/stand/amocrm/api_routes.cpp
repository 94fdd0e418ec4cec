// The routes amoCRM itself serves: API v4 leads, custom fields, pipelines, account, and the OAuth
// token endpoint.
#include "tests/stand/amocrm/amocrm.hpp"

#include "tests/stand/amocrm/answers.hpp"
#include "tests/stand/amocrm/lead_patch.hpp"
#include "tests/stand/amocrm/problems.hpp"
#include "tests/stand/amocrm/render.hpp"
#include "tests/stand/common/responses.hpp"

#include "proxy/http/codec.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <map>
#include <vector>

namespace hs1c::stand::amo {

namespace {

namespace json = boost::json;
namespace codec = hs1c::http;
using clock = std::chrono::steady_clock;

constexpr std::string_view leads_path = "/api/v4/leads";
constexpr std::string_view token_json = "application/json";
constexpr std::string_view form_type = "application/x-www-form-urlencoded";
constexpr std::int64_t default_page_size = 50;
constexpr std::int64_t max_page_size = 250;  // also the most elements of one bulk PATCH

}  // namespace

response amocrm::api_route(const request& req, const std::string& path) {
    const auto method = req.method();
    if (path == "/api/v4/account")
        return method == http::verb::get ? hal(req, render_account(base_url_)) : method_not_allowed(req);
    if (path == leads_path) {
        if (method == http::verb::get) return list_leads(req);
        if (method == http::verb::patch) return patch_many(req);
        return method_not_allowed(req);
    }
    if (path == "/api/v4/leads/custom_fields")
        return method == http::verb::get ? hal(req, render_custom_fields(account_, base_url_))
                                         : method_not_allowed(req);
    if (path == "/api/v4/leads/pipelines")
        return method == http::verb::get ? hal(req, render_pipelines(account_, base_url_))
                                         : method_not_allowed(req);
    if (path.starts_with(std::string(leads_path) + "/")) {
        const auto id = parse_int(std::string_view(path).substr(leads_path.size() + 1));
        if (!id) return not_found(req);
        if (method == http::verb::get) {
            const auto it = account_.leads.find(*id);
            return it == account_.leads.end() ? not_found(req) : hal(req, render_lead(account_, it->second, base_url_));
        }
        if (method == http::verb::patch) return patch_one(req, *id);
        return method_not_allowed(req);
    }
    return not_found(req);
}

response amocrm::list_leads(const request& req) {
    std::string query;
    std::int64_t limit = default_page_size;
    std::int64_t page = 1;
    for (const auto& p : codec::parse_query(target_query(req.target()))) {
        if (p.name == "query") {
            query = p.value;
        } else if (p.name == "limit") {
            const auto n = parse_int(p.value);
            if (!n || *n < 1 || *n > max_page_size) return bad_request(req, "limit must be between 1 and 250");
            limit = *n;
        } else if (p.name == "page") {
            const auto n = parse_int(p.value);
            if (!n || *n < 1) return bad_request(req, "page must be a positive number");
            page = *n;
        }
    }
    std::vector<const lead*> matched;
    for (const auto& [id, l] : account_.leads)
        if (query.empty() || matches_query(l, query)) matched.push_back(&l);
    const auto first = static_cast<std::size_t>((page - 1) * limit);
    if (first >= matched.size()) {
        // No match is an empty list, not an error: 204 with no body and no Content-Length.
        auto res = make_response(req, http::status::no_content, {}, {});
        res.erase(http::field::content_length);
        return res;
    }

    const auto link = [&](std::int64_t n) {
        std::string href = base_url_ + std::string(leads_path) + "?";
        if (!query.empty()) href += "query=" + codec::percent_encode(query) + "&";
        href += "page=" + std::to_string(n) + "&limit=" + std::to_string(limit);
        return json::object{{"href", std::move(href)}};
    };
    json::array leads;
    const auto last = std::min(matched.size(), first + static_cast<std::size_t>(limit));
    for (auto i = first; i < last; ++i) leads.push_back(render_lead(account_, *matched[i], base_url_));
    json::object links{{"self", link(page)}};
    if (last < matched.size()) links["next"] = link(page + 1);
    if (page > 1) {
        links["first"] = link(1);
        links["prev"] = link(page - 1);
    }
    return hal(req, json::object{{"_page", page}, {"_links", std::move(links)},
                                 {"_embedded", json::object{{"leads", std::move(leads)}}}});
}

json::object amocrm::patched_summary(const lead& l) const {
    return json::object{{"id", l.id},
                        {"updated_at", l.updated_at},
                        {"_links", json::object{{"self", json::object{{"href", base_url_ + std::string(leads_path) +
                                                                                   "/" + std::to_string(l.id)}}}}}};
}

response amocrm::patch_one(const request& req, std::int64_t id) {
    const auto it = account_.leads.find(id);
    if (it == account_.leads.end()) return not_found(req);
    boost::system::error_code ec;
    const auto body = json::parse(req.body(), ec);
    if (ec || !body.is_object()) return bad_request(req, "The request body must be a JSON object");
    auto staged = it->second;
    auto errors = apply_patch(account_, staged, body.as_object(), unix_now());
    if (!errors.empty())
        return json_response(req, http::status::bad_request, validation_problem({{0, std::move(errors)}}),
                             problem_json);
    it->second = std::move(staged);
    return hal(req, patched_summary(it->second));
}

response amocrm::patch_many(const request& req) {
    boost::system::error_code ec;
    const auto body = json::parse(req.body(), ec);
    if (ec || !body.is_array()) return bad_request(req, "The request body must be a JSON array");
    const auto& items = body.as_array();
    if (items.empty() || items.size() > static_cast<std::size_t>(max_page_size))
        return bad_request(req, "The request must hold 1 to 250 leads");
    // All or nothing: every element is validated against the staged result of the ones before it.
    std::map<std::int64_t, lead> staged;
    std::vector<std::int64_t> order;
    std::vector<request_errors> failed;
    const auto now = unix_now();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto* item = items[i].if_object();
        const auto* id_value = item ? item->if_contains("id") : nullptr;
        const auto id = id_value && id_value->is_int64() ? std::optional(id_value->as_int64()) : std::nullopt;
        if (!id) {
            failed.push_back({i, {{"NotBlank", "id", "This value should not be blank."}}});
            continue;
        }
        auto it = staged.find(*id);
        if (it == staged.end()) {
            const auto stored = account_.leads.find(*id);
            if (stored == account_.leads.end()) {
                failed.push_back({i, {{"NotFound", "id", "Entity not found"}}});
                continue;
            }
            it = staged.emplace(*id, stored->second).first;
        }
        auto candidate = it->second;
        auto errors = apply_patch(account_, candidate, *item, now);
        if (!errors.empty()) {
            failed.push_back({i, std::move(errors)});
            continue;
        }
        it->second = std::move(candidate);
        order.push_back(*id);
    }
    if (!failed.empty())
        return json_response(req, http::status::bad_request, validation_problem(failed), problem_json);
    json::array done;
    for (const auto id : order) {
        account_.leads[id] = staged.at(id);
        done.push_back(patched_summary(account_.leads[id]));
    }
    return hal(req, json::object{{"_links", json::object{{"self", json::object{{"href", base_url_ + std::string(leads_path)}}}}},
                                 {"_embedded", json::object{{"leads", std::move(done)}}}});
}

response amocrm::oauth_route(const request& req) {
    if (req.method() != http::verb::post) return method_not_allowed(req);
    json::object body;
    const auto content_type = req[http::field::content_type];
    if (content_type.find(form_type) != std::string_view::npos) {
        const auto form = codec::parse_form(req.body());
        if (form)
            for (const auto& p : *form) body[p.name] = p.value;
    } else {
        boost::system::error_code ec;
        auto parsed = json::parse(req.body(), ec);
        if (!ec && parsed.is_object()) body = std::move(parsed.as_object());
    }
    auto result = oauth_.exchange(body, clock::now(), std::chrono::seconds(quirks_.token_ttl_s));
    if (const auto* failure = std::get_if<oauth_failure>(&result))
        return json_response(req, static_cast<http::status>(failure->status),
                             oauth_problem(failure->status, failure->hint), problem_json);
    return json_response(req, http::status::ok, std::get<json::object>(result), token_json);
}

}  // namespace hs1c::stand::amo
