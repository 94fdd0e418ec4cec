#include "proxy/http/ascii.hpp"

namespace hs1c::http {

std::size_t ifind(std::string_view haystack, std::string_view needle) noexcept
{
    if (needle.size() > haystack.size()) {
        return std::string_view::npos;
    }
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        if (iequals(haystack.substr(i, needle.size()), needle)) {
            return i;
        }
    }
    return std::string_view::npos;
}

std::size_t irfind(std::string_view haystack, std::string_view needle) noexcept
{
    if (needle.size() > haystack.size()) {
        return std::string_view::npos;
    }
    for (std::size_t i = haystack.size() - needle.size() + 1; i-- > 0;) {
        if (iequals(haystack.substr(i, needle.size()), needle)) {
            return i;
        }
    }
    return std::string_view::npos;
}

std::string_view trim_ows(std::string_view s) noexcept
{
    constexpr std::string_view ows = " \t";
    const auto first = s.find_first_not_of(ows);
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = s.find_last_not_of(ows);
    return s.substr(first, last - first + 1);
}

std::string to_lower(std::string_view s)
{
    std::string out(s);
    for (auto& c : out) {
        c = ascii_lower(c);
    }
    return out;
}

}  // namespace hs1c::http
