// What people read about the amoCRM connection: the OAuth callback page, readiness details and the
// admin routes' errors. Russian, saying what to do.
#pragma once

#include <string_view>

namespace hs1c::amocrm::messages {

inline constexpr std::string_view state_ready = "amoCRM подключена.";
inline constexpr std::string_view state_ready_with_problems =
    "amoCRM подключена, но часть полей или этапов из правил не найдена: см. GET /admin/amocrm и журнал.";
inline constexpr std::string_view state_needs_authorisation =
    "amoCRM: нужна авторизация интеграции (установите или переподключите её в amoCRM); задания ждут.";
inline constexpr std::string_view state_banned =
    "amoCRM заблокировала аккаунт (HTML 403): вызовы остановлены до POST /admin/amocrm/unban или перезапуска; "
    "задания ждут.";
inline constexpr std::string_view state_resolving = "amoCRM: поля и этапы ещё не сопоставлены с правилами.";

inline constexpr std::string_view page_title = "hs1c — подключение amoCRM";
inline constexpr std::string_view authorised = "amoCRM подключена: интеграция авторизована. Окно можно закрыть.";
inline constexpr std::string_view no_code = "В адресе нет кода авторизации. Подключите интеграцию из amoCRM заново.";
inline constexpr std::string_view access_denied =
    "Доступ не предоставлен: в amoCRM нажали «Отказать». Подключите интеграцию заново.";
inline constexpr std::string_view code_refused =
    "amoCRM не приняла код авторизации (он одноразовый и живёт 20 минут). Подключите интеграцию заново.";
inline constexpr std::string_view not_oauth =
    "Интеграция настроена на долгосрочный токен: авторизация через OAuth не используется.";
inline constexpr std::string_view amo_banned = "amoCRM заблокировала аккаунт. Обратитесь в поддержку amoCRM.";
inline constexpr std::string_view amo_unavailable = "amoCRM не отвечает. Повторите попытку через минуту.";
inline constexpr std::string_view amo_throttled = "amoCRM просит снизить частоту запросов. Повторите попытку позже.";

inline constexpr std::string_view bad_lead_id = "Номер сделки должен быть положительным целым числом.";
inline constexpr std::string_view bad_body = "Ожидается JSON-объект с полем «value» (строка).";
inline constexpr std::string_view bad_stage_body = "Ожидается JSON-объект с полем «event» (строка).";
inline constexpr std::string_view missing_onec_id = "Укажите параметр onec_id.";

}  // namespace hs1c::amocrm::messages
