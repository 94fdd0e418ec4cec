// The built-in catalogue: realistic electrical and building goods, generated deterministically from the
// seed, plus fixed items (documented in README.md) that tests rely on whatever the seed.
#include "tests/stand/onec/catalog.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <numeric>

namespace hs1c::stand::onec {

namespace {

constexpr std::size_t hundred = 100;  // chance() takes percents

// splitmix64: tiny, portable and identical on every platform (std distributions are not).
class prng {
public:
    explicit prng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    bool chance(unsigned in_hundred) { return below(hundred) < in_hundred; }

private:
    std::uint64_t state_;
};

constexpr std::uint64_t fnv_offset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t fnv_prime = 0x100000001b3ULL;
constexpr std::uint64_t second_offset = 0x84222325cbf29ce4ULL;
constexpr std::size_t guid_hex_digits = 32;

std::uint64_t fnv1a(std::string_view s, std::uint64_t h) {
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= fnv_prime;
    }
    return h;
}

std::string format_guid(std::uint64_t hi, std::uint64_t lo) {
    char buf[guid_hex_digits + 1];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(hi),
                  static_cast<unsigned long long>(lo));
    const std::string hex(buf);
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
           hex.substr(20);
}

// Ids of groups, parameters and values depend on their names only, so they are the same for every seed.
std::string stable_guid(std::string_view key) { return format_guid(fnv1a(key, fnv_offset), fnv1a(key, second_offset)); }

std::string random_guid(prng& rng) {
    const auto hi = rng.next();
    const auto lo = rng.next();
    return format_guid(hi, lo);
}

constexpr unsigned code_first = 13000;  // above the fixed items' codes
constexpr unsigned max_code_gap = 7;
constexpr unsigned min_price_kopecks = 1000;
constexpr unsigned price_span_kopecks = 4999000;
constexpr double kopecks_per_rouble = 100.0;
constexpr unsigned deleted_percent = 3;
constexpr unsigned article_first = 1000;
constexpr unsigned article_span = 9000;
constexpr unsigned ncs_values = 300;

struct group_ids {
    std::string cable, power_cable, wire, breakers, sockets, fasteners, paint, pipes, light, tools, misc,
        archive, archive_2019;
};

struct parameter_ids {
    std::string coil, color, trip, breaking, pack, tint, length, cct, base, ncs, modification;
};

class builder {
public:
    explicit builder(unsigned seed) : rng_(seed) {}

    std::string add_group(const std::string& name, const std::string& parent, bool deleted = false) {
        auto id = stable_guid("group:" + name);
        groups_.push_back({id, name, parent, deleted});
        return id;
    }

    std::string add_parameter(const std::string& name, const std::vector<std::string>& value_names) {
        parameter p{stable_guid("parameter:" + name), name, {}};
        for (const auto& v : value_names) p.values.push_back({stable_guid("value:" + name + ":" + v), v});
        parameters_.push_back(std::move(p));
        return parameters_.back().id;
    }

    const parameter& param(const std::string& id) const {
        return *std::find_if(parameters_.begin(), parameters_.end(), [&](const auto& p) { return p.id == id; });
    }

    // A random non-empty subset of the parameter's values, in random order.
    item_parameter some_values(const std::string& id, std::size_t at_least = 1) {
        const auto& p = param(id);
        std::vector<std::string> ids;
        for (const auto& v : p.values) ids.push_back(v.id);
        shuffle(ids);
        const auto floor = std::min(at_least, ids.size());
        const auto count = ids.empty() ? 0 : floor + rng_.below(ids.size() - floor + 1);
        ids.resize(count);
        return {id, ids};
    }

    item_parameter all_values(const std::string& id) {
        item_parameter ip{id, {}};
        for (const auto& v : param(id).values) ip.values.push_back(v.id);
        return ip;
    }

    std::string next_code() {
        code_ += 1 + static_cast<unsigned>(rng_.below(max_code_gap));
        char buf[16];
        std::snprintf(buf, sizeof buf, "00-%08u", code_);
        return buf;
    }

    double price() {
        const auto kopecks = min_price_kopecks + rng_.below(price_span_kopecks);
        return static_cast<double>(kopecks) / kopecks_per_rouble;
    }

    std::string article(const std::string& prefix) {
        return prefix + "-" + std::to_string(article_first + rng_.below(article_span));
    }

    void add_item(item it) { items_.push_back(std::move(it)); }

    // Picks `count` of the candidates (all if fewer), keeping their order, and adds them as items.
    void add_family(const std::vector<std::string>& names, std::size_t count, const std::string& group,
                    const std::string& unit, const std::string& article_prefix,
                    const std::function<std::vector<item_parameter>(const std::string&)>& params) {
        std::vector<std::size_t> order(names.size());
        std::iota(order.begin(), order.end(), 0);
        shuffle(order);
        order.resize(std::min(count, order.size()));
        std::sort(order.begin(), order.end());
        for (const auto i : order) {
            item it;
            it.id = random_guid(rng_);
            it.code = next_code();
            it.article = article(article_prefix);
            it.name = names[i];
            it.unit = unit;
            it.group = group;
            it.deleted = rng_.chance(deleted_percent);
            it.price = price();
            it.parameters = params(names[i]);
            items_.push_back(std::move(it));
        }
    }

    template <class T>
    void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng_.below(i)]);
    }

    prng& rng() { return rng_; }

    catalog finish() { return catalog(std::move(groups_), std::move(parameters_), std::move(items_)); }

private:
    prng rng_;
    unsigned code_ = code_first;
    std::vector<group> groups_;
    std::vector<parameter> parameters_;
    std::vector<item> items_;
};

using strings = std::vector<std::string>;

// Every combination of the parts, joined by the format function.
template <class F>
strings combine(const std::vector<strings>& parts, F format) {
    strings out;
    std::vector<std::size_t> idx(parts.size(), 0);
    for (;;) {
        strings pick;
        for (std::size_t k = 0; k < parts.size(); ++k) pick.push_back(parts[k][idx[k]]);
        out.push_back(format(pick));
        std::size_t k = parts.size();
        while (k > 0) {
            --k;
            if (++idx[k] < parts[k].size()) break;
            idx[k] = 0;
            if (k == 0) return out;
        }
    }
}

group_ids add_groups(builder& b) {
    group_ids g;
    g.cable = b.add_group("Кабель и провод", "");
    g.power_cable = b.add_group("Кабель силовой", g.cable);
    g.wire = b.add_group("Провод установочный", g.cable);
    g.breakers = b.add_group("Автоматические выключатели и УЗО", "");
    g.sockets = b.add_group("Электроустановочные изделия", "");
    g.fasteners = b.add_group("Крепёж", "");
    g.paint = b.add_group("Лакокрасочные материалы", "");
    g.pipes = b.add_group("Трубы и фитинги", "");
    g.light = b.add_group("Освещение", "");
    g.tools = b.add_group("Инструмент", "");
    g.misc = b.add_group("Прочее", "");
    g.archive = b.add_group("Архив (не использовать)", "", true);
    g.archive_2019 = b.add_group("Архив 2019", g.archive);
    return g;
}

strings ncs_names() {
    static const std::array<const char*, 10> hues{"N", "Y", "Y10R", "Y50R", "R", "R50B", "B", "B50G", "G", "G50Y"};
    strings out;
    for (unsigned blackness = 5; out.size() < ncs_values; blackness += 5) {
        for (unsigned chroma = 0; chroma <= 60 && out.size() < ncs_values; chroma += 10) {
            for (const auto* hue : hues) {
                if (out.size() >= ncs_values) break;
                if (chroma == 0 && std::string_view(hue) != "N") continue;
                if (chroma != 0 && std::string_view(hue) == "N") continue;
                char buf[48];
                std::snprintf(buf, sizeof buf, "NCS S %02u%02u-%s", blackness, chroma, hue);
                out.emplace_back(buf);
            }
        }
    }
    return out;
}

parameter_ids add_parameters(builder& b) {
    parameter_ids p;
    p.coil = b.add_parameter("Длина бухты", {"Отрез (кратно 1 м)", "50 м", "100 м", "200 м", "500 м"});
    p.color = b.add_parameter("Цвет", {"Белый", "Чёрный", "Серый", "Синий", "Красный", "Коричневый",
                                        "Бежевый", "Жёлто-зелёный", "Слоновая кость", "Антрацит"});
    p.trip = b.add_parameter("Характеристика срабатывания", {"B", "C", "D"});
    p.breaking = b.add_parameter("Отключающая способность", {"4,5 кА", "6 кА", "10 кА"});
    p.pack = b.add_parameter("Упаковка", {"Россыпь", "Коробка 100 шт", "Коробка 1000 шт"});
    p.tint = b.add_parameter("Колеровка", {"Без колеровки", "База A", "База C"});
    p.length = b.add_parameter("Длина", {"2 м", "3 м", "4 м", "6 м"});
    p.cct = b.add_parameter("Цветовая температура", {"2700K", "4000K", "6500K"});
    p.base = b.add_parameter("Цоколь", {"E14", "E27", "GU10", "G13"});
    p.ncs = b.add_parameter("Цвет по каталогу NCS", ncs_names());
    p.modification = b.add_parameter("Модификация (не заполнено)", {});
    return p;
}

std::string join(const strings& parts, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? std::string(sep) : "") + parts[i];
    return out;
}

void add_generated(builder& b, const group_ids& g, const parameter_ids& p) {
    const auto cables = combine(
        {{"ВВГнг(А)-LS", "ВВГнг(А)", "ВВГ-Пнг(А)", "ВВГнг(А)-FRLS", "NYM", "АВВГ", "КГ", "ВБШв"},
         {"1", "2", "3", "4", "5"},
         {"1,5", "2,5", "4", "6", "10", "16", "25", "35"},
         {"Севкабель", "Камкабель", "Алюр", "Кабэкс", "Энергокабель", "Конкорд"}},
        [](const strings& s) { return "Кабель " + s[0] + " " + s[1] + "х" + s[2] + "-0,66 (" + s[3] + ")"; });
    b.add_family(cables, 850, g.power_cable, "м", "KVT", [&](const std::string&) {
        return std::vector<item_parameter>{b.some_values(p.coil)};
    });

    const auto wires = combine({{"ПВС", "ШВВП", "ПуГВ", "ПуВ", "АПуВ", "ПВ-3"},
                                {"1", "2", "3", "4"},
                                {"0,75", "1", "1,5", "2,5", "4", "6"},
                                {"ГОСТ", "ТУ"}},
                               [](const strings& s) { return "Провод " + s[0] + " " + s[1] + "х" + s[2] + " " + s[3]; });
    b.add_family(wires, 300, g.wire, "м", "PRV", [&](const std::string&) {
        return std::vector<item_parameter>{b.some_values(p.coil), b.some_values(p.color)};
    });

    const auto breakers = combine({{"ВА47-29", "ВА47-63", "Easy9", "S201", "АВ-101"},
                                   {"1P", "2P", "3P"},
                                   {"6", "10", "16", "20", "25", "32", "40", "50", "63"},
                                   {"IEK", "EKF", "ABB", "Schneider Electric", "DEKraft", "КЭАЗ"}},
                                  [](const strings& s) {
                                      return "Автоматический выключатель " + s[0] + " " + s[1] + " " + s[2] + "А " + s[3];
                                  });
    b.add_family(breakers, 650, g.breakers, "шт", "SCH", [&](const std::string&) {
        return std::vector<item_parameter>{b.all_values(p.trip), b.some_values(p.breaking)};
    });
    const auto rcds = combine({{"ВД1-63", "АД12", "RCCB"}, {"2P", "4P"}, {"16", "25", "40", "63"}, {"10мА", "30мА", "100мА"}},
                              [](const strings& s) { return "УЗО " + s[0] + " " + s[1] + " " + s[2] + "А " + s[3]; });
    b.add_family(rcds, 50, g.breakers, "шт", "IEK", [&](const std::string&) { return std::vector<item_parameter>{}; });

    const auto sockets = combine({{"Розетка", "Выключатель одноклавишный", "Выключатель двухклавишный", "Рамка"},
                                  {"Этюд", "Валена", "Glossa", "Atlas Design", "Unica"},
                                  {"скрытой установки", "накладной"},
                                  {"IP20", "IP44"}},
                                 [](const strings& s) { return join(s, " "); });
    b.add_family(sockets, 160, g.sockets, "шт", "LG", [&](const std::string&) {
        return std::vector<item_parameter>{b.some_values(p.color)};
    });

    const auto fasteners = combine({{"Саморез по дереву 3,5х", "Саморез по металлу 4,2х", "Дюбель-гвоздь 6х",
                                     "Анкерный болт М8х", "Болт DIN 933 М10х", "Шуруп универсальный 5х"},
                                    {"16", "25", "35", "41", "51", "60", "76", "90", "100", "120"},
                                    {"оцинк.", "фосф.", "жёлт. цинк", "нерж. A2"}},
                                   [](const strings& s) { return s[0] + s[1] + " " + s[2]; });
    b.add_family(fasteners, 220, g.fasteners, "уп", "FIX", [&](const std::string&) {
        return std::vector<item_parameter>{b.some_values(p.pack)};
    });
    const auto nuts = combine({{"Гайка DIN 934", "Шайба DIN 125", "Шайба гроверная DIN 127"},
                               {"М4", "М5", "М6", "М8", "М10", "М12", "М16"},
                               {"оцинк.", "нерж. A2"}},
                              [](const strings& s) { return join(s, " "); });
    b.add_family(nuts, 40, g.fasteners, "кг", "FIX", [&](const std::string&) { return std::vector<item_parameter>{}; });

    const auto paints = combine({{"Краска ВД-АК интерьерная", "Краска фасадная акриловая", "Эмаль ПФ-115",
                                  "Грунт ГФ-021", "Грунт-эмаль по ржавчине 3 в 1", "Лак паркетный"},
                                 {"Tikkurila", "Dulux", "Ярославские краски", "Лакра", "Текс", "Empils"},
                                 {"0,9 л", "2,7 л", "9 л", "0,8 кг", "1,9 кг", "20 кг"}},
                                [](const strings& s) { return join(s, " "); });
    b.add_family(paints, 300, g.paint, "шт", "PNT", [&](const std::string& name) {
        std::vector<item_parameter> params{b.some_values(p.tint)};
        if (name.starts_with("Краска")) params.push_back(b.some_values(p.color, 3));
        return params;
    });

    const auto pipes = combine({{"Труба ПНД", "Труба ПП армированная PN20", "Труба ПВХ канализационная",
                                 "Труба гофрированная ПВХ с зондом"},
                                {"16", "20", "25", "32", "40", "50", "63", "110"},
                                {"SDR11", "SDR17", "серая", "белая"}},
                               [](const strings& s) { return s[0] + " " + s[1] + " мм " + s[2]; });
    b.add_family(pipes, 150, g.pipes, "м", "PPR", [&](const std::string&) {
        return std::vector<item_parameter>{b.some_values(p.length)};
    });
    const auto fittings = combine({{"Угол 90°", "Угол 45°", "Муфта", "Тройник", "Заглушка", "Переходник"},
                                   {"ПП", "ПНД компрессионный", "ПВХ"},
                                   {"20", "25", "32", "40", "50", "110"}},
                                  [](const strings& s) { return s[0] + " " + s[1] + " " + s[2] + " мм"; });
    b.add_family(fittings, 100, g.pipes, "шт", "PPR", [&](const std::string&) { return std::vector<item_parameter>{}; });

    const auto lamps = combine({{"Лампа светодиодная A60", "Лампа светодиодная C37 свеча", "Лампа светодиодная G45 шар",
                                 "Лампа светодиодная MR16"},
                                {"5", "7", "9", "11", "13", "15", "20"},
                                {"Gauss", "Navigator", "ЭРА", "Feron", "IEK", "Osram"}},
                               [](const strings& s) { return s[0] + " " + s[1] + "Вт " + s[2]; });
    b.add_family(lamps, 170, g.light, "шт", "LMP", [&](const std::string&) {
        return std::vector<item_parameter>{b.all_values(p.cct), b.some_values(p.base)};
    });
    const auto fixtures = combine({{"Светильник светодиодный ДПО", "Светильник светодиодный ДВО армстронг",
                                    "Прожектор светодиодный СДО"},
                                   {"12", "18", "24", "36", "50", "100"},
                                   {"IP20", "IP40", "IP65"},
                                   {"IEK", "ЭРА", "Feron", "Navigator"}},
                                  [](const strings& s) { return s[0] + " " + s[1] + "Вт " + s[2] + " " + s[3]; });
    b.add_family(fixtures, 90, g.light, "шт", "LMP", [&](const std::string&) {
        return std::vector<item_parameter>{b.some_values(p.cct)};
    });

    const auto tools = combine({{"Перфоратор", "Дрель-шуруповёрт аккумуляторная", "Угловая шлифмашина", "Лобзик электрический"},
                                {"Bosch", "Makita", "Интерскол", "DeWalt", "Metabo"},
                                {"Professional", "бытовой", "с кейсом"}},
                               [](const strings& s) { return join(s, " "); });
    b.add_family(tools, 60, g.tools, "шт", "TLS", [&](const std::string&) { return std::vector<item_parameter>{}; });
}

struct fixed_item {
    const char* id;
    const char* code;
    const char* name;
    const char* unit;
    double price;
    bool deleted;
};

void add_fixed(builder& b, const group_ids& g, const parameter_ids& p) {
    auto value_id = [&](const std::string& param_id, std::string_view name) {
        for (const auto& v : b.param(param_id).values)
            if (v.name == name) return v.id;
        return std::string{};
    };
    auto make = [&](const fixed_item& f, const std::string& group, std::vector<item_parameter> params) {
        item it;
        it.id = f.id;
        it.code = f.code;
        it.article = "FIX-" + std::string(f.code).substr(3);
        it.name = f.name;
        it.unit = f.unit;
        it.group = group;
        it.deleted = f.deleted;
        it.price = f.price;
        it.parameters = std::move(params);
        b.add_item(std::move(it));
    };
    const std::string long_name =
        "Кабель ВВГнг(А)-LS 5х16-1 ок(N,PE) ГОСТ 31996-2012 медный силовой с изоляцией и оболочкой из ПВХ "
        "пониженной пожароопасности с низким дымо- и газовыделением для прокладки в кабельных сооружениях "
        "и помещениях, в том числе во взрывоопасных зонах классов В-Iа, В-Iб, В-IIа, поставка в бухтах и на "
        "барабанах, маркировка по длине через каждый метр, производство Россия, партия 2026 года";
    make({"4f1d2c1e-9a51-11ee-8c90-0242ac120002", "00-00012345", "Кабель ВВГнг(А)-LS 3х2,5", "м", 1234.5, false},
         g.power_cable,
         {{p.coil, {value_id(p.coil, "Отрез (кратно 1 м)"), value_id(p.coil, "100 м"), value_id(p.coil, "200 м")}},
          {p.color, {value_id(p.color, "Белый"), value_id(p.color, "Чёрный")}}});
    make({"4f1d2c1f-9a51-11ee-8c90-0242ac120002", "00-00012346", "Кабель\u00a0ВВГнг 3х4 (склад 2)", "м", 310.0, false},
         g.power_cable, {b.all_values(p.coil)});
    make({"0c0f0000-0000-4000-8000-000000000003", "00-00012347", "  Кабель  ПВС 3х1,5  ", "м", 95.9, false}, g.wire, {});
    make({"0c0f0000-0000-4000-8000-000000000004", "00-00012348", "Кaбель ВВГ 3x1,5", "м", 88.0, false}, g.power_cable, {});
    make({"0c0f0000-0000-4000-8000-000000000005", "00-00012349", "Кабель-канал 25х16 <script>alert(1)</script>", "шт",
          64.0, false},
         g.misc, {b.all_values(p.color)});
    make({"0c0f0000-0000-4000-8000-000000000006", "00-00012350", "Удлинитель «Пилот» 5 розеток 3 м", "шт", 1490.0, false},
         g.sockets, {});
    make({"0c0f0000-0000-4000-8000-000000000007", "00-00012351", "Розетка \"Этюд\" белая с заземлением", "шт", 189.0,
          false},
         g.sockets, {});
    make({"0c0f0000-0000-4000-8000-000000000008", "00-00012352", "Набор \"Крепёж & Дюбели\" R&D 200 шт", "уп", 540.0,
          false},
         g.fasteners, {b.all_values(p.pack)});
    make({"0c0f0000-0000-4000-8000-000000000009", "00-00012353", "Эмаль д'Анжу белая 0,9 кг", "шт", 415.0, false},
         g.paint, {b.all_values(p.tint)});
    make({"0c0f0000-0000-4000-8000-000000000010", "00-00012354", "Счётчик электроэнергии Меркурий 201.5", "шт", 1850.0,
          false},
         g.misc, {});
    make({"0c0f0000-0000-4000-8000-000000000011", "00-00012355", "Счетчик электроэнергии Меркурий 201.7", "шт", 1990.0,
          false},
         g.misc, {});
    make({"0c0f0000-0000-4000-8000-000000000012", "00-00012356", "ЁРШ для чистки труб 32 мм", "шт", 120.0, false},
         g.tools, {});
    make({"0c0f0000-0000-4000-8000-000000000013", "00-00012357", "Лента изоляционная ПВХ 19мм х 20м синяя", "шт", 49.0,
          false},
         g.misc, {});
    make({"0c0f0000-0000-4000-8000-000000000014", "00-00012358", "Лента изоляционная ПВХ 19мм х 20м синяя", "шт", 52.0,
          false},
         g.misc, {});
    make({"0c0f0000-0000-4000-8000-000000000015", "00-00012359", long_name.c_str(), "м", 2890.0, false}, g.power_cable,
         {b.all_values(p.coil)});
    make({"0c0f0000-0000-4000-8000-000000000016", "00-00012360", "Клеммник WAGO 221-413 (3 провода)", "шт", 39.0, false},
         g.misc, {});
    make({"0c0f0000-0000-4000-8000-000000000017", "00-00012361", "Краска интерьерная «Лазурь» колеруемая 9 л", "шт",
          3200.0, false},
         g.paint, {b.all_values(p.tint), b.all_values(p.ncs)});
    make({"0c0f0000-0000-4000-8000-000000000018", "00-00012362", "Щит распределительный ЩРН-12 (модификации не заведены)",
          "шт", 2050.0, false},
         g.misc, {{p.modification, {}}});
    make({"0c0f0000-0000-4000-8000-000000000019", "00-00012363", "Кабель ВВГнг(А)-LS 3х2,5 (не использовать)", "м",
          1100.0, true},
         g.power_cable, {b.all_values(p.coil)});
    make({"0c0f0000-0000-4000-8000-000000000020", "00-00012364", "Кабель АПВ 4 (архив)", "м", 40.0, false},
         g.archive_2019, {});
    make({"0c0f0000-0000-4000-8000-000000000021", "00-00012365", "Провод ПВ-1 1,5 старый", "м", 20.0, false}, g.archive,
         {});
}

}  // namespace

catalog generate_catalog(unsigned seed) {
    builder b(seed);
    const auto groups = add_groups(b);
    const auto params = add_parameters(b);
    add_fixed(b, groups, params);
    add_generated(b, groups, params);
    return b.finish();
}

}  // namespace hs1c::stand::onec
