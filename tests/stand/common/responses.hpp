// Helpers every emulator uses to build answers.
#pragma once

#include "tests/stand/common/emulator.hpp"

#include <boost/json/fwd.hpp>

#include <string>
#include <string_view>

namespace hs1c::stand {

response make_response(const request& req, http::status status, std::string body,
                       std::string_view content_type);
response json_response(const request& req, http::status status, const boost::json::value& body,
                       std::string_view content_type = "application/json; charset=utf-8");
response text_response(const request& req, http::status status, std::string body);

// The path part of a request target and its query string (without '?').
std::string_view target_path(std::string_view target);
std::string_view target_query(std::string_view target);

}  // namespace hs1c::stand
