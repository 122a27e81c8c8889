// parse_event: what AWS hands a function, one entry per record, as the model's JSON (the same
// adapters `alarmbridge parse` prints through); alarmbridge/event.py wraps it in typed classes.
#include "bindings.hpp"

#include <alarmbridge/event.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <variant>
#include <vector>

namespace alarmbridge::python {

namespace {

std::string dump(const nlohmann::ordered_json& j) {
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

/// One record, as text, built without the GIL.
struct record_text {
    std::optional<std::string> alarm;  ///< the model's JSON with "console_url"
    std::optional<std::string> text;   ///< a message that is not an alarm
    std::optional<std::string> sns;    ///< the SNS envelope's JSON, when the record came through SNS
    std::optional<alarmbridge::error> failure;
};

record_text describe(const result<record>& rec) {
    record_text out;
    if (!rec) {
        out.failure = rec.error();
        return out;
    }
    if (const auto* a = std::get_if<cloudwatch::alarm>(&rec->body)) {
        nlohmann::ordered_json j = *a;
        const auto url = cloudwatch::console_url(*a);
        j["console_url"] = url ? nlohmann::ordered_json(*url) : nlohmann::ordered_json(nullptr);
        out.alarm = dump(j);
    } else {
        out.text = std::get<text_message>(rec->body).text;
    }
    if (rec->sns) {
        nlohmann::json j = *rec->sns;
        out.sns = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return out;
}

py::object optional_json(const std::optional<std::string>& text) {
    return text ? json_value(*text) : py::object(py::none());
}

py::dict parse(py::handle value, std::size_t max_input_bytes, std::size_t max_message_bytes, std::size_t max_records) {
    const std::string bytes = json_text(value);
    parse_options options;
    options.max_input_bytes = max_input_bytes;
    options.max_message_bytes = max_message_bytes;
    options.max_records = max_records;

    std::optional<result<event>> parsed;
    std::vector<record_text> records;
    {
        std::optional<py::gil_scoped_release> unlocked;
        if (bytes.size() >= large_input_bytes) unlocked.emplace();
        parsed.emplace(parse_event(bytes, options));
        if (*parsed) {
            records.reserve((*parsed)->records.size());
            for (const auto& rec : (*parsed)->records) records.push_back(describe(rec));
        }
    }
    if (!*parsed) raise_error(parsed->error());

    py::list out_records;
    for (std::size_t i = 0; i < records.size(); ++i) {
        py::dict r;
        r["record"] = i;
        r["alarm"] = optional_json(records[i].alarm);
        r["text"] = records[i].text ? py::object(py::str(*records[i].text)) : py::object(py::none());
        r["sns"] = optional_json(records[i].sns);
        r["error"] = records[i].failure ? error_object(*records[i].failure) : py::object(py::none());
        out_records.append(r);
    }
    py::dict out;
    out["kind"] = std::string(to_string((*parsed)->kind));
    out["records"] = out_records;
    return out;
}

}  // namespace

void register_event(py::module_& m) {
    const parse_options defaults;
    m.def("parse_event", &parse, py::arg("event"), py::kw_only(), py::arg("max_input_bytes") = defaults.max_input_bytes,
          py::arg("max_message_bytes") = defaults.max_message_bytes, py::arg("max_records") = defaults.max_records,
          "The event (dict, str or bytes) as {'kind': str, 'records': [{'record', 'alarm', 'text', 'sns', "
          "'error'}]}; raises ParseError when the input as a whole is unusable.");
}

}  // namespace alarmbridge::python
