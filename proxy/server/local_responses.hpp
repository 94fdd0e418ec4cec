// Building the proxy's own answers: JSON and text bodies, the JSON error shape of /_hs1c/ routes
// ({"error":{"code","message"}}), and bare error answers sent before a request is fully read.
#pragma once

#include "proxy/routing/plugin.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace hs1c::server {

namespace http = boost::beast::http;

routing::response json_answer(const routing::request& req, http::status status, const boost::json::value& body);
routing::response text_answer(const routing::request& req, http::status status, std::string body,
                              std::string_view content_type = "text/plain; charset=utf-8");
// {"error":{"code":code,"message":message}} whatever the path: the proxy's own APIs (public and admin).
routing::response json_error(const routing::request& req, http::status status, std::string_view code,
                             std::string_view message);
// {"error":{"code":code,"message":message}} for /_hs1c/ paths, plain text elsewhere.
routing::response error_answer(unsigned version, bool keep_alive, http::status status, std::string_view path,
                               std::string_view code, std::string_view message);

}  // namespace hs1c::server
