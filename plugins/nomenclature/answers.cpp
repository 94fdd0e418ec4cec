#include "plugins/nomenclature/answers.hpp"

#include "plugins/nomenclature/messages.hpp"

#include <boost/json/array.hpp>

namespace hs1c::nomenclature {

namespace {

using boost::beast::http::status;
constexpr std::chrono::seconds busy_retry_after{5};
constexpr std::chrono::seconds unavailable_retry_after{30};

boost::json::array named_array(const std::vector<onec::named>& list) {
    boost::json::array out;
    out.reserve(list.size());
    for (const auto& n : list) out.push_back(boost::json::object{{"id", n.id}, {"name", n.name}});
    return out;
}

}  // namespace

boost::json::object search_json(const served& s) {
    boost::json::array items;
    bool more = false;
    if (s.answer) {
        items.reserve(s.answer->page.items.size());
        for (const auto& i : s.answer->page.items)
            items.push_back(boost::json::object{{"id", i.id}, {"name", i.name}, {"code", i.code}, {"unit", i.unit}});
        more = s.answer->page.more;
    }
    boost::json::object out{{"items", std::move(items)}, {"more", more}, {"stale", s.stale}};
    if (s.superseded) out["superseded"] = true;
    return out;
}

boost::json::object list_json(std::string_view list_name, const served& s) {
    boost::json::object out;
    out[list_name] = s.answer ? named_array(s.answer->list) : boost::json::array();
    out["stale"] = s.stale;
    return out;
}

error_reply error_for(const onec::failure& f) {
    using onec::failure_kind;
    switch (f.kind) {
        case failure_kind::unavailable:
            return {status::service_unavailable, "onec_unavailable", std::string(messages::onec_unavailable), "",
                    unavailable_retry_after};
        case failure_kind::busy:
            return {status::service_unavailable, "onec_busy", std::string(messages::onec_busy), "", busy_retry_after};
        case failure_kind::error:
            return {status::bad_gateway, "onec_error", std::string(messages::onec_error),
                    f.message_is_public ? f.message : "", std::nullopt};
        case failure_kind::bad_answer:
            return {status::bad_gateway, "onec_bad_answer", std::string(messages::onec_bad_answer), "", std::nullopt};
        case failure_kind::not_found:
            return {status::not_found, "not_found", std::string(messages::not_found), "", std::nullopt};
        case failure_kind::rejected:
            break;
    }
    return {status::bad_gateway, "onec_rejected", std::string(messages::onec_rejected), "", std::nullopt};
}

boost::json::object error_json(const error_reply& e) {
    boost::json::object err{{"code", e.code}, {"message", e.message}};
    if (!e.detail.empty()) err["detail"] = e.detail;
    return boost::json::object{{"error", std::move(err)}};
}

}  // namespace hs1c::nomenclature
