// Injection of the plugin's <link>/<script> tags into HTML answers (DESIGN §2), without parsing the page.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hs1c::html {

// <link rel="stylesheet" href="…"> per style, then <script defer src="…"></script> per script;
// URLs attribute-escaped.
std::string make_snippet(const std::vector<std::string>& scripts, const std::vector<std::string>& styles);

// Inserts before the first "</head>" (ASCII case-insensitive), else before the last "</body>", else
// appends.
std::string inject(std::string_view html, std::string_view snippet);

// "text/html" with any parameters, case-insensitive.
bool is_html(std::string_view content_type);

// Escapes & < > " ' for use inside a double- or single-quoted attribute value.
std::string escape_attribute(std::string_view text);

}  // namespace hs1c::html
