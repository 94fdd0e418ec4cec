// Test helper: reads a raw HTTP request fixture and splits its header block into plain fields without
// Beast's parser, which would refuse some of the inputs the framing checks must judge themselves.
#pragma once

#include <boost/beast/http/fields.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hs1c::test {

struct raw_request {
    std::string method;
    std::string target;
    unsigned version = 0;  // 10 or 11
    boost::beast::http::fields fields;
};

inline std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot open fixture " + path);
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string fixture(std::string_view relative)
{
    return read_file(std::string(HS1C_SOURCE_DIR "/tests/fixtures/") + std::string(relative));
}

// Field values keep every byte after "name:" except leading spaces and the CRLF, so trailing tabs and
// spaces reach the checks as sent.
inline raw_request parse_raw_request(std::string_view bytes)
{
    constexpr std::string_view crlf = "\r\n";
    raw_request out;
    auto line_end = bytes.find(crlf);
    const auto request_line = bytes.substr(0, line_end);
    const auto first_space = request_line.find(' ');
    const auto last_space = request_line.rfind(' ');
    out.method = request_line.substr(0, first_space);
    out.target = request_line.substr(first_space + 1, last_space - first_space - 1);
    out.version = request_line.substr(last_space + 1) == "HTTP/1.0" ? 10 : 11;
    auto position = line_end + crlf.size();
    for (;;) {
        line_end = bytes.find(crlf, position);
        const auto line = bytes.substr(position, line_end - position);
        if (line.empty()) {
            break;
        }
        const auto colon = line.find(':');
        auto value = line.substr(colon + 1);
        value.remove_prefix(std::min(value.find_first_not_of(' '), value.size()));
        out.fields.insert(line.substr(0, colon), value);
        position = line_end + crlf.size();
    }
    return out;
}

}  // namespace hs1c::test
