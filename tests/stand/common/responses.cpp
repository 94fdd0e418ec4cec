#include "tests/stand/common/responses.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace hs1c::stand {

response make_response(const request& req, http::status status, std::string body,
                       std::string_view content_type) {
    response res{status, req.version()};
    res.set(http::field::server, "hs1c-stand");
    if (!content_type.empty()) res.set(http::field::content_type, content_type);
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

response json_response(const request& req, http::status status, const boost::json::value& body,
                       std::string_view content_type) {
    return make_response(req, status, boost::json::serialize(body), content_type);
}

response text_response(const request& req, http::status status, std::string body) {
    return make_response(req, status, std::move(body), "text/plain; charset=utf-8");
}

std::string_view target_path(std::string_view target) {
    return target.substr(0, target.find('?'));
}

std::string_view target_query(std::string_view target) {
    const auto q = target.find('?');
    return q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
}

}  // namespace hs1c::stand
