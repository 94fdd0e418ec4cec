// HAL JSON renderings of the account's leads, custom fields, pipelines and the account itself, with
// links under the base URL the client used (e.g. "http://127.0.0.1:18003").
#pragma once

#include "tests/stand/amocrm/account.hpp"

#include <boost/json/fwd.hpp>

#include <string_view>

namespace hs1c::stand::amo {

boost::json::object render_lead(const account& a, const lead& l, std::string_view base_url);
boost::json::object render_custom_fields(const account& a, std::string_view base_url);
boost::json::object render_pipelines(const account& a, std::string_view base_url);
boost::json::object render_account(std::string_view base_url);

}  // namespace hs1c::stand::amo
