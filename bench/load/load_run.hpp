// Runs one load against one URL: N keep-alive HTTP/1.1 connections spread over worker threads,
// closed-loop or paced (pacing.hpp), and returns the merged counts and latency histogram.
#pragma once

#include "bench/load/histogram.hpp"
#include "bench/load/load_options.hpp"

#include <chrono>
#include <cstdint>

namespace hs1c::bench {

struct load_totals {
    histogram latency_us;
    std::uint64_t completed = 0;
    std::uint64_t non_2xx = 0;
    std::uint64_t errors = 0;
    // Paced requests still unsent when the grace period after the run ran out: a server that fell
    // this far behind is reported rather than silently measured on fewer samples.
    std::uint64_t unsent = 0;
    std::uint64_t body_bytes = 0;
    std::chrono::nanoseconds elapsed{0};

    void merge(const load_totals& other);
};

load_totals run_load(const load_options& opts);

}  // namespace hs1c::bench
