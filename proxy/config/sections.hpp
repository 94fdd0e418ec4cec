// Readers of the core's own sections of the rules, each filling its part of `rules` and recording
// every problem; the loader runs them in order and then the checks that span sections.
#pragma once

#include "proxy/config/problem.hpp"
#include "proxy/config/rules.hpp"

#include <boost/json/fwd.hpp>

#include <string>
#include <vector>

namespace hs1c::config {

class object_reader;

struct read_context {
    std::string base_dir;  // relative file paths are resolved against it
    bool check_files = true;
    std::vector<problem>& problems;
};

// Whether `out` holds a usable address (it did not fail to parse), for the cross-section checks.
using address_parsed = bool;

void read_server(const boost::json::value& section, rules& out, read_context& ctx);
std::vector<address_parsed> read_listeners(const boost::json::value& section, rules& out,
                                           read_context& ctx);
address_parsed read_admin(const boost::json::value& section, rules& out, read_context& ctx);
void set_default_admin(rules& out);  // when the rules have no "admin" section
// Every upstream gets an entry, even a broken one, so routes naming it are not reported twice.
void read_upstreams(const boost::json::value& section, rules& out, read_context& ctx);
// Needs the upstreams and server names already read.
void read_routes(const boost::json::value& section, rules& out, read_context& ctx);
void read_injection(const boost::json::value& section, rules& out, read_context& ctx);
void read_store(const boost::json::value& section, rules& out, read_context& ctx);
void read_log(const boost::json::value& section, rules& out, read_context& ctx);

// Reads the "address" key of a listener-like object into host and port.
address_parsed read_listen_address(object_reader& reader, listener& out);

}  // namespace hs1c::config
