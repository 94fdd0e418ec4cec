// What operators read about their orders: Russian, saying what happened and what to do.
#pragma once

#include <string_view>

namespace hs1c::orders::messages {

inline constexpr std::string_view not_saved =
    "Заказ не сохранён: прокси не смог записать его. Нажмите «Разговор окончен» ещё раз; если не поможет — сообщите администратору.";
inline constexpr std::string_view empty_cart = "Товары не выбраны";

}  // namespace hs1c::orders::messages
