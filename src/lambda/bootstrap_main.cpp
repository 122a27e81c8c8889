// bootstrap: the native Lambda function (provided.al2023). One alarm_handler per process, built
// from the environment at start (a bad setting or an unresolvable webhook URL is an init error,
// reported to the Runtime API, and the process exits); then each invocation handled before its
// deadline, one JSON log line per record on standard output, the summary JSON as the response,
// or Function.DeliveryFailed with the summary's failure message when a record failed.
#include <alarmbridge/lambda/alarm_handler.hpp>
#include <alarmbridge/lambda/runtime.hpp>

#include <cstdio>
#include <memory>
#include <optional>

int main() {
    namespace lambda = alarmbridge::lambda;
    std::unique_ptr<lambda::alarm_handler> handler;
    auto init = [&]() -> std::optional<lambda::init_error> {
        auto settings = lambda::settings_from_environment();
        if (!settings) return lambda::init_error{"InvalidConfiguration", settings.error().describe()};
        handler = std::make_unique<lambda::alarm_handler>(std::move(*settings));
        if (auto failed = handler->init()) return lambda::init_error{"InitFailed", failed->describe()};
        return std::nullopt;
    };
    auto handle = [&](const lambda::invocation& inv) {
        const auto s = handler->handle(inv.payload, inv.deadline);
        for (std::size_t i = 0; i < s.records.size(); ++i) std::printf("%s\n", s.log_line(i).c_str());
        std::fflush(stdout);
        if (!s.ok()) return lambda::invocation_response::failure("DeliveryFailed", s.failure_message());
        return lambda::invocation_response::success(s.to_json());
    };
    return lambda::exit_status(lambda::run(init, handle));
}
