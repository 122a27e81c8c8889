// Formatting: the options, and format_event_json, the fast path (bytes in, one payload of bytes
// per record out, through format::payloads; no Python object is built per field).
#include "bindings.hpp"

#include <alarmbridge/format/alarm_message.hpp>

#include <pybind11/native_enum.h>
#include <pybind11/stl.h>

#include <optional>

namespace alarmbridge::python {

namespace {

py::list format_json(py::handle raw, const format::options& opts, std::size_t max_input_bytes) {
    std::string owned;
    const std::string_view bytes = json_view(raw, owned);
    parse_options parsing;
    parsing.max_input_bytes = max_input_bytes;
    std::optional<result<std::vector<result<std::string>>>> bodies;
    {
        std::optional<py::gil_scoped_release> unlocked;
        if (bytes.size() >= large_input_bytes) unlocked.emplace();
        bodies.emplace(format::payloads(bytes, opts, parsing));
    }
    if (!*bodies) raise_error(bodies->error());
    py::list out;
    for (const auto& body : **bodies) {
        if (!body) raise_error(body.error());
        out.append(py::bytes(*body));
    }
    return out;
}

}  // namespace

void register_format(py::module_& m) {
    py::native_enum<format::style>(m, "Style", "enum.Enum", "How an alarm reads in Slack.")
        .value("RICH", format::style::rich, "header, colored bar, summary, fields, reason, buttons")
        .value("COMPACT", format::style::compact, "one section in a colored bar")
        .value("BLUEPRINT", format::style::blueprint, "the AWS blueprint's sentence, as text only")
        .finalize();

    py::class_<format::options>(m, "FormatOptions", "How alarms are formatted (format::options).")
        .def(py::init([](std::string locale, format::style style, std::vector<std::string> mention_users,
                         std::vector<std::string> mention_groups, std::optional<std::string> runbook_url,
                         std::vector<std::string> runbook_hosts, std::optional<std::string> channel,
                         std::optional<std::string> username, std::optional<std::string> icon_emoji,
                         std::optional<std::string> icon_url) {
                 format::options o;
                 o.locale = std::move(locale);
                 o.style = style;
                 o.mention_users = std::move(mention_users);
                 o.mention_groups = std::move(mention_groups);
                 o.runbook_url = std::move(runbook_url);
                 o.runbook_hosts = std::move(runbook_hosts);
                 o.channel = std::move(channel);
                 o.username = std::move(username);
                 o.icon_emoji = std::move(icon_emoji);
                 o.icon_url = std::move(icon_url);
                 return o;
             }),
             py::kw_only(), py::arg("locale") = "en", py::arg_v("style", format::style::rich, "Style.RICH"),
             py::arg("mention_users") = std::vector<std::string>{}, py::arg("mention_groups") = std::vector<std::string>{},
             py::arg("runbook_url") = py::none(), py::arg("runbook_hosts") = std::vector<std::string>{},
             py::arg("channel") = py::none(), py::arg("username") = py::none(), py::arg("icon_emoji") = py::none(),
             py::arg("icon_url") = py::none())
        .def_readwrite("locale", &format::options::locale)
        .def_readwrite("style", &format::options::style)
        .def_readwrite("mention_users", &format::options::mention_users)
        .def_readwrite("mention_groups", &format::options::mention_groups)
        .def_readwrite("runbook_url", &format::options::runbook_url)
        .def_readwrite("runbook_hosts", &format::options::runbook_hosts)
        .def_readwrite("channel", &format::options::channel)
        .def_readwrite("username", &format::options::username)
        .def_readwrite("icon_emoji", &format::options::icon_emoji)
        .def_readwrite("icon_url", &format::options::icon_url);

    m.def("format_event_json", &format_json, py::arg("raw"), py::arg("options"),
          py::arg("max_input_bytes") = parse_options{}.max_input_bytes,
          "One Slack payload (JSON bytes) per record of the event; raises the first failed record's error.");
}

}  // namespace alarmbridge::python
