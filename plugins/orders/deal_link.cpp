#include "plugins/orders/deal_link.hpp"

#include "plugins/amocrm/gateway.hpp"

namespace hs1c::orders {

namespace {

// Retrying helps when amoCRM is slow, throttling, banned for now, or needs a person to re-authorise
// (the work waits); it cannot fix a wrong field id, a deal in «Неразобранное» or a deleted deal.
link_outcome outcome_of(const amocrm::failure& f) {
    using amocrm::failure_kind;
    const std::string detail = f.message + (f.code.empty() ? "" : " (" + f.code + (f.path.empty() ? "" : " at " + f.path) + ")");
    switch (f.kind) {
        case failure_kind::rejected:
        case failure_kind::unsorted:
        case failure_kind::not_found:
            return {link_outcome::kind::park, detail};
        case failure_kind::unavailable:
        case failure_kind::throttled:
        case failure_kind::banned:
        case failure_kind::unauthorized:
            break;
    }
    return {link_outcome::kind::retry, detail};
}

boost::asio::awaitable<link_outcome> write_id(std::shared_ptr<amocrm::gateway> gw, std::int64_t lead_id,
                                             std::string onec_id) {
    auto r = co_await gw->write_onec_id(lead_id, std::move(onec_id));
    if (r.has_value()) co_return link_outcome{link_outcome::kind::done, ""};
    co_return outcome_of(r.error);
}

}  // namespace

deal_linker deal_linker_from(routing::plugin_registry& registry) {
    auto gw = amocrm::gateway_from(registry);
    if (!gw) return {};
    return [gw](std::int64_t lead_id, std::string onec_id) { return write_id(gw, lead_id, std::move(onec_id)); };
}

}  // namespace hs1c::orders
