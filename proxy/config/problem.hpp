// One thing wrong with a rules file: where (a JSON pointer into the document) and what.
#pragma once

#include <string>

namespace hs1c::config {

struct problem {
    std::string path;     // JSON pointer, e.g. "/upstreams/onec/url"; "" for the whole document
    std::string message;  // never contains a secret's value
};

}  // namespace hs1c::config
