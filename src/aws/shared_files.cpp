// The INI dialect of the AWS shared files: [section], key = value, '#' and ';' comments; nested
// (indented) settings belong to the key above them and are skipped.
#include "aws/shared_files.hpp"

#include "aws/digest.hpp"

#include <fstream>
#include <sstream>

namespace alarmbridge::aws::detail {
namespace {

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return std::string(s);
}

std::string home_file(const environment& env, const char* name) {
    const auto home = non_empty(env, "HOME");
    return home ? *home + "/.aws/" + name : std::string();
}

}  // namespace

std::string profile_name(const environment& env, const std::string& profile) {
    if (!profile.empty()) return profile;
    return non_empty(env, "AWS_PROFILE").value_or("default");
}

std::string credentials_file(const environment& env) {
    return non_empty(env, "AWS_SHARED_CREDENTIALS_FILE").value_or(home_file(env, "credentials"));
}

std::string config_file(const environment& env) {
    return non_empty(env, "AWS_CONFIG_FILE").value_or(home_file(env, "config"));
}

std::optional<std::map<std::string, std::string>> read_profile(const std::string& path, const std::string& profile,
                                                               bool config) {
    if (path.empty()) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    const std::string wanted = config && profile != "default" ? "profile " + profile : profile;
    std::optional<std::map<std::string, std::string>> out;
    bool inside = false;
    std::string line;
    for (int lines = 0; lines < 100000 && std::getline(in, line); ++lines) {
        const std::string t = trimmed(line);
        if (t.empty() || t[0] == '#' || t[0] == ';') continue;
        if (t[0] == '[') {
            const auto close = t.find(']');
            std::string name = trimmed(std::string_view(t).substr(1, close == std::string::npos ? t.size() - 1 : close - 1));
            // "[profile  name]" with any spacing
            if (config && name.rfind("profile", 0) == 0 && name.size() > 7 && (name[7] == ' ' || name[7] == '\t'))
                name = "profile " + trimmed(std::string_view(name).substr(8));
            inside = name == wanted;
            if (inside && !out) out.emplace();
            continue;
        }
        if (!inside || line[0] == ' ' || line[0] == '\t') continue;  // other sections; nested settings
        const auto eq = t.find('=');
        if (eq == std::string::npos) continue;
        std::string key = trimmed(std::string_view(t).substr(0, eq));
        for (auto& c : key) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
        auto& slot = (*out)[key];
        cleanse(slot);
        slot = trimmed(std::string_view(t).substr(eq + 1));
    }
    cleanse(line);
    return out;
}

}  // namespace alarmbridge::aws::detail
