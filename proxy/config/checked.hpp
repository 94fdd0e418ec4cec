// A parsed value or the reason it could not be parsed: the result type of the rules' small parsers.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace hs1c::config {

template <class T>
struct checked {
    std::optional<T> value;
    std::string error;  // set when value is empty; says what is wrong, never echoes the input

    static checked ok(T v) { return {std::move(v), {}}; }
    static checked fail(std::string why) { return {std::nullopt, std::move(why)}; }
};

}  // namespace hs1c::config
