#include "plugins/text/utf8.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace hs1c::text;

BOOST_AUTO_TEST_SUITE(utf8_test)

BOOST_AUTO_TEST_CASE(validation_accepts_well_formed_text)
{
    BOOST_TEST(is_valid_utf8(""));
    BOOST_TEST(is_valid_utf8("Кабель ВВГнг(А)-LS 3х2,5"));
    BOOST_TEST(is_valid_utf8(std::string("a\0b", 3)));
    BOOST_TEST(is_valid_utf8("\xC2\x80"));          // U+0080, the smallest two-byte form
    BOOST_TEST(is_valid_utf8("\xDF\xBF"));          // U+07FF
    BOOST_TEST(is_valid_utf8("\xE0\xA0\x80"));      // U+0800, the smallest three-byte form
    BOOST_TEST(is_valid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
    BOOST_TEST(is_valid_utf8("\xEE\x80\x80"));      // U+E000, just above them
    BOOST_TEST(is_valid_utf8("\xEF\xBB\xBF" "abc"));  // BOM
    BOOST_TEST(is_valid_utf8("\xF0\x90\x80\x80"));  // U+10000
    BOOST_TEST(is_valid_utf8("😀 ёЁ € \u00a0"));
    BOOST_TEST(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

BOOST_AUTO_TEST_CASE(validation_rejects_overlongs)
{
    BOOST_TEST(!is_valid_utf8("\xC0\x80"));
    BOOST_TEST(!is_valid_utf8("\xC1\xBF"));
    BOOST_TEST(!is_valid_utf8("\xE0\x80\x80"));
    BOOST_TEST(!is_valid_utf8("\xE0\x9F\xBF"));
    BOOST_TEST(!is_valid_utf8("\xF0\x80\x80\x80"));
    BOOST_TEST(!is_valid_utf8("\xF0\x8F\xBF\xBF"));
    BOOST_TEST(!is_valid_utf8("ok\xC0\xAFok"));  // the classic overlong '/'
}

BOOST_AUTO_TEST_CASE(validation_rejects_surrogates_and_beyond_unicode)
{
    BOOST_TEST(!is_valid_utf8("\xED\xA0\x80"));      // U+D800
    BOOST_TEST(!is_valid_utf8("\xED\xBF\xBF"));      // U+DFFF
    BOOST_TEST(!is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
    BOOST_TEST(!is_valid_utf8("\xF5\x80\x80\x80"));
    BOOST_TEST(!is_valid_utf8("\xF8\x88\x80\x80\x80"));
    BOOST_TEST(!is_valid_utf8("\xFE"));
    BOOST_TEST(!is_valid_utf8("\xFF"));
}

BOOST_AUTO_TEST_CASE(validation_rejects_truncated_and_stray_bytes)
{
    BOOST_TEST(!is_valid_utf8("\xD0"));
    BOOST_TEST(!is_valid_utf8("Каб\xD0"));
    BOOST_TEST(!is_valid_utf8("\xE2\x82"));
    BOOST_TEST(!is_valid_utf8("\xF0\x9F\x98"));
    BOOST_TEST(!is_valid_utf8("\xD0" "a"));
    BOOST_TEST(!is_valid_utf8("\xE2\x82" "a"));
    BOOST_TEST(!is_valid_utf8("\x80"));
    BOOST_TEST(!is_valid_utf8("a\xBF" "b"));
    BOOST_TEST(!is_valid_utf8("\xD0\x9A\x9A"));  // К followed by a stray continuation
    BOOST_TEST(!is_valid_utf8("\xCF\x80\x80"));
    BOOST_TEST(!is_valid_utf8("windows-1251 \xCA\xE0\xE1\xE5\xEB\xFC"));  // "Кабель" in cp1251
}

BOOST_AUTO_TEST_CASE(code_points_are_counted_not_bytes)
{
    BOOST_TEST(count_code_points("") == 0U);
    BOOST_TEST(count_code_points("abc") == 3U);
    BOOST_TEST(count_code_points("Кабель") == 6U);
    BOOST_TEST(count_code_points("a😀б") == 3U);
    BOOST_TEST(count_code_points("\u00a0\u3000") == 2U);
    BOOST_TEST(count_code_points("\xEF\xBB\xBF") == 1U);
}

BOOST_AUTO_TEST_CASE(control_characters_c0_del_and_c1)
{
    BOOST_TEST(has_control_characters("\x01"));
    BOOST_TEST(has_control_characters(std::string("a\0b", 3)));
    BOOST_TEST(has_control_characters("a\tb"));
    BOOST_TEST(has_control_characters("a\rb"));
    BOOST_TEST(has_control_characters("a\nb"));
    BOOST_TEST(has_control_characters("\x1f"));
    BOOST_TEST(has_control_characters("abc\x7f"));
    BOOST_TEST(has_control_characters("\xC2\x80"));  // U+0080
    BOOST_TEST(has_control_characters("a\xC2\x85"));  // NEL
    BOOST_TEST(has_control_characters("\xC2\x9F"));  // U+009F

    BOOST_TEST(!has_control_characters(""));
    BOOST_TEST(!has_control_characters("Кабель ВВГ 3х2,5 <script>"));
    BOOST_TEST(!has_control_characters("\u00a0"));  // C2 A0: just past the C1 block
    BOOST_TEST(!has_control_characters("Ѐёяђ"));    // continuation bytes 80–9F after D0/D1 are letters
    BOOST_TEST(!has_control_characters("\xEF\xBB\xBF"));
}

BOOST_AUTO_TEST_CASE(spaces_are_the_listed_code_points)
{
    for (const char32_t cp : {U' ', U'\t', U'\r', U'\n', U'\v', U'\f', char32_t{0x00a0}, char32_t{0x1680},
                              char32_t{0x2000}, char32_t{0x2005}, char32_t{0x200a}, char32_t{0x2028},
                              char32_t{0x2029}, char32_t{0x202f}, char32_t{0x205f}, char32_t{0x3000}}) {
        BOOST_TEST(is_space(cp), "U+" << std::hex << static_cast<unsigned>(cp));
    }
    for (const char32_t cp : {U'a', U'_', char32_t{0}, char32_t{0x0085}, char32_t{0x180e}, char32_t{0x200b},
                              char32_t{0x2027}, char32_t{0x202a}, char32_t{0xfeff}, U'я'}) {
        BOOST_TEST(!is_space(cp), "U+" << std::hex << static_cast<unsigned>(cp));
    }
}

BOOST_AUTO_TEST_CASE(space_runs_fold_into_one_and_ends_are_trimmed)
{
    BOOST_TEST(normalise_spaces("  Кабель\u00a0 ВВГ\t") == "Кабель ВВГ");
    BOOST_TEST(normalise_spaces("a \t\r\n\u00a0\u3000\u2028 b") == "a b");
    BOOST_TEST(normalise_spaces("\u202fa\u2000b\u205f") == "a b");
    BOOST_TEST(normalise_spaces("abc") == "abc");
    BOOST_TEST(normalise_spaces("") == "");
    BOOST_TEST(normalise_spaces(" \u00a0\t ") == "");
    // Not spaces: kept as they are.
    BOOST_TEST(normalise_spaces("a\u200bb\xEF\xBB\xBF") == "a\u200bb\xEF\xBB\xBF");
    BOOST_TEST(normalise_spaces("«Ёлка»  \"д'Анжу\"") == "«Ёлка» \"д'Анжу\"");
}

BOOST_AUTO_TEST_CASE(fold_case_latin_and_cyrillic)
{
    BOOST_TEST(fold_case("AbC XyZ 09-_") == "abc xyz 09-_");
    BOOST_TEST(fold_case("АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ") == "абвгдежзийклмнопрстуфхцчшщъыьэюя");
    BOOST_TEST(fold_case("ЀЁЂЃЄЅІЇЈЉЊЋЌЍЎЏ") == "ѐёђѓєѕіїјљњћќѝўџ");
    BOOST_TEST(fold_case("абвгдежзийклмнопрстуфхцчшщъыьэюя") == "абвгдежзийклмнопрстуфхцчшщъыьэюя");
    BOOST_TEST(fold_case("Кабель ВВГнг(А)-LS 3Х2,5") == "кабель ввгнг(а)-ls 3х2,5");
    BOOST_TEST(fold_case("") == "");
}

BOOST_AUTO_TEST_CASE(fold_case_keeps_yo_distinct_unless_asked)
{
    BOOST_TEST(fold_case("Ёлка ёж ЕЛЬ") == "ёлка ёж ель");
    BOOST_TEST(fold_case("Ёлка ёж ЕЛЬ", yo_rule::distinct) == "ёлка ёж ель");
    BOOST_TEST(fold_case("Ёлка ёж ЕЛЬ", yo_rule::as_ye) == "елка еж ель");
    BOOST_TEST(fold_case("ЩЁТКА", yo_rule::as_ye) == "щетка");
    // Only Ё/ё move under as_ye; the other letters of Ѐ–Џ fold as usual.
    BOOST_TEST(fold_case("ЀЂ", yo_rule::as_ye) == "ѐђ");
}

BOOST_AUTO_TEST_CASE(fold_case_leaves_everything_else_alone)
{
    BOOST_TEST(fold_case("ÄÖÜ ΣΩ Ѡ Ґ") == "ÄÖÜ ΣΩ Ѡ Ґ");  // outside the folded ranges
    BOOST_TEST(fold_case("😀 € \u00a0 <SCRIPT>") == "😀 € \u00a0 <script>");
    BOOST_TEST(fold_case("\xEF\xBB\xBF" "A") == "\xEF\xBB\xBF" "a");
    BOOST_TEST(fold_case(std::string("A\0B", 3)) == std::string("a\0b", 3));
}

BOOST_AUTO_TEST_CASE(fold_case_never_reads_past_broken_input)
{
    BOOST_TEST(fold_case("\xD0") == "\xD0");
    BOOST_TEST(fold_case("\xD0" "A") == "\xD0" "a");
    BOOST_TEST(fold_case("Я\xD1") == "я\xD1");
    BOOST_TEST(fold_case("\x80\xBF") == "\x80\xBF");
}

BOOST_AUTO_TEST_CASE(huge_input_in_one_pass)
{
    constexpr std::size_t copies = 1U << 19U;
    std::string big;
    std::string expected;
    for (std::size_t i = 0; i < copies; ++i) {
        big += "Я";
        expected += "я";
    }
    BOOST_TEST(is_valid_utf8(big));
    BOOST_TEST(count_code_points(big) == copies);
    // Double parentheses: a failure must not print a megabyte.
    BOOST_TEST((fold_case(big) == expected));
    BOOST_TEST((normalise_spaces("  " + big + "  ") == big));
    BOOST_TEST(!is_valid_utf8(big + "\xD0"));
}

BOOST_AUTO_TEST_SUITE_END()
