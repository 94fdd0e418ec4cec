// Reads one object of the rules field by field: type and range checks, required keys, and the keys
// nobody asked for (typos), each recorded as a problem with its JSON pointer instead of stopping.
#pragma once

#include "proxy/config/problem.hpp"

#include <boost/json/fwd.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::config {

struct int_range {
    std::uint64_t min = 0;
    std::uint64_t max = 0;
};

// Checks of a single value at a known path; nullopt/null/false after recording the problem.
const boost::json::object* expect_object(const boost::json::value& value, const std::string& path,
                                         std::vector<problem>& problems);
const boost::json::array* expect_array(const boost::json::value& value, const std::string& path,
                                       std::vector<problem>& problems);
std::optional<std::string> expect_string(const boost::json::value& value, const std::string& path,
                                         std::vector<problem>& problems);
std::optional<std::uint64_t> expect_integer(const boost::json::value& value, const std::string& path,
                                            int_range range, std::vector<problem>& problems);

class object_reader {
public:
    object_reader(const boost::json::object& object, std::string path, std::vector<problem>& problems);

    const std::string& path() const { return path_; }
    std::string path_of(std::string_view key) const;
    void report(std::string_view key, std::string message);
    std::vector<problem>& problems() { return problems_; }

    // Both mark the key as known; null when absent.
    const boost::json::value* get(std::string_view key);
    const boost::json::value* require(std::string_view key);

    // Leave `out` untouched when the key is absent or wrong.
    void read(std::string_view key, bool& out);
    void read(std::string_view key, std::string& out);
    void read(std::string_view key, std::vector<std::string>& out);
    void read(std::string_view key, std::uint64_t& out, int_range range);
    void read(std::string_view key, unsigned& out, int_range range);
    void read(std::string_view key, std::chrono::milliseconds& out, int_range range);

    const boost::json::object* read_object(std::string_view key);
    const boost::json::array* read_array(std::string_view key);

    // Call once every known key has been read.
    void reject_unknown_keys();

private:
    const boost::json::object& object_;
    std::string path_;
    std::vector<problem>& problems_;
    std::vector<std::string> known_;
};

}  // namespace hs1c::config
