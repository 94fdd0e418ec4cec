#include "proxy/server/local_responses.hpp"

#include <boost/json/serialize.hpp>

namespace hs1c::server {

namespace {

constexpr std::string_view own_prefix = "/_hs1c/";

routing::response answer(unsigned version, bool keep_alive, http::status status, std::string body,
                         std::string_view content_type) {
    routing::response res{status, version};
    res.set(http::field::content_type, content_type);
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(body);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    return res;
}

}  // namespace

routing::response json_answer(const routing::request& req, http::status status, const boost::json::value& body) {
    return answer(req.version(), req.keep_alive(), status, boost::json::serialize(body),
                  "application/json; charset=utf-8");
}

routing::response json_error(const routing::request& req, http::status status, std::string_view code,
                             std::string_view message) {
    return json_answer(req, status,
                       boost::json::object{{"error", boost::json::object{{"code", code}, {"message", message}}}});
}

routing::response text_answer(const routing::request& req, http::status status, std::string body,
                              std::string_view content_type) {
    return answer(req.version(), req.keep_alive(), status, std::move(body), content_type);
}

routing::response error_answer(unsigned version, bool keep_alive, http::status status, std::string_view path,
                               std::string_view code, std::string_view message) {
    if (path.starts_with(own_prefix) || path == own_prefix.substr(0, own_prefix.size() - 1)) {
        const boost::json::object body{{"error", boost::json::object{{"code", code}, {"message", message}}}};
        return answer(version, keep_alive, status, boost::json::serialize(body), "application/json; charset=utf-8");
    }
    return answer(version, keep_alive, status, std::string(message) + "\n", "text/plain; charset=utf-8");
}

}  // namespace hs1c::server
