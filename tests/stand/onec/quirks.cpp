#include "tests/stand/onec/quirks.hpp"

#include <boost/json/object.hpp>

#include <array>
#include <utility>

namespace hs1c::stand::onec {

namespace {

namespace json = boost::json;

constexpr std::string_view default_status_user = "1c-status";
constexpr std::string_view default_status_password = "hs1c-demo-status";

constexpr std::array<std::pair<error_mode, std::string_view>, 5> error_names{{
    {error_mode::none, "none"},
    {error_mode::text_500, "500_text"},
    {error_mode::error_200, "200_error"},
    {error_mode::xml_406, "406_xml"},
    {error_mode::licence, "licence"},
}};

bool read_unsigned(const json::value& v, unsigned& out) {
    if (v.is_int64() && v.as_int64() >= 0) {
        out = static_cast<unsigned>(v.as_int64());
        return true;
    }
    if (v.is_uint64()) {
        out = static_cast<unsigned>(v.as_uint64());
        return true;
    }
    return false;
}

}  // namespace

quirks quirks::defaults() {
    quirks q;
    q.status_user = default_status_user;
    q.status_password = default_status_password;
    return q;
}

std::optional<std::string> quirks::apply(const json::object& changes) {
    quirks next = *this;
    for (const auto& [key, v] : changes) {
        const auto bad = [&] { return "bad value for quirk '" + std::string(key) + "'"; };
        if (key == "bom" || key == "nbsp_numbers" || key == "down" || key == "status_auth_crlf") {
            if (!v.is_bool()) return bad();
            (key == "bom" ? next.bom : key == "nbsp_numbers" ? next.nbsp_numbers
                                   : key == "down"           ? next.down
                                                             : next.status_auth_crlf) = v.as_bool();
        } else if (key == "latency_ms" || key == "cold_start_ms" || key == "max_concurrent") {
            unsigned n = 0;
            if (!read_unsigned(v, n)) return bad();
            (key == "latency_ms" ? next.latency_ms : key == "cold_start_ms" ? next.cold_start_ms
                                                                          : next.max_concurrent) = n;
        } else if (key == "idle_s") {
            if (!v.is_number() || v.to_number<double>() < 0) return bad();
            next.idle_s = v.to_number<double>();
        } else if (key == "charset") {
            if (!v.is_string() || (v.as_string() != "utf-8" && v.as_string() != "none" && v.as_string() != "windows-1251"))
                return bad();
            next.charset = v.as_string();
        } else if (key == "error") {
            if (!v.is_string()) return bad();
            bool found = false;
            for (const auto& [mode, name] : error_names) {
                if (v.as_string() == name) {
                    next.error = mode;
                    found = true;
                }
            }
            if (!found) return bad();
        } else if (key == "status_user" || key == "status_password" || key == "status_ca_file") {
            if (!v.is_string()) return bad();
            (key == "status_user" ? next.status_user : key == "status_password" ? next.status_password
                                                                                : next.status_ca_file) = v.as_string();
        } else {
            return "unknown quirk '" + std::string(key) + "'";
        }
    }
    *this = std::move(next);
    return std::nullopt;
}

json::object quirks::to_json() const {
    std::string_view error_name;
    for (const auto& [mode, name] : error_names)
        if (mode == error) error_name = name;
    return json::object{
        {"bom", bom},
        {"charset", charset},
        {"nbsp_numbers", nbsp_numbers},
        {"latency_ms", latency_ms},
        {"cold_start_ms", cold_start_ms},
        {"idle_s", idle_s},
        {"error", error_name},
        {"max_concurrent", max_concurrent},
        {"down", down},
        {"status_user", status_user},
        {"status_password", status_password},
        {"status_auth_crlf", status_auth_crlf},
        {"status_ca_file", status_ca_file},
    };
}

}  // namespace hs1c::stand::onec
