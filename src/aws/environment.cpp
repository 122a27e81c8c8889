#include <alarmbridge/aws/environment.hpp>

#include <cstdlib>
#include <memory>

namespace alarmbridge::aws {

environment process_environment() {
    return [](std::string_view name) -> std::optional<std::string> {
        const char* v = std::getenv(std::string(name).c_str());
        if (v == nullptr) return std::nullopt;
        return std::string(v);
    };
}

environment environment_of(std::map<std::string, std::string, std::less<>> variables) {
    auto vars = std::make_shared<const std::map<std::string, std::string, std::less<>>>(std::move(variables));
    return [vars](std::string_view name) -> std::optional<std::string> {
        auto it = vars->find(name);
        if (it == vars->end()) return std::nullopt;
        return it->second;
    };
}

}  // namespace alarmbridge::aws
