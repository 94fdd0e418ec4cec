#include "proxy/html/inject.hpp"

#include "proxy/http/ascii.hpp"

namespace hs1c::html {

std::string escape_attribute(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string make_snippet(const std::vector<std::string>& scripts, const std::vector<std::string>& styles)
{
    std::string out;
    for (const auto& style : styles) {
        out += "<link rel=\"stylesheet\" href=\"";
        out += escape_attribute(style);
        out += "\">";
    }
    for (const auto& script : scripts) {
        out += "<script defer src=\"";
        out += escape_attribute(script);
        out += "\"></script>";
    }
    return out;
}

std::string inject(std::string_view html, std::string_view snippet)
{
    auto at = http::ifind(html, "</head>");
    if (at == std::string_view::npos) {
        at = http::irfind(html, "</body>");
    }
    if (at == std::string_view::npos) {
        at = html.size();
    }
    std::string out;
    out.reserve(html.size() + snippet.size());
    out.append(html.substr(0, at));
    out.append(snippet);
    out.append(html.substr(at));
    return out;
}

bool is_html(std::string_view content_type)
{
    const auto media_type = http::trim_ows(content_type.substr(0, content_type.find(';')));
    return http::iequals(media_type, "text/html");
}

}  // namespace hs1c::html
