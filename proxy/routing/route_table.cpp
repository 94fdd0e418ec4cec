#include "proxy/routing/route_table.hpp"

#include <algorithm>

namespace hs1c::routing {

namespace {

bool is_param(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool traffic_matches(const traffic_match& m, std::string_view method, std::string_view path) {
    return (m.method.empty() || m.method == method) && (m.path.empty() || m.path == path);
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

}  // namespace

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < path.size()) {
        if (path[pos] == '/') {
            ++pos;
            continue;
        }
        const auto end = std::min(path.find('/', pos), path.size());
        out.emplace_back(path.substr(pos, end - pos));
        pos = end;
    }
    return out;
}

void route_table::add_local(local_route route) {
    route.segments = split_path(route.pattern);
    locals_.push_back(std::move(route));
}

local_match route_table::match_local(listener_kind on, std::string_view method, std::string_view path) const {
    local_match result;
    const auto segments = split_path(path);
    // A trailing slash would make "/x/" and "/x" differ for forwarding but not here: routes are exact.
    if (!path.empty() && path.back() == '/' && path.size() > 1) return result;
    for (const auto& route : locals_) {
        if (route.options.on != on || route.segments.size() != segments.size()) continue;
        std::vector<std::pair<std::string, std::string>> params;
        bool ok = true;
        for (std::size_t i = 0; i < segments.size() && ok; ++i) {
            if (is_param(route.segments[i])) {
                params.emplace_back(route.segments[i].substr(1, route.segments[i].size() - 2), segments[i]);
            } else {
                ok = route.segments[i] == segments[i];
            }
        }
        if (!ok) continue;
        if (route.method != method && !(route.method == "GET" && method == "HEAD")) {
            result.method_mismatch = true;
            continue;
        }
        result.route = &route;
        result.method_mismatch = false;
        result.params = std::move(params);
        return result;
    }
    return result;
}

const asset* route_table::match_asset(std::string_view path) const {
    const auto it = assets_.find(path);
    return it == assets_.end() ? nullptr : &it->second;
}

const config::route* route_table::match_forward(std::string_view host, std::string_view method,
                                                std::string_view path) const {
    for (const auto& r : forwards_) {
        if (!r.hosts.empty() &&
            std::none_of(r.hosts.begin(), r.hosts.end(), [&](const std::string& h) { return iequals(h, host); }))
            continue;
        if (!r.methods.empty() && std::find(r.methods.begin(), r.methods.end(), method) == r.methods.end()) continue;
        if (!path.starts_with(r.path_prefix)) continue;
        return &r;
    }
    return nullptr;
}

std::vector<const request_interceptor*> route_table::request_interceptors_for(std::string_view method,
                                                                              std::string_view path) const {
    std::vector<const request_interceptor*> out;
    for (const auto& m : request_interceptors_)
        if (traffic_matches(m.match, method, path)) out.push_back(&m.interceptor);
    return out;
}

std::vector<const response_interceptor*> route_table::response_interceptors_for(
    std::string_view method, std::string_view path, std::string_view content_type) const {
    std::vector<const response_interceptor*> out;
    for (const auto& m : response_interceptors_) {
        if (!traffic_matches(m.match, method, path)) continue;
        if (!m.match.content_type_prefix.empty() && !starts_with_icase(content_type, m.match.content_type_prefix))
            continue;
        out.push_back(&m.interceptor);
    }
    return out;
}

bool route_table::has_response_interceptors_for(std::string_view method, std::string_view path) const {
    return std::any_of(response_interceptors_.begin(), response_interceptors_.end(),
                       [&](const auto& m) { return traffic_matches(m.match, method, path); });
}

}  // namespace hs1c::routing
