#include "plugins/orders/settings.hpp"

#include "proxy/config/object_reader.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace hs1c::orders {

namespace {

constexpr config::int_range budget_range{100, 60'000};
constexpr config::int_range retry_range{10, 86'400'000};
constexpr config::int_range poll_range{10, 60'000};
constexpr config::int_range timeout_range{100, 600'000};

}  // namespace

settings read_settings(const boost::json::object& section, const std::string& path,
                       std::vector<config::problem>& problems) {
    settings s;
    config::object_reader reader(section, path, problems);
    reader.read("submit_budget_ms", s.submit_budget, budget_range);
    reader.read("call_timeout_ms", s.call_timeout, timeout_range);
    reader.read("poll_ms", s.poll, poll_range);
    if (const auto* chain = reader.read_array("deal_id")) {
        s.deal_id.clear();
        for (std::size_t i = 0; i < chain->size(); ++i) {
            const auto item_path = reader.path_of("deal_id") + "/" + std::to_string(i);
            const auto* obj = config::expect_object((*chain)[i], item_path, problems);
            if (!obj) continue;
            config::object_reader r(*obj, item_path, problems);
            deal_source src;
            int given = 0;
            for (auto [key, kind] : {std::pair{"field_sys_name", deal_source::kind::field_sys_name},
                                     std::pair{"field_name", deal_source::kind::field_name},
                                     std::pair{"context", deal_source::kind::context}}) {
                if (!r.get(key)) continue;
                ++given;
                src.from = kind;
                r.read(key, src.name);
            }
            if (given != 1 || src.name.empty())
                r.report("", "needs exactly one of field_sys_name, field_name, context (non-empty)");
            r.reject_unknown_keys();
            s.deal_id.push_back(std::move(src));
        }
    }
    if (const auto* f = reader.get("fields_to_1c")) {
        if (f->is_string() && f->get_string() == "all") {
            s.all_fields = true;
        } else {
            s.all_fields = false;
            reader.read("fields_to_1c", s.fields);
        }
    }
    if (const auto* r = reader.read_object("retry")) {
        config::object_reader rr(*r, reader.path_of("retry"), problems);
        rr.read("base_ms", s.retry_base, retry_range);
        rr.read("cap_ms", s.retry_cap, retry_range);
        rr.reject_unknown_keys();
    }
    reader.reject_unknown_keys();
    return s;
}

}  // namespace hs1c::orders
