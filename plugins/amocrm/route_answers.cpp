#include "plugins/amocrm/route_answers.hpp"

#include "proxy/html/inject.hpp"

#include <boost/json/array.hpp>

#include <string>

namespace hs1c::amocrm {

namespace {

constexpr unsigned not_found_status = 404;
constexpr unsigned unprocessable_status = 422;
constexpr unsigned conflict_status = 409;
constexpr unsigned unavailable_status = 503;
constexpr unsigned bad_gateway_status = 502;

}  // namespace

boost::json::object lead_json(const lead& l) {
    boost::json::object fields;
    for (const auto& [id, values] : l.fields) {
        boost::json::array list;
        for (const auto& v : values) list.emplace_back(v);
        fields[std::to_string(id)] = std::move(list);
    }
    return boost::json::object{{"id", l.id},
                               {"name", l.name},
                               {"pipeline_id", l.pipeline_id},
                               {"status_id", l.status_id},
                               {"fields", std::move(fields)}};
}

boost::json::object failure_json(const failure& f) {
    boost::json::object e{
        {"code", to_string(f.kind)}, {"message", f.message}, {"retryable", f.retryable}, {"status", f.status}};
    if (!f.code.empty()) e["amo_code"] = f.code;
    if (!f.path.empty()) e["amo_path"] = f.path;
    return boost::json::object{{"error", std::move(e)}};
}

unsigned http_status_for(const failure& f) {
    switch (f.kind) {
        case failure_kind::not_found:
            return not_found_status;
        case failure_kind::rejected:
            return unprocessable_status;
        case failure_kind::unsorted:
            return conflict_status;
        case failure_kind::unauthorized:
        case failure_kind::banned:
        case failure_kind::throttled:
            return unavailable_status;
        case failure_kind::unavailable:
            break;
    }
    return bad_gateway_status;
}

std::string html_page(std::string_view title, std::string_view message) {
    return "<!doctype html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"><title>" + html::escape_attribute(title) +
           "</title></head>\n<body><p>" + html::escape_attribute(message) + "</p></body></html>\n";
}

}  // namespace hs1c::amocrm
