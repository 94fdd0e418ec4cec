#include "tests/stand/hyperscript/script_store.hpp"

#include "tests/stand/hyperscript/demo_script.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <ctime>
#include <string>

namespace hs1c::stand {

namespace json = boost::json;
namespace msg = hs_messages;

namespace {

// The types the real add-field dialog offers; anything else is refused like a strict server would.
constexpr std::array<std::string_view, 7> field_types{"text",     "textarea", "checkbox", "number",
                                                      "date",     "datetime", "multilist"};

bool known_type(std::string_view type) {
    return std::find(field_types.begin(), field_types.end(), type) != field_types.end();
}

rpc_outcome fail(const msg::error_text& error) { return {nullptr, &error}; }

std::optional<std::string_view> text_param(const json::object& params, std::string_view name) {
    const auto* v = params.if_contains(name);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string_view(v->as_string());
}

std::optional<std::int64_t> int_param(const json::object& params, std::string_view name) {
    const auto text = text_param(params, name);
    if (!text || text->empty()) return std::nullopt;
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc{} || end != text->data() + text->size()) return std::nullopt;
    return n;
}

bool flag_param(const json::object& params, std::string_view name) {
    const auto text = text_param(params, name);
    return text && (*text == "1" || *text == "true");
}

std::string_view trim(std::string_view s) {
    constexpr std::string_view blanks = " \t\r\n";
    const auto first = s.find_first_not_of(blanks);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(blanks) - first + 1);
}

json::value member_or_null(const json::object& params, std::string_view name) {
    const auto* v = params.if_contains(name);
    return v ? *v : json::value(nullptr);
}

std::string utc_now() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::array<char, sizeof "2026-12-03T12:00:00Z"> buf{};
    std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf.data();
}

// The element with that id, or nullptr; const-ness follows the container's.
template <class Container>
auto find_by_id(Container& items, std::int64_t id) -> decltype(&*items.begin()) {
    const auto it = std::find_if(items.begin(), items.end(), [&](const auto& item) { return item.id == id; });
    return it == items.end() ? nullptr : &*it;
}

json::object field_json(const script_field& f) {
    return {{"id", f.id},           {"name", f.name},         {"type", f.type},
            {"options", f.options}, {"sys_name", f.sys_name}, {"position", f.position}};
}

json::object step_json(const script_step& step) {
    json::array answers;
    for (const auto& a : step.answers) answers.push_back(json::object{{"id", a.id}, {"text", a.text}, {"target", a.target}});
    return {{"id", step.id}, {"title", step.title}, {"text", step.text}, {"goal", step.goal},
            {"answers", std::move(answers)}};
}

json::object script_json(const script& s) {
    json::array steps;
    for (const auto& step : s.steps) steps.push_back(step_json(step));
    return {{"id", s.id},
            {"title", s.title},
            {"ver", s.ver},
            {"start", s.steps.empty() ? json::value(nullptr) : json::value(s.steps.front().id)},
            {"steps", std::move(steps)}};
}

}  // namespace

script_store::script_store() { reset(); }

void script_store::reset() {
    auto demo = make_demo();
    scripts_ = std::move(demo.scripts);
    fields_ = std::move(demo.fields);
    next_field_id_ = demo.next_field_id;
    pass_logs_.clear();
}

rpc_outcome script_store::call(std::string_view method, const json::object& params, std::string_view raw_body) {
    if (method == "scripts.list") return list_scripts();
    if (method == "scripts.load_without_external_scripts") return load_script(params);
    if (method == "script.add_field") return add_field(params);
    if (method == "script.update_field") return update_field(params);
    if (method == "script.delete_field") return delete_field(params);
    if (method == "script.get_script_fields") return get_script_fields(params);
    if (method == "script.update_node") return update_node(params);
    if (method == "script.save_log") return save_log(params, raw_body);
    return fail(msg::unknown_method);
}

script* script_store::find_script(std::int64_t id) { return find_by_id(scripts_, id); }

const script* script_store::find_script(std::int64_t id) const { return find_by_id(scripts_, id); }

json::object script_store::fields_of(std::int64_t script_id) const {
    json::object out;
    for (const auto& f : fields_) {
        if (f.script_id != script_id) continue;
        auto obj = field_json(f);
        obj["value"] = "";
        out[std::to_string(f.id)] = std::move(obj);
    }
    return out;
}

rpc_outcome script_store::list_scripts() const {
    json::array list;
    for (const auto& s : scripts_) {
        const auto fields = std::count_if(fields_.begin(), fields_.end(),
                                           [&](const script_field& f) { return f.script_id == s.id; });
        list.push_back(json::object{{"id", s.id},
                                    {"title", s.title},
                                    {"ver", s.ver},
                                    {"steps", s.steps.size()},
                                    {"fields", fields}});
    }
    return {json::object{{"scripts", std::move(list)}}};
}

rpc_outcome script_store::load_script(const json::object& params) const {
    const auto id = int_param(params, "id");
    const auto* s = id ? find_script(*id) : nullptr;
    if (!s) return fail(msg::script_not_found);
    return {json::object{{"data", script_json(*s)}, {"fields", fields_of(s->id)}}};
}

rpc_outcome script_store::add_field(const json::object& params) {
    const auto script_id = int_param(params, "script_id");
    auto* s = script_id ? find_script(*script_id) : nullptr;
    if (!s) return fail(msg::script_not_found);
    const auto name = trim(text_param(params, "name").value_or(""));
    if (name.empty()) return fail(msg::field_name_required);
    const auto type = text_param(params, "type").value_or("");
    if (!known_type(type)) return fail(msg::unknown_field_type);

    script_field f;
    f.id = next_field_id_++;
    f.script_id = s->id;
    f.node_id = int_param(params, "node_id").value_or(0);
    f.name = name;
    f.key = text_param(params, "key").value_or("");
    f.type = type;
    f.sys_name = text_param(params, "sys_name").value_or("");
    f.is_from_crm = flag_param(params, "is_from_crm");
    if (const auto* options = params.if_contains("options")) f.options = *options;
    std::int64_t last = 0;
    for (const auto& other : fields_)
        if (other.script_id == s->id) last = std::max(last, other.position);
    f.position = last + 1;
    fields_.push_back(f);
    ++s->ver;
    return {field_json(f)};
}

rpc_outcome script_store::update_field(const json::object& params) {
    const auto id = int_param(params, "id");
    const auto it = std::find_if(fields_.begin(), fields_.end(), [&](const script_field& f) { return id && f.id == *id; });
    if (it == fields_.end()) return fail(msg::field_not_found);
    if (const auto type = text_param(params, "type"); type && !known_type(*type)) return fail(msg::unknown_field_type);
    if (const auto name = text_param(params, "name"); name && trim(*name).empty()) return fail(msg::field_name_required);

    if (const auto name = text_param(params, "name")) it->name = trim(*name);
    if (const auto type = text_param(params, "type")) it->type = *type;
    if (const auto key = text_param(params, "key")) it->key = *key;
    if (const auto sys_name = text_param(params, "sys_name")) it->sys_name = *sys_name;
    if (params.contains("is_from_crm")) it->is_from_crm = flag_param(params, "is_from_crm");
    if (const auto* options = params.if_contains("options")) it->options = *options;
    if (auto* s = find_script(it->script_id)) ++s->ver;
    return {field_json(*it)};
}

rpc_outcome script_store::delete_field(const json::object& params) {
    const auto id = int_param(params, "id");
    const auto it = std::find_if(fields_.begin(), fields_.end(), [&](const script_field& f) { return id && f.id == *id; });
    if (it == fields_.end()) return fail(msg::field_not_found);
    if (auto* s = find_script(it->script_id)) ++s->ver;
    fields_.erase(it);
    return {json::object{{"id", *id}}};
}

rpc_outcome script_store::get_script_fields(const json::object& params) const {
    const auto id = int_param(params, "id");
    const auto* s = id ? find_script(*id) : nullptr;
    if (!s) return fail(msg::script_not_found);
    return {json::object{{"fields", fields_of(s->id)}}};
}

rpc_outcome script_store::update_node(const json::object& params) {
    const auto script_id = int_param(params, "script_id");
    auto* s = script_id ? find_script(*script_id) : nullptr;
    if (!s) return fail(msg::script_not_found);
    const auto node_id = int_param(params, "node_id");
    const auto step = std::find_if(s->steps.begin(), s->steps.end(),
                                   [&](const script_step& st) { return node_id && st.id == *node_id; });
    if (step == s->steps.end()) return fail(msg::node_not_found);
    const auto text = text_param(params, "text");
    if (!text) return fail(msg::bad_parameter);
    step->text = *text;
    if (const auto title = text_param(params, "title"); title && !trim(*title).empty()) step->title = trim(*title);
    ++s->ver;
    return {json::object{{"node", step_json(*step)}, {"ver", s->ver}}};
}

rpc_outcome script_store::save_log(const json::object& params, std::string_view raw_body) {
    const auto id = int_param(params, "id");
    if (!id || !find_script(*id)) return fail(msg::script_not_found);
    const auto log_id = static_cast<std::int64_t>(pass_logs_.size()) + 1;
    pass_logs_.push_back(json::object{
        {"log_id", log_id},
        {"received_at", utc_now()},
        {"script_id", *id},
        {"ver", member_or_null(params, "ver")},
        {"token", member_or_null(params, "token")},
        {"outcome", member_or_null(params, "outcome")},
        {"log", member_or_null(params, "log")},
        {"fields", member_or_null(params, "fields")},
        {"unexpected", member_or_null(params, "unexpected")},
        {"duration", member_or_null(params, "duration")},
        {"widgets", member_or_null(params, "widgets")},
        {"params", params},
        {"raw", raw_body},
    });
    return {json::object{{"log_id", log_id}}};
}

json::value script_store::state() const {
    json::array scripts;
    for (const auto& s : scripts_) scripts.push_back(script_json(s));
    json::array fields;
    for (const auto& f : fields_) {
        auto obj = field_json(f);
        obj["script_id"] = f.script_id;
        obj["node_id"] = f.node_id;
        obj["key"] = f.key;
        obj["is_from_crm"] = f.is_from_crm;
        fields.push_back(std::move(obj));
    }
    return json::object{{"scripts", std::move(scripts)}, {"fields", std::move(fields)}, {"pass_logs", pass_logs_}};
}

}  // namespace hs1c::stand
