// URL templates of 1C calls from the rules: "/nomenclature?q={q}&limit={limit}" or
// "Catalog_Номенклатура?$filter=like(Description,'%{q:odata}%')". Templates are written unencoded;
// expansion percent-encodes them so no value can break the URL or inject into an OData filter.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hs1c::onec {

using template_vars = std::vector<std::pair<std::string_view, std::string_view>>;

// Placeholders: {name} — the value percent-encoded by hs1c::http::percent_encode (everything but
// A–Z a–z 0–9 - . _ ~, UTF-8 bytes as %XX); {name:odata} — an OData string literal body: ' doubled, then encoded the same
// way. Literal text: bytes outside A–Z a–z 0–9 - . _ ~ ! $ & ' ( ) * + , ; = : @ / ? are encoded (so
// a literal '%', space or Cyrillic becomes %XX). "{{" and "}}" stand for literal braces.
// Returns nullopt and sets *problem for an unknown placeholder, an unknown encoding or an
// unbalanced brace.
std::optional<std::string> expand_template(std::string_view tmpl, const template_vars& vars,
                                           std::string* problem);

// Names of the placeholders a template uses, in order; sets *problem for a malformed template.
std::optional<std::vector<std::string>> template_placeholders(std::string_view tmpl, std::string* problem);

}  // namespace hs1c::onec
