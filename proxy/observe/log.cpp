#include "proxy/observe/log.hpp"

#include <boost/json/serialize.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

namespace hs1c::observe {

namespace {

std::atomic<int> min_level{static_cast<int>(level::info)};
std::mutex write_mutex;

std::string_view level_name(level l) {
    switch (l) {
        case level::debug: return "debug";
        case level::info: return "info";
        case level::warn: return "warn";
        case level::error: return "error";
    }
    return "info";
}

// RFC 3339 UTC with milliseconds: log collectors sort and parse it without configuration.
std::string timestamp() {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const auto secs = system_clock::to_time_t(now);
    const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
    return buf;
}

}  // namespace

void set_log_level(std::string_view name) {
    for (auto l : {level::debug, level::info, level::warn, level::error}) {
        if (level_name(l) == name) {
            min_level = static_cast<int>(l);
            return;
        }
    }
    min_level = static_cast<int>(level::info);
}

bool log_enabled(level l) { return static_cast<int>(l) >= min_level.load(std::memory_order_relaxed); }

void log(level l, std::string_view msg, boost::json::object fields) {
    if (!log_enabled(l)) return;
    boost::json::object line;
    line.reserve(fields.size() + 3);
    line["ts"] = timestamp();
    line["level"] = level_name(l);
    line["msg"] = msg;
    for (auto& [k, v] : fields) line[k] = std::move(v);
    std::string text = boost::json::serialize(line);
    text += '\n';
    const std::lock_guard lock(write_mutex);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

}  // namespace hs1c::observe
