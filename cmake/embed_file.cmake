# Writes IN as a byte array behind `std::string_view NS::IDENT()` into OUT (called by hs1c_embed).
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REGEX REPLACE "(('\\\\x[0-9a-f][0-9a-f]',){32})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n#include <string_view>\nnamespace ${NS} {\nnamespace { constexpr char data[] = {${bytes} '\\0'}; }\nstd::string_view ${IDENT}() { return {data, ${size}}; }\n}\n")
