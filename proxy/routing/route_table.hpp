// The routes of one rules generation: local routes (plugins, admin), forwarded routes (rules),
// interceptors, embedded assets and the injection snippet. Immutable once built; swapped on reload.
#pragma once

#include "proxy/config/rules.hpp"
#include "proxy/routing/plugin.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::routing {

struct local_route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // pattern split on '/', "{name}" marks a parameter
    local_handler handler;
    route_options options;
};

struct asset {
    std::string content_type;
    std::string_view bytes;
    std::string etag;  // strong, from a hash of the bytes
};

template <class Interceptor>
struct matched {
    traffic_match match;
    Interceptor interceptor;
};

struct local_match {
    const local_route* route = nullptr;
    bool method_mismatch = false;  // the path exists with other methods → 405
    std::vector<std::pair<std::string, std::string>> params;
};

class route_table {
public:
    void add_local(local_route route);
    void add_asset(std::string path, asset a) { assets_[std::move(path)] = std::move(a); }
    void add_request_interceptor(matched<request_interceptor> m) { request_interceptors_.push_back(std::move(m)); }
    void add_response_interceptor(matched<response_interceptor> m) { response_interceptors_.push_back(std::move(m)); }
    void set_forwards(std::vector<config::route> routes) { forwards_ = std::move(routes); }
    void set_injection(std::string snippet) { injection_snippet_ = std::move(snippet); }

    local_match match_local(listener_kind on, std::string_view method, std::string_view path) const;
    const asset* match_asset(std::string_view path) const;
    // First forwarded route whose host, method and path prefix match.
    const config::route* match_forward(std::string_view host, std::string_view method, std::string_view path) const;

    std::vector<const request_interceptor*> request_interceptors_for(std::string_view method,
                                                                     std::string_view path) const;
    std::vector<const response_interceptor*> response_interceptors_for(std::string_view method,
                                                                       std::string_view path,
                                                                       std::string_view content_type) const;
    bool has_response_interceptors_for(std::string_view method, std::string_view path) const;

    const std::string& injection_snippet() const { return injection_snippet_; }

private:
    std::vector<local_route> locals_;
    std::map<std::string, asset, std::less<>> assets_;
    std::vector<config::route> forwards_;
    std::vector<matched<request_interceptor>> request_interceptors_;
    std::vector<matched<response_interceptor>> response_interceptors_;
    std::string injection_snippet_;
};

// Splits "/a/{b}/c" into {"a","{b}","c"}.
std::vector<std::string> split_path(std::string_view path);

}  // namespace hs1c::routing
