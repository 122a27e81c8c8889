// Slack messages from Python: Block Kit builders (the library's block model, serialized by its
// writer), validate and fit. Messages cross as dicts (or JSON str/bytes) read by slack::parse_message.
#include "bindings.hpp"

#include <alarmbridge/slack/message.hpp>

#include <pybind11/native_enum.h>
#include <pybind11/stl.h>

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace alarmbridge::python {

namespace {

/// The library's JSON of a model value as a Python dict.
template <class T>
py::object dict_of(const T& value) {
    nlohmann::json j = value;
    return json_value(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

nlohmann::json parsed(py::handle value) {
    auto j = nlohmann::json::parse(json_text(value), nullptr, false);
    if (j.is_discarded()) raise_error(alarmbridge::error{errc::json_syntax, "not JSON", ""});
    return j;
}

/// A builder's part read by the library's own readers; their exceptions name the field.
template <class F>
auto read_part(F&& read) -> decltype(read()) {
    try {
        return read();
    } catch (const alarmbridge::exception& e) {
        raise_error(e.error());
    }
}

slack::text text_of(py::handle value, bool plain) {
    if (PyUnicode_Check(value.ptr())) {
        return plain ? slack::text::plain(value.cast<std::string>()) : slack::text::mrkdwn(value.cast<std::string>());
    }
    return read_part([&] { return slack::read_text(parsed(value), ""); });
}

slack::element element_of(py::handle value) {
    return read_part([&] { return slack::read_element(parsed(value), ""); });
}

py::object fit_message(py::handle value) {
    auto fitted = slack::fit(message_of(value));
    py::list messages;
    for (const auto& m : fitted.messages) messages.append(json_value(slack::serialize(m)));
    py::dict out;
    out["messages"] = messages;
    out["changes"] = py::cast(fitted.changes);
    return out;
}

}  // namespace

void register_slack(py::module_& m) {
    py::native_enum<slack::severity>(m, "Severity", "enum.Enum", "How bad a violation of Slack's limits is.")
        .value("ERROR", slack::severity::error)
        .value("WARNING", slack::severity::warning)
        .finalize();

    py::class_<slack::violation>(m, "Violation", "One breach of Slack's limits (slack::validate).")
        .def_readonly("path", &slack::violation::path)
        .def_readonly("message", &slack::violation::message)
        .def_readonly("severity", &slack::violation::level)
        .def_readonly("limit", &slack::violation::limit)
        .def_readonly("actual", &slack::violation::actual)
        .def_property_readonly("code", [](const slack::violation& v) -> std::optional<std::string> {
            if (!v.code) return std::nullopt;
            return std::string(to_string(*v.code));
        })
        .def("describe", &slack::violation::describe)
        .def("__repr__", [](const slack::violation& v) { return "<Violation " + v.describe() + ">"; });

    m.def("validate", [](py::handle message) { return slack::validate(message_of(message)); }, py::arg("message"),
          "Every violation of Slack's limits, in order (empty when valid).");
    m.def("fit", &fit_message, py::arg("message"),
          "The message made valid: {'messages': [first, continuations...], 'changes': [str]}.");
    m.def("fallback_text", [](py::handle blocks) {
        auto m = message_of(py::dict(py::arg("blocks") = blocks));
        return slack::fallback_text(m.blocks);
    }, py::arg("blocks"), "Inert readable text for the blocks (the notification text).");
    m.def("truncate", [](std::string_view text, std::size_t max) { return slack::truncate(text, max); },
          py::arg("text"), py::arg("max"), "At most max code points, never cutting a link or an entity.");
    m.def("normalize_message", [](py::handle message) { return json_value(slack::serialize(message_of(message))); },
          py::arg("message"), "The message as the library reads and writes it back.");

    // Block Kit builders: each builds the library's block and returns its JSON as a dict.
    m.def("plain_text", [](std::string text, std::optional<bool> emoji) { return dict_of(slack::text::plain(std::move(text), emoji)); },
          py::arg("text"), py::arg("emoji") = py::none());
    m.def("mrkdwn", [](std::string text) { return dict_of(slack::text::mrkdwn(std::move(text))); }, py::arg("text"));
    m.def("header", [](py::handle text, std::optional<std::string> block_id) {
        return dict_of(slack::block{slack::header(text_of(text, true), std::move(block_id))});
    }, py::arg("text"), py::kw_only(), py::arg("block_id") = py::none());
    m.def("section", [](py::object text, std::vector<py::object> fields, py::object accessory, std::optional<std::string> block_id) {
        slack::section s;
        if (!text.is_none()) s.text = text_of(text, false);
        for (const auto& f : fields) s.fields.push_back(text_of(f, false));
        if (!accessory.is_none()) s.accessory = element_of(accessory);
        s.block_id = std::move(block_id);
        return dict_of(slack::block{std::move(s)});
    }, py::arg("text") = py::none(), py::kw_only(), py::arg("fields") = std::vector<py::object>{},
       py::arg("accessory") = py::none(), py::arg("block_id") = py::none());
    m.def("divider", [](std::optional<std::string> block_id) {
        return dict_of(slack::block{slack::divider{std::move(block_id), {}}});
    }, py::kw_only(), py::arg("block_id") = py::none());
    m.def("context", [](std::vector<py::object> elements, std::optional<std::string> block_id) {
        slack::context c;
        for (const auto& e : elements) {
            if (PyUnicode_Check(e.ptr())) {
                c.elements.emplace_back(text_of(e, false));
                continue;
            }
            const auto j = parsed(e);
            if (j.is_object() && j.value("type", "") == "image") {
                c.elements.emplace_back(slack::image_element{j.value("image_url", ""), j.value("alt_text", ""), {}});
            } else {
                c.elements.emplace_back(text_of(e, false));
            }
        }
        c.block_id = std::move(block_id);
        return dict_of(slack::block{std::move(c)});
    }, py::arg("elements"), py::kw_only(), py::arg("block_id") = py::none());
    m.def("actions", [](std::vector<py::object> elements, std::optional<std::string> block_id) {
        slack::actions a;
        for (const auto& e : elements) a.elements.push_back(element_of(e));
        a.block_id = std::move(block_id);
        return dict_of(slack::block{std::move(a)});
    }, py::arg("elements"), py::kw_only(), py::arg("block_id") = py::none());
    m.def("button", [](std::string text, std::optional<std::string> url, std::optional<std::string> action_id,
                       std::optional<std::string> value, std::optional<std::string> style) {
        slack::button b(slack::text::plain(std::move(text)), std::move(action_id));
        b.url = std::move(url);
        b.value = std::move(value);
        b.style = std::move(style);
        return dict_of(slack::element{std::move(b)});
    }, py::arg("text"), py::kw_only(), py::arg("url") = py::none(), py::arg("action_id") = py::none(),
       py::arg("value") = py::none(), py::arg("style") = py::none());
    m.def("markdown", [](std::string text, std::optional<std::string> block_id) {
        slack::markdown md(std::move(text));
        md.block_id = std::move(block_id);
        return dict_of(slack::block{std::move(md)});
    }, py::arg("text"), py::kw_only(), py::arg("block_id") = py::none());
}

}  // namespace alarmbridge::python
