#include "proxy/server/state.hpp"

#include "proxy/observe/metrics.hpp"

namespace hs1c::server {

proxy_state::proxy_state(observe::metrics& m)
    : metrics(m),
      connections_gauge(m.get_gauge("hs1c_connections", "Open client connections")),
      in_flight_gauge(m.get_gauge("hs1c_requests_in_flight", "Requests being handled")),
      rejected_connections(m.get_counter("hs1c_connections_rejected_total",
                                         "Connections closed at once because max_connections was reached")) {}

void proxy_state::record(std::string_view route, unsigned status, double seconds, double upstream_seconds,
                         std::string_view upstream) {
    const std::string status_text = std::to_string(status);
    metrics.get_counter("hs1c_requests_total", "Requests by route and status",
                        {{"route", std::string(route)}, {"status", status_text}})
        .inc();
    metrics.get_histogram("hs1c_request_duration_seconds", "Request latency by route", {{"route", std::string(route)}})
        .observe(seconds);
    if (!upstream.empty() && upstream_seconds >= 0)
        metrics.get_histogram("hs1c_upstream_duration_seconds", "Upstream latency (request sent → header received)",
                              {{"upstream", std::string(upstream)}})
            .observe(upstream_seconds);
}

}  // namespace hs1c::server
