// Small pieces every amoCRM route answers with: content types, problem+json shortcuts, HAL bodies,
// and the parsing of numbers in paths and queries.
#pragma once

#include "tests/stand/common/emulator.hpp"

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace hs1c::stand::amo {

constexpr std::string_view hal_json = "application/hal+json";
constexpr std::string_view problem_json = "application/problem+json";
constexpr std::string_view html_type = "text/html; charset=utf-8";

// A whole decimal number, or nullopt.
std::optional<std::int64_t> parse_int(std::string_view text);
std::int64_t unix_now();

response hal(const request& req, const boost::json::value& body);
response problem_response(const request& req, http::status status, std::string_view title, std::string_view detail);
response not_found(const request& req);
response method_not_allowed(const request& req);
response bad_request(const request& req, std::string_view detail);

}  // namespace hs1c::stand::amo
