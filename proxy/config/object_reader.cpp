#include "proxy/config/object_reader.hpp"

#include "proxy/config/json_pointer.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>

namespace hs1c::config {

const boost::json::object* expect_object(const boost::json::value& value, const std::string& path,
                                         std::vector<problem>& problems)
{
    if (const auto* object = value.if_object())
        return object;
    problems.push_back({path, "must be an object"});
    return nullptr;
}

const boost::json::array* expect_array(const boost::json::value& value, const std::string& path,
                                       std::vector<problem>& problems)
{
    if (const auto* array = value.if_array())
        return array;
    problems.push_back({path, "must be an array"});
    return nullptr;
}

std::optional<std::string> expect_string(const boost::json::value& value, const std::string& path,
                                         std::vector<problem>& problems)
{
    if (const auto* text = value.if_string())
        return std::string(*text);
    problems.push_back({path, "must be a string"});
    return std::nullopt;
}

std::optional<std::uint64_t> expect_integer(const boost::json::value& value, const std::string& path,
                                            int_range range, std::vector<problem>& problems)
{
    std::optional<std::uint64_t> number;
    bool negative = false;
    if (const auto* i = value.if_int64()) {
        negative = *i < 0;
        if (!negative)
            number = static_cast<std::uint64_t>(*i);
    } else if (const auto* u = value.if_uint64()) {
        number = *u;
    }
    if (!number && !negative) {
        problems.push_back({path, "must be a whole number"});
        return std::nullopt;
    }
    if (negative || *number < range.min || *number > range.max) {
        problems.push_back({path, "must be between " + std::to_string(range.min) + " and " +
                                      std::to_string(range.max)});
        return std::nullopt;
    }
    return number;
}

object_reader::object_reader(const boost::json::object& object, std::string path,
                             std::vector<problem>& problems)
    : object_(object), path_(std::move(path)), problems_(problems)
{
}

std::string object_reader::path_of(std::string_view key) const { return pointer_append(path_, key); }

void object_reader::report(std::string_view key, std::string message)
{
    problems_.push_back({path_of(key), std::move(message)});
}

const boost::json::value* object_reader::get(std::string_view key)
{
    known_.emplace_back(key);
    return object_.if_contains(key);
}

const boost::json::value* object_reader::require(std::string_view key)
{
    const auto* value = get(key);
    if (value == nullptr)
        report(key, "is required");
    return value;
}

void object_reader::read(std::string_view key, bool& out)
{
    const auto* value = get(key);
    if (value == nullptr)
        return;
    if (const auto* flag = value->if_bool())
        out = *flag;
    else
        report(key, "must be true or false");
}

void object_reader::read(std::string_view key, std::string& out)
{
    if (const auto* value = get(key))
        if (auto text = expect_string(*value, path_of(key), problems_))
            out = std::move(*text);
}

void object_reader::read(std::string_view key, std::vector<std::string>& out)
{
    const auto* array = read_array(key);
    if (array == nullptr)
        return;
    std::vector<std::string> items;
    bool all_strings = true;
    for (std::size_t i = 0; i < array->size(); ++i) {
        if (auto text = expect_string((*array)[i], pointer_append(path_of(key), i), problems_))
            items.push_back(std::move(*text));
        else
            all_strings = false;
    }
    if (all_strings)
        out = std::move(items);
}

void object_reader::read(std::string_view key, std::uint64_t& out, int_range range)
{
    if (const auto* value = get(key))
        if (auto number = expect_integer(*value, path_of(key), range, problems_))
            out = *number;
}

void object_reader::read(std::string_view key, unsigned& out, int_range range)
{
    std::uint64_t wide = out;
    read(key, wide, range);
    out = static_cast<unsigned>(wide);  // the range keeps it small
}

void object_reader::read(std::string_view key, std::chrono::milliseconds& out, int_range range)
{
    std::uint64_t count = static_cast<std::uint64_t>(out.count());
    read(key, count, range);
    out = std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(count));
}

const boost::json::object* object_reader::read_object(std::string_view key)
{
    const auto* value = get(key);
    return value == nullptr ? nullptr : expect_object(*value, path_of(key), problems_);
}

const boost::json::array* object_reader::read_array(std::string_view key)
{
    const auto* value = get(key);
    return value == nullptr ? nullptr : expect_array(*value, path_of(key), problems_);
}

void object_reader::reject_unknown_keys()
{
    for (const auto& member : object_) {
        const std::string_view key = member.key();
        if (std::find(known_.begin(), known_.end(), key) == known_.end())
            report(key, "unknown key; check its spelling against rules/schema.json");
    }
}

}  // namespace hs1c::config
