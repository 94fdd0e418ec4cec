// What managers read in the widget when the proxy cannot answer: Russian, saying what to do.
#pragma once

#include <string_view>

namespace hs1c::widget::messages {

inline constexpr std::string_view unauthorized = "Нет доступа: обновите карточку сделки в amoCRM.";
inline constexpr std::string_view bad_lead = "Неверный номер сделки.";
inline constexpr std::string_view bad_order = "Неверный идентификатор заказа.";
inline constexpr std::string_view order_not_found = "Заказ не найден в 1С.";
inline constexpr std::string_view amocrm_not_ready = "amoCRM пока недоступна для прокси. Повторите позже.";
inline constexpr std::string_view origin_refused = "Этот адрес не может обращаться к API виджета.";

}  // namespace hs1c::widget::messages
