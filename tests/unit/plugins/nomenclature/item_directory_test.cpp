#include "plugins/nomenclature/item_directory.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>

using hs1c::nomenclature::item_directory;
using hs1c::onec::item;

BOOST_AUTO_TEST_SUITE(item_directory_test)

BOOST_AUTO_TEST_CASE(remembers_and_refreshes_items_by_id) {
    item_directory d(10);
    d.remember({{"a", "Кабель", "00-1", "м"}, {"b", "Розетка", "00-2", "шт"}});
    BOOST_TEST(d.find("a")->name == "Кабель");
    BOOST_TEST(d.find("b")->unit == "шт");
    BOOST_TEST(!d.find("c"));
    d.remember({{"a", "Кабель (новое имя)", "00-1", "м"}});
    BOOST_TEST(d.find("a")->name == "Кабель (новое имя)");
    BOOST_TEST(d.size() == 2u);
}

BOOST_AUTO_TEST_CASE(forgets_the_least_recently_seen_beyond_capacity) {
    item_directory d(2);
    d.remember({{"a", "A", "", ""}, {"b", "B", "", ""}});
    d.remember({{"a", "A", "", ""}});  // a seen again: b is now the oldest
    d.remember({{"c", "C", "", ""}});
    BOOST_TEST(d.find("a").has_value());
    BOOST_TEST(!d.find("b").has_value());
    BOOST_TEST(d.find("c").has_value());
    BOOST_TEST(d.size() == 2u);
}

BOOST_AUTO_TEST_CASE(safe_from_several_threads) {
    item_directory d(100);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&d, t] {
            for (int i = 0; i < 2000; ++i) {
                const auto id = std::to_string((i * 7 + t) % 300);
                d.remember({{id, "name " + id, "", ""}});
                if (auto found = d.find(id)) BOOST_TEST(found->name == "name " + id);
            }
        });
    }
    for (auto& t : threads) t.join();
    BOOST_TEST(d.size() == 100u);
}

BOOST_AUTO_TEST_SUITE_END()
