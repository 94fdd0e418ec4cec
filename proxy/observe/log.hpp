// Structured logging: one JSON object per line on standard output, safe from any thread.
// Secrets must never be passed in: callers log names and ids, not credentials or tokens.
#pragma once

#include <boost/json/object.hpp>

#include <string_view>

namespace hs1c::observe {

enum class level { debug, info, warn, error };

// Sets the minimum level written ("debug", "info", "warn", "error"); unknown names keep "info".
void set_log_level(std::string_view name);
bool log_enabled(level l);

// Writes {"ts":…,"level":…,"msg":msg, …fields} as one line.
void log(level l, std::string_view msg, boost::json::object fields = {});

inline void log_debug(std::string_view msg, boost::json::object fields = {}) {
    if (log_enabled(level::debug)) log(level::debug, msg, std::move(fields));
}
inline void log_info(std::string_view msg, boost::json::object fields = {}) {
    log(level::info, msg, std::move(fields));
}
inline void log_warn(std::string_view msg, boost::json::object fields = {}) {
    log(level::warn, msg, std::move(fields));
}
inline void log_error(std::string_view msg, boost::json::object fields = {}) {
    log(level::error, msg, std::move(fields));
}

}  // namespace hs1c::observe
