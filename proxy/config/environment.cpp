#include "proxy/config/environment.hpp"

#include <cstdlib>

namespace hs1c::config {

std::optional<std::string> process_env(std::string_view name)
{
    const std::string key(name);  // getenv needs a terminated string
    const char* value = std::getenv(key.c_str());
    if (value == nullptr)
        return std::nullopt;
    return std::string(value);
}

}  // namespace hs1c::config
