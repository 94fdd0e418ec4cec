// The HTTP/1.1 client 1C uses to post status events to the proxy (plain TCP or TLS). The request is
// written by hand so the Authorization header can carry CR LF inside its Base64 as real 1C does.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <string>

namespace hs1c::stand::onec {

struct outgoing_post {
    std::string url;            // http(s)://host[:port]/path
    std::string authorization;  // the whole header value, "Basic …"
    std::string body;           // JSON
    std::string ca_file;        // empty: the peer's certificate is not verified (stand only)
};

struct post_result {
    std::string error;  // empty on success (any HTTP status)
    unsigned status = 0;
    std::string body;
};

boost::asio::awaitable<post_result> post_json(boost::asio::any_io_executor ex, outgoing_post request);

}  // namespace hs1c::stand::onec
