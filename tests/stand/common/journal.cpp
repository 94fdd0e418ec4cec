#include "tests/stand/common/journal.hpp"

#include "tests/stand/common/responses.hpp"

#include <cctype>
#include <chrono>

namespace hs1c::stand {

void journal::record(const request& req, const exchange_info& info) {
    boost::json::object headers;
    for (const auto& f : req.base()) {
        // Lower-case names, as Node's http module reports them, so tests index them one way.
        std::string key(f.name_string());
        for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        // Repeated fields are joined the way a proxy would fold them, so tests see each one.
        if (auto* existing = headers.if_contains(key)) {
            std::string joined(existing->as_string());
            joined += ", ";
            joined += std::string(f.value());
            *existing = joined;
        } else {
            headers[key] = std::string(f.value());
        }
    }
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    entries_.push_back(boost::json::object{
        {"seq", next_seq_++},
        {"method", std::string(req.method_string())},
        {"target", std::string(req.target())},
        {"path", std::string(target_path(req.target()))},
        {"query", std::string(target_query(req.target()))},
        {"headers", std::move(headers)},
        {"body", req.body()},
        {"peer", info.peer},
        {"time_ms", std::chrono::duration_cast<std::chrono::milliseconds>(now).count()},
    });
    if (entries_.size() > max_entries) entries_.erase(entries_.begin());
}

boost::json::array journal::entries(std::size_t since) const {
    boost::json::array out;
    for (const auto& e : entries_) {
        if (e.at("seq").to_number<std::size_t>() > since) out.push_back(e);
    }
    return out;
}

void journal::clear() { entries_.clear(); }

}  // namespace hs1c::stand
