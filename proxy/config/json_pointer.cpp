#include "proxy/config/json_pointer.hpp"

namespace hs1c::config {

std::string pointer_append(std::string_view base, std::string_view key)
{
    std::string out(base);
    out += '/';
    for (const char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

std::string pointer_append(std::string_view base, std::size_t index)
{
    return pointer_append(base, std::to_string(index));
}

}  // namespace hs1c::config
