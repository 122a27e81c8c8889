// A trivial function on lambda::run, packaged like the real one (lambda_rie_test runs its zip
// under the emulator): the response is {"bytes": <payload size>, "variables": [<names of the
// environment variables>]}; a payload {"fail": "<message>"} gives the error Function.EchoFailed
// with that message; ECHO_INIT_ERROR set makes init fail with its value as the message.
#include <alarmbridge/lambda/runtime.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

extern char** environ;

int main() {
    namespace lambda = alarmbridge::lambda;
    auto init = []() -> std::optional<lambda::init_error> {
        if (const char* v = std::getenv("ECHO_INIT_ERROR")) return lambda::init_error{"EchoInitFailed", v};
        return std::nullopt;
    };
    auto handle = [](const lambda::invocation& inv) {
        const auto event = nlohmann::json::parse(inv.payload, nullptr, false);
        if (event.is_object() && event.contains("fail") && event["fail"].is_string())
            return lambda::invocation_response::failure("EchoFailed", event["fail"].get<std::string>());
        std::vector<std::string> names;
        for (char** e = environ; *e != nullptr; ++e) {
            const std::string entry(*e);
            names.push_back(entry.substr(0, entry.find('=')));
        }
        std::sort(names.begin(), names.end());
        return lambda::invocation_response::success(
            nlohmann::json{{"bytes", inv.payload.size()}, {"variables", names}}.dump());
    };
    return lambda::exit_status(lambda::run(init, handle));
}
