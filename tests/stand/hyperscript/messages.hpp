// User-facing Russian texts of the HyperScript stand's RPC errors, kept together; the English `msg`
// next to each is what tests and the proxy match on.
#pragma once

#include <string_view>

namespace hs1c::stand::hs_messages {

struct error_text {
    std::string_view msg;
    std::string_view msg_ru;
};

inline constexpr error_text invalid_csrf{"Invalid csrf token",
                                         "Сессия устарела: обновите страницу и повторите действие."};
inline constexpr error_text bad_form{"Malformed request body", "Некорректный запрос."};
inline constexpr error_text unknown_method{"Unknown method", "Неизвестный метод."};
inline constexpr error_text script_not_found{"Script not found", "Скрипт не найден."};
inline constexpr error_text node_not_found{"Step not found", "Шаг скрипта не найден."};
inline constexpr error_text field_not_found{"Field not found", "Поле не найдено."};
inline constexpr error_text unknown_field_type{"Unknown field type", "Неизвестный тип поля."};
inline constexpr error_text field_name_required{"Field name is required", "Укажите название поля."};
inline constexpr error_text bad_parameter{"Bad parameter", "Некорректный параметр запроса."};

}  // namespace hs1c::stand::hs_messages
