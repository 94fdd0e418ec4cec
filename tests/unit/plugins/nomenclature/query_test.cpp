#include "plugins/nomenclature/query.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace hs1c::nomenclature;
using hs1c::onec::match_semantics;
using hs1c::text::yo_rule;

namespace {

const query_rules default_rules{};

// "ok" or the problem's name, so that a failing check prints something readable.
std::string outcome(std::string_view raw, const query_rules& rules = default_rules)
{
    const auto result = normalise_query(raw, rules);
    if (std::holds_alternative<normalised_query>(result)) {
        return "ok";
    }
    switch (std::get<query_problem>(result)) {
    case query_problem::invalid_utf8:
        return "invalid_utf8";
    case query_problem::control_characters:
        return "control_characters";
    case query_problem::too_short:
        return "too_short";
    case query_problem::too_long:
        return "too_long";
    }
    return "unknown";
}

normalised_query accepted(std::string_view raw, const query_rules& rules = default_rules)
{
    auto result = normalise_query(raw, rules);
    BOOST_TEST_REQUIRE(std::holds_alternative<normalised_query>(result), "refused: " << outcome(raw, rules));
    return std::get<normalised_query>(std::move(result));
}

std::string repeat(std::string_view piece, std::size_t times)
{
    std::string out;
    for (std::size_t i = 0; i < times; ++i) {
        out += piece;
    }
    return out;
}

hs1c::onec::item item(const std::string& id, const std::string& name)
{
    return hs1c::onec::item{id, name, "code-" + id, "шт"};
}

std::vector<std::string> ids_of(const hs1c::onec::search_page& page)
{
    std::vector<std::string> ids;
    for (const auto& i : page.items) {
        ids.push_back(i.id);
    }
    return ids;
}

// Two names exactly as an OData answer sends them (tests/fixtures/cases/onec/odata-search.json).
const std::string odata_name_space = "Кабель ВВГнг(А)-LS 3х2,5";
const std::string odata_name_nbsp = "Кабель\u00a0ВВГнг 3х4 (склад 2)";

}  // namespace

BOOST_AUTO_TEST_SUITE(query_test)

BOOST_AUTO_TEST_CASE(text_is_trimmed_and_folded_key_is_lower_case)
{
    const auto q = accepted("  Кабель\u00a0 ВВГ\t");
    BOOST_TEST(q.text == "Кабель ВВГ");
    BOOST_TEST(q.key == "кабель ввг");
    BOOST_TEST(q.letters == 9U);

    const auto pasted = accepted("\r\nАвтомат\tIEK\r\n  C16\u3000");
    BOOST_TEST(pasted.text == "Автомат IEK C16");
    BOOST_TEST(pasted.key == "автомат iek c16");
    BOOST_TEST(pasted.letters == 13U);
}

BOOST_AUTO_TEST_CASE(yo_follows_the_rules)
{
    BOOST_TEST(accepted("Ёлочная").key == "ёлочная");
    query_rules as_ye;
    as_ye.yo = yo_rule::as_ye;
    const auto q = accepted("Ёлочная щётка", as_ye);
    BOOST_TEST(q.key == "елочная щетка");
    BOOST_TEST(q.text == "Ёлочная щётка");  // 1C gets the text as typed
}

BOOST_AUTO_TEST_CASE(too_short_counts_letters_not_spaces)
{
    BOOST_TEST(outcome("ab") == "too_short");
    BOOST_TEST(outcome("a b") == "too_short");
    BOOST_TEST(outcome("  a\u00a0\u00a0b  ") == "too_short");
    BOOST_TEST(outcome("") == "too_short");
    BOOST_TEST(outcome(" \t\u00a0") == "too_short");
    BOOST_TEST(outcome("ё") == "too_short");
    BOOST_TEST(outcome("abc") == "ok");
    BOOST_TEST(outcome("кбл") == "ok");
    BOOST_TEST(accepted("a b c").letters == 3U);

    query_rules one_letter;
    one_letter.min_letters = 1;
    BOOST_TEST(accepted("я", one_letter).key == "я");
}

BOOST_AUTO_TEST_CASE(too_long_counts_code_points_of_the_normalised_text)
{
    BOOST_TEST(outcome(repeat("я", 100)) == "ok");
    BOOST_TEST(outcome(repeat("я", 101)) == "too_long");
    BOOST_TEST(outcome(repeat("a", 101)) == "too_long");
    BOOST_TEST(outcome("   " + repeat("я", 100) + "\u00a0\u00a0") == "ok");
    // 50 + 1 + 49 after the run of spaces folds.
    BOOST_TEST(outcome(repeat("a", 50) + repeat(" ", 20) + repeat("b", 49)) == "ok");
    BOOST_TEST(outcome(repeat("a", 50) + " " + repeat("b", 50)) == "too_long");
    BOOST_TEST(outcome(repeat("Кабель ", 100'000)) == "too_long");

    query_rules short_max;
    short_max.max_chars = 5;
    BOOST_TEST(outcome("абвгд", short_max) == "ok");
    BOOST_TEST(outcome("абв где", short_max) == "too_long");
}

BOOST_AUTO_TEST_CASE(control_characters_other_than_tab_cr_lf)
{
    BOOST_TEST(outcome("\x01" "abc") == "control_characters");
    BOOST_TEST(outcome(std::string("abc\0def", 7)) == "control_characters");
    BOOST_TEST(outcome("abc\x7f") == "control_characters");
    BOOST_TEST(outcome("abc\xC2\x85") == "control_characters");  // NEL
    BOOST_TEST(outcome("ab\vcd") == "control_characters");
    BOOST_TEST(outcome("ab\fcd") == "control_characters");
    BOOST_TEST(outcome("\x1b[31mкабель") == "control_characters");
    BOOST_TEST(outcome("\tабв\r\nгде\n") == "ok");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_refused)
{
    BOOST_TEST(outcome("каб\xD0") == "invalid_utf8");
    BOOST_TEST(outcome("\xC0\x80" "abc") == "invalid_utf8");
    BOOST_TEST(outcome("abc\xED\xA0\x80") == "invalid_utf8");
    BOOST_TEST(outcome("\xCA\xE0\xE1\xE5\xEB\xFC") == "invalid_utf8");  // cp1251
}

BOOST_AUTO_TEST_CASE(problems_are_reported_in_order)
{
    BOOST_TEST(outcome("\x01\xFF") == "invalid_utf8");
    BOOST_TEST(outcome(repeat("я", 200) + "\xFF") == "invalid_utf8");
    BOOST_TEST(outcome("\x01") == "control_characters");
    BOOST_TEST(outcome(repeat("я", 200) + "\x01") == "control_characters");
    BOOST_TEST(outcome(repeat(" ", 200)) == "too_short");
}

BOOST_AUTO_TEST_CASE(punctuation_markup_and_emoji_are_kept_but_do_not_count_as_letters)
{
    BOOST_TEST(accepted("\"Кабель\" 'ВВГ' «нг»").key == "\"кабель\" 'ввг' «нг»");
    BOOST_TEST(accepted("100% a_b & c").key == "100% a_b & c");
    BOOST_TEST(accepted("<script>alert(1)</script>").key == "<script>alert(1)</script>");
    BOOST_TEST(accepted("д'Анжу").key == "д'анжу");
    const auto emoji = accepted("😀😀кабель");
    BOOST_TEST(emoji.letters == 6U);
    BOOST_TEST(emoji.key == "😀😀кабель");
    for (auto junk : {"😀😀😀", "'''", "%%%", "___", "«»«»", "-- -- --", "×××", "ab%%%", "ка!!!"})
        BOOST_TEST(outcome(junk) == "too_short", junk);
    BOOST_TEST(outcome("3x2") == "ok");
    BOOST_TEST(outcome("ёЁё") == "ok");
    BOOST_TEST(outcome("Δέλ") == "ok");
    // Zero-width characters (a BOM, ZWSP, ZWJ…) pasted with the text are dropped, not counted.
    const auto bom = accepted("\xEF\xBB\xBF" "Каб\u200bель\u2060");
    BOOST_TEST(bom.text == "Кабель");
    BOOST_TEST(bom.letters == 6U);
    BOOST_TEST(outcome("ка\u200b\ufeff") == "too_short");
}

BOOST_AUTO_TEST_CASE(names_match_case_insensitively)
{
    BOOST_TEST(name_matches(odata_name_space, "ввг", match_semantics::contains, yo_rule::distinct));
    BOOST_TEST(name_matches(odata_name_space, "кабель ввгнг(а)-ls", match_semantics::contains, yo_rule::distinct));
    BOOST_TEST(name_matches(odata_name_space, "3х2,5", match_semantics::contains, yo_rule::distinct));
    BOOST_TEST(!name_matches(odata_name_space, "ввп", match_semantics::contains, yo_rule::distinct));
    BOOST_TEST(name_matches("LED лампа E27", "led", match_semantics::contains, yo_rule::distinct));
    BOOST_TEST(name_matches("LED лампа E27", "а e2", match_semantics::contains, yo_rule::distinct));
}

BOOST_AUTO_TEST_CASE(prefix_matches_only_the_start)
{
    BOOST_TEST(name_matches(odata_name_space, "кабель", match_semantics::prefix, yo_rule::distinct));
    BOOST_TEST(name_matches(odata_name_space, "кабель ввг", match_semantics::prefix, yo_rule::distinct));
    BOOST_TEST(!name_matches(odata_name_space, "ввг", match_semantics::prefix, yo_rule::distinct));
    BOOST_TEST(!name_matches("  Кабель ПВС", "кабель", match_semantics::prefix, yo_rule::distinct));
}

BOOST_AUTO_TEST_CASE(opaque_never_matches_locally)
{
    BOOST_TEST(!name_matches(odata_name_space, "кабель", match_semantics::opaque, yo_rule::distinct));
    BOOST_TEST(!name_matches("abc", "abc", match_semantics::opaque, yo_rule::as_ye));
}

BOOST_AUTO_TEST_CASE(names_are_matched_as_stored)
{
    // The key's space is an ASCII space; 1C sees an NBSP in the name as a different character.
    BOOST_TEST(!name_matches(odata_name_nbsp, "кабель ввг", match_semantics::contains, yo_rule::distinct));
    BOOST_TEST(name_matches(odata_name_nbsp, "ввгнг 3х4", match_semantics::contains, yo_rule::distinct));
    BOOST_TEST(name_matches(odata_name_nbsp, "кабель", match_semantics::prefix, yo_rule::distinct));

    const std::string doubled = "  Кабель  ПВС";
    BOOST_TEST(name_matches(doubled, "кабель", match_semantics::contains, yo_rule::distinct));
    BOOST_TEST(!name_matches(doubled, "кабель пвс", match_semantics::contains, yo_rule::distinct));
    BOOST_TEST(name_matches(doubled, "пвс", match_semantics::contains, yo_rule::distinct));
}

BOOST_AUTO_TEST_CASE(yo_and_ye_in_names)
{
    const std::string name = "Ёлочная гирлянда, щётка";
    BOOST_TEST(name_matches(name, "ёлоч", match_semantics::contains, yo_rule::distinct));
    BOOST_TEST(!name_matches(name, "елоч", match_semantics::contains, yo_rule::distinct));
    BOOST_TEST(!name_matches(name, "щетка", match_semantics::contains, yo_rule::distinct));
    BOOST_TEST(name_matches(name, "елоч", match_semantics::prefix, yo_rule::as_ye));
    BOOST_TEST(name_matches(name, "щетка", match_semantics::contains, yo_rule::as_ye));
    BOOST_TEST(!name_matches("Ель", "ёль", match_semantics::contains, yo_rule::distinct));
}

BOOST_AUTO_TEST_CASE(refine_keeps_order_and_cuts_at_limit)
{
    hs1c::onec::search_page complete;
    complete.items = {item("1", "Кабель ВВГ 3х1,5"), item("2", "Кабельный канал 16х16"), item("3", "Провод ПВС"),
                      item("4", "КАБЕЛЬ NYM 3х2,5"), item("5", "Стяжка кабельная"), item("6", "Кабель\u00a0UTP")};

    auto page = refine(complete, "кабел", match_semantics::contains, yo_rule::distinct, 20);
    BOOST_TEST(ids_of(page) == (std::vector<std::string>{"1", "2", "4", "5", "6"}), boost::test_tools::per_element());
    BOOST_TEST(!page.more);
    BOOST_TEST(page.items[1].name == "Кабельный канал 16х16");
    BOOST_TEST(page.items[1].code == "code-2");
    BOOST_TEST(page.items[1].unit == "шт");

    page = refine(complete, "кабел", match_semantics::prefix, yo_rule::distinct, 20);
    BOOST_TEST(ids_of(page) == (std::vector<std::string>{"1", "2", "4", "6"}), boost::test_tools::per_element());

    page = refine(complete, "кабел", match_semantics::contains, yo_rule::distinct, 2);
    BOOST_TEST(ids_of(page) == (std::vector<std::string>{"1", "2"}), boost::test_tools::per_element());
    BOOST_TEST(!page.more);

    BOOST_TEST(refine(complete, "кабел", match_semantics::contains, yo_rule::distinct, 0).items.empty());
    BOOST_TEST(refine(complete, "кабел", match_semantics::opaque, yo_rule::distinct, 20).items.empty());
    BOOST_TEST(refine(complete, "кабель ", match_semantics::contains, yo_rule::distinct, 20).items.size() == 2U);
    BOOST_TEST(refine(complete, "оптика", match_semantics::contains, yo_rule::distinct, 20).items.empty());
    BOOST_TEST(refine(hs1c::onec::search_page{}, "кабел", match_semantics::contains, yo_rule::distinct, 20)
                   .items.empty());
}

BOOST_AUTO_TEST_CASE(ids_are_guids_and_codes)
{
    BOOST_TEST(is_valid_id("4f1d2c1e-9a51-11ee-8c90-0242ac120002"));
    BOOST_TEST(is_valid_id("00-00012345"));
    BOOST_TEST(is_valid_id("a.b_c~d:E9"));
    BOOST_TEST(is_valid_id("a..b"));
    BOOST_TEST(is_valid_id("x"));
    BOOST_TEST(is_valid_id(std::string(128, 'f')));
}

BOOST_AUTO_TEST_CASE(anything_else_is_refused)
{
    BOOST_TEST(!is_valid_id(""));
    BOOST_TEST(!is_valid_id(std::string(129, 'f')));
    BOOST_TEST(!is_valid_id("../x"));
    BOOST_TEST(!is_valid_id("."));
    BOOST_TEST(!is_valid_id(".."));
    BOOST_TEST(!is_valid_id("a b"));
    BOOST_TEST(!is_valid_id("a%2F"));
    BOOST_TEST(!is_valid_id("a'b"));
    BOOST_TEST(!is_valid_id("a/b"));
    BOOST_TEST(!is_valid_id("a\\b"));
    BOOST_TEST(!is_valid_id("a?b"));
    BOOST_TEST(!is_valid_id("a#b"));
    BOOST_TEST(!is_valid_id("a+b"));
    BOOST_TEST(!is_valid_id(std::string("a\0b", 3)));
    BOOST_TEST(!is_valid_id("a\r\nb"));
    BOOST_TEST(!is_valid_id("Кабель"));
    BOOST_TEST(!is_valid_id("abc\u00a0"));
    BOOST_TEST(!is_valid_id("guid'4f1d2c1e'"));
    BOOST_TEST(!is_valid_id("<script>"));
}

BOOST_AUTO_TEST_SUITE_END()
