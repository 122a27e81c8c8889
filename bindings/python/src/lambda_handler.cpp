// The Lambda handler core (lambda::alarm_handler, written for every entry point) for
// alarmbridge.lambda_handler: one handler per process, each invocation handled with the GIL released.
#include "bindings.hpp"

#include <alarmbridge/lambda/alarm_handler.hpp>

#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace alarmbridge::python {

namespace {

struct bound_handler {
    explicit bound_handler(lambda::alarm_handler_settings settings) : handler(std::move(settings)) {}

    void init() {
        std::optional<aws::error> failed;
        {
            py::gil_scoped_release unlocked;
            std::lock_guard<std::mutex> lock(mutex);
            failed = handler.init();
        }
        if (failed) raise_error(*failed);
    }

    py::dict handle(py::handle event, std::int64_t remaining_ms) {
        const std::string bytes = json_text(event);
        lambda::summary s;
        std::vector<std::string> lines;
        std::string json, failure;
        {
            py::gil_scoped_release unlocked;
            std::lock_guard<std::mutex> lock(mutex);
            const auto deadline = slack::deadline_after(std::chrono::milliseconds(std::max<std::int64_t>(remaining_ms, 0)));
            s = handler.handle(bytes, deadline);
            lines.reserve(s.records.size());
            for (std::size_t i = 0; i < s.records.size(); ++i) lines.push_back(s.log_line(i));
            json = s.to_json();
            failure = s.failure_message();
        }
        py::dict out;
        out["summary"] = json_value(json);
        out["log_lines"] = py::cast(lines);
        out["ok"] = s.ok();
        out["failure_message"] = failure;
        // The code of what failed first: the event's own failure, or the first failed record's.
        std::optional<errc> code;
        if (s.event_failure) code = s.event_failure->code;
        for (const auto& r : s.records) {
            if (!code && r.failure) code = r.failure->code;
        }
        out["code"] = code ? py::object(py::str(std::string(to_string(*code)))) : py::object(py::none());
        return out;
    }

    lambda::alarm_handler handler;
    std::mutex mutex;
};

}  // namespace

void register_lambda_handler(py::module_& m) {
    py::class_<bound_handler>(m, "_AlarmHandler", "lambda::alarm_handler (used by alarmbridge.lambda_handler).")
        .def(py::init([](std::optional<std::map<std::string, std::string>> environ) {
                 auto settings = environ ? lambda::settings_from_environment(aws::environment_of({environ->begin(), environ->end()}))
                                         : lambda::settings_from_environment();
                 if (!settings) raise_error(settings.error());
                 return std::make_unique<bound_handler>(std::move(*settings));
             }),
             py::arg("environ") = py::none())
        .def("init", &bound_handler::init, "Resolves the webhook URL (cold start); raises AwsError.")
        .def("handle", &bound_handler::handle, py::arg("event"), py::arg("remaining_ms"),
             "{'summary': dict, 'log_lines': [str], 'ok': bool, 'failure_message': str, 'code': str | None}")
        .def_property_readonly("webhook_source", [](bound_handler& h) {
            std::lock_guard<std::mutex> lock(h.mutex);
            return h.handler.webhook_source();
        });
}

}  // namespace alarmbridge::python
