// hs1c-load: the benchmark's HTTP/1.1 keep-alive load generator; prints one JSON line of results.
#include "bench/load/load_options.hpp"
#include "bench/load/load_run.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace hs1c::bench;

constexpr std::string_view usage =
    "usage: hs1c-load --url http://host:port/path [--connections N] [--duration SECONDS]\n"
    "                 [--rate REQ_PER_S (0 = closed loop)] [--threads N] [--header 'Name: value']...\n";

constexpr double p50 = 0.5;
constexpr double p90 = 0.9;
constexpr double p99 = 0.99;
constexpr double p999 = 0.999;

boost::json::object report(const load_options& opts, const load_totals& t)
{
    const double seconds = std::chrono::duration<double>(t.elapsed).count();
    const auto& h = t.latency_us;
    return {
        {"url", "http://" + opts.host + ":" + opts.port + opts.target},
        {"connections", opts.connections},
        {"threads", opts.threads},
        {"duration_s", std::chrono::duration<double>(opts.duration).count()},
        {"rate", opts.rate},
        {"mode", opts.rate > 0 ? "open" : "closed"},
        {"completed", t.completed},
        {"non_2xx", t.non_2xx},
        {"errors", t.errors},
        {"unsent", t.unsent},
        {"body_bytes", t.body_bytes},
        {"elapsed_s", seconds},
        {"rps", seconds > 0 ? static_cast<double>(t.completed) / seconds : 0.0},
        {"latency_us",
         {{"min", h.min()},
          {"mean", h.mean()},
          {"p50", h.percentile(p50)},
          {"p90", h.percentile(p90)},
          {"p99", h.percentile(p99)},
          {"p999", h.percentile(p999)},
          {"max", h.max()}}},
    };
}

}  // namespace

int main(int argc, char** argv)
{
    const auto parsed = parse_load_options(std::vector<std::string>(argv + 1, argv + argc));
    if (!parsed.options) {
        std::cerr << parsed.error << '\n' << usage;
        return 2;
    }
    try {
        const auto totals = run_load(*parsed.options);
        std::cout << boost::json::serialize(report(*parsed.options, totals)) << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "hs1c-load: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
