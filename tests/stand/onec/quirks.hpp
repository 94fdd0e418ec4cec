// The 1C emulator's switchable quirks (DESIGN §4.3), set through POST /_stand/quirks.
#pragma once

#include <boost/json/fwd.hpp>

#include <optional>
#include <string>

namespace hs1c::stand::onec {

enum class error_mode { none, text_500, error_200, xml_406, licence };

struct quirks {
    bool bom = false;
    std::string charset = "utf-8";  // "utf-8" | "none" | "windows-1251": the header only
    bool nbsp_numbers = false;
    unsigned latency_ms = 0;
    unsigned cold_start_ms = 0;
    double idle_s = 0;  // silence after which the next request pays cold_start_ms
    error_mode error = error_mode::none;
    unsigned max_concurrent = 0;  // 0: no licence cap
    bool down = false;
    std::string status_user;
    std::string status_password;
    bool status_auth_crlf = false;
    std::string status_ca_file;  // empty: the stand does not verify the proxy's certificate

    static quirks defaults();
    // Applies the given switches to a copy; an error message (and nothing changed) on a bad one.
    std::optional<std::string> apply(const boost::json::object& changes);
    boost::json::object to_json() const;
};

}  // namespace hs1c::stand::onec
