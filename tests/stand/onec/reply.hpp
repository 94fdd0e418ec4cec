// What a 1C profile handler answers, before the emulator applies its quirks (BOM, charset, errors).
#pragma once

#include <string>

namespace hs1c::stand::onec {

enum class body_format { json, xml, atom, text };

struct reply {
    unsigned status = 200;
    std::string body;
    body_format format = body_format::json;
    std::string kind;  // the call kind counted in state(): "search", "odata_search", …
};

}  // namespace hs1c::stand::onec
