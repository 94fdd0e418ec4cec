#include "tests/stand/amocrm/problems.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace hs1c::stand::amo {

namespace {

constexpr unsigned bad_request = 400;
constexpr std::string_view status_type_base = "https://httpstatus.es/";
constexpr std::string_view oauth_problem_type = "https://developers.amocrm.ru/v3/errors/OAuthProblemJson";

// As amoCRM words them (tests/fixtures/cases/amocrm/).
constexpr std::string_view choice_detail = "The value you selected is not a valid choice.";
constexpr std::string_view type_detail = "This value should be of type valid.";
constexpr std::string_view oauth_title = "Некорректный запрос";
constexpr std::string_view oauth_detail = "В запросе отсутствует ряд параметров или параметры невалидны";

}  // namespace

validation_error not_supported_choice(std::string path) {
    return {"NotSupportedChoice", std::move(path), std::string(choice_detail)};
}

validation_error invalid_type(std::string path) {
    return {"InvalidType", std::move(path), std::string(type_detail)};
}

boost::json::value validation_problem(const std::vector<request_errors>& failed) {
    boost::json::array requests;
    for (const auto& r : failed) {
        boost::json::array errors;
        for (const auto& e : r.errors)
            errors.push_back(boost::json::object{{"code", e.code}, {"path", e.path}, {"detail", e.detail}});
        requests.push_back(boost::json::object{{"request_id", std::to_string(r.request_index)},
                                               {"errors", std::move(errors)}});
    }
    return boost::json::object{{"validation-errors", std::move(requests)},
                               {"title", "Bad Request"},
                               {"type", std::string(status_type_base) + std::to_string(bad_request)},
                               {"status", bad_request},
                               {"detail", "Request validation failed"}};
}

boost::json::value problem(unsigned status, std::string_view title, std::string_view detail) {
    return boost::json::object{{"title", title},
                               {"type", std::string(status_type_base) + std::to_string(status)},
                               {"status", status},
                               {"detail", detail}};
}

boost::json::value oauth_problem(unsigned status, std::string_view hint) {
    return boost::json::object{{"hint", hint},
                               {"title", oauth_title},
                               {"type", oauth_problem_type},
                               {"status", status},
                               {"detail", oauth_detail}};
}

}  // namespace hs1c::stand::amo
