// The record of every request an emulator received, read by tests through GET /_stand/requests.
#pragma once

#include "tests/stand/common/emulator.hpp"

#include <boost/json/array.hpp>

#include <cstddef>

namespace hs1c::stand {

class journal {
public:
    void record(const request& req, const exchange_info& info);
    // Entries with sequence number > since, oldest first.
    boost::json::array entries(std::size_t since) const;
    void clear();

private:
    static constexpr std::size_t max_entries = 20000;  // oldest dropped beyond this (benchmarks)
    boost::json::array entries_;
    std::size_t next_seq_ = 1;
};

}  // namespace hs1c::stand
