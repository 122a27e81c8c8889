// The narrow SSM document (deploy/ssm/alarmbridge-RestartService.json): one ServiceName parameter
// with an anchored allowedPattern and interpolationType ENV_VAR, no {{ }} anywhere, and a script
// that only ever reads "$SSM_ServiceName" quoted. The script is run with /bin/sh and a stand-in
// systemctl on the injection table: the value arrives as one argument, and nothing in it runs.
#include "temp_dir.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

extern char** environ;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

const std::string document_text = read_file(ALARMBRIDGE_SSM_DOCUMENT);
const nlohmann::json document = nlohmann::json::parse(document_text);

std::vector<std::string> run_command_lines() {
    return document["mainSteps"][0]["inputs"]["runCommand"].get<std::vector<std::string>>();
}

const std::vector<std::string> injection_table{
    "httpd; rm -rf /", "$(touch CANARY)", "`touch CANARY`", "httpd\ntouch CANARY", "httpd'", "httpd\"", "-httpd",
    "--help", std::string(65, 'h'), "\xD2\xBBttpd", "\xEF\xBD\x88ttpd", "httpd|touch CANARY", "../../bin/sh", "",
    "httpd && touch CANARY", "${IFS}touch${IFS}CANARY", "httpd > CANARY"};

/// Names the allowedPattern admits but the script refuses (exit 2, systemctl never called): units
/// that are not services (`systemctl restart reboot.target` reboots) and path steps.
const std::vector<std::string> other_units{"reboot.target", "poweroff.target", "rescue.target", "sshd.socket", "tmp.mount",
                                          "proc-sys-fs-binfmt_misc.automount", "dev-sda2.swap", "logrotate.timer",
                                          "cups.path", "user.slice", "session-1.scope", "dev-sda.device", ".", ".."};

/// The unit the script hands systemctl: the name, with .service appended when it has none.
std::string unit_of(const std::string& name) {
    const std::string suffix = ".service";
    const bool has = name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    return has ? name : name + suffix;
}

/// Runs the document's script with /bin/sh, SSM_ServiceName set to value (unset when null), and a
/// systemctl of ours first on PATH that records its arguments; the exit status.
int run_script(const alarmbridge::test::temp_dir& dir, const std::string* value) {
    std::string script;
    for (const auto& line : run_command_lines()) script += line + "\n";
    const auto script_path = dir.write("script.sh", script);
    const auto bin = dir.path() / "bin";
    std::filesystem::create_directories(bin);
    const auto fake = bin / "systemctl";
    std::ofstream(fake) << "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\" >> \"$LOG\"; done\nprintf '\\n' >> \"$LOG\"\n";
    chmod(fake.c_str(), 0755);
    std::vector<std::string> env{"PATH=" + bin.string() + ":/usr/bin:/bin", "LOG=" + (dir.path() / "log").string()};
    if (value != nullptr) env.push_back("SSM_ServiceName=" + *value);
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string sh = "/bin/sh";
    std::string path = script_path.string();
    char* argv[] = {sh.data(), path.data(), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addchdir_np(&actions, dir.path().c_str());
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return -1;
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// The stand-in systemctl's calls: one line each, arguments separated by NUL.
std::vector<std::vector<std::string>> calls(const alarmbridge::test::temp_dir& dir) {
    std::vector<std::vector<std::string>> out;
    std::vector<std::string> current;
    std::string arg;
    for (char c : read_file((dir.path() / "log").string())) {
        if (c == '\0') {
            current.push_back(arg);
            arg.clear();
        } else if (c == '\n' && arg.empty()) {
            out.push_back(current);
            current.clear();
        } else {
            arg += c;
        }
    }
    return out;
}

}  // namespace

TEST(remediate_document, one_service_name_parameter_passed_as_an_environment_variable) {
    EXPECT_EQ(document["schemaVersion"], "2.2");
    ASSERT_EQ(document["parameters"].size(), 1u);
    const auto& p = document["parameters"]["ServiceName"];
    EXPECT_EQ(p["type"], "String");
    EXPECT_EQ(p["interpolationType"], "ENV_VAR");
    const std::string pattern = p["allowedPattern"];
    EXPECT_EQ(pattern.front(), '^');
    EXPECT_EQ(pattern.back(), '$');
    EXPECT_EQ(document["mainSteps"].size(), 1u);
    EXPECT_EQ(document["mainSteps"][0]["action"], "aws:runShellScript");
    // Nothing is interpolated into the script's text.
    EXPECT_EQ(document_text.find("{{"), std::string::npos);
}

TEST(remediate_document, the_script_reads_the_name_only_quoted) {
    const std::regex quoted(R"re("\$(SSM_ServiceName|\{SSM_ServiceName:-\})")re");
    for (const auto& line : run_command_lines()) {
        const std::string without_quoted = std::regex_replace(line, quoted, "");
        EXPECT_EQ(without_quoted.find("SSM_ServiceName"), std::string::npos) << line;
        EXPECT_EQ(line.find("eval"), std::string::npos) << line;
    }
}

TEST(remediate_document, the_allowed_pattern_takes_service_names_and_refuses_the_injection_table) {
    const std::regex allowed(document["parameters"]["ServiceName"]["allowedPattern"].get<std::string>());
    for (const std::string ok : {"httpd", "nginx", "sshd@1", "a", "getty@tty1.service", "systemd-journald"})
        EXPECT_TRUE(std::regex_match(ok, allowed)) << ok;
    EXPECT_TRUE(std::regex_match(std::string(64, 'h'), allowed));
    for (const auto& bad : injection_table) EXPECT_FALSE(std::regex_match(bad, allowed)) << bad;
}

TEST(remediate_document, run_by_a_shell_a_hostile_value_is_one_argument_and_never_runs) {
    for (const auto& value : injection_table) {
        if (value.empty() || value.front() == '-') continue;  // the next test
        alarmbridge::test::temp_dir dir;
        EXPECT_EQ(run_script(dir, &value), 0) << value;
        const auto made = calls(dir);
        ASSERT_EQ(made.size(), 2u) << value;
        EXPECT_EQ(made[0], (std::vector<std::string>{"restart", "--", value + ".service"}));
        EXPECT_EQ(made[1], (std::vector<std::string>{"is-active", "--quiet", "--", value + ".service"}));
        EXPECT_FALSE(std::filesystem::exists(dir.path() / "CANARY")) << value;
    }
}

TEST(remediate_document, no_name_an_option_like_name_or_an_old_agent_stops_before_systemctl) {
    const std::string dash = "-httpd";
    const std::string empty;
    for (const std::string* value : {&dash, &empty, static_cast<const std::string*>(nullptr)}) {
        alarmbridge::test::temp_dir dir;
        EXPECT_EQ(run_script(dir, value), 2);
        EXPECT_TRUE(calls(dir).empty());
    }
}

// Review of issue 18, finding 3: systemctl gets a service, never another unit type.
TEST(remediate_document, a_name_becomes_a_service_unit_and_other_unit_types_never_reach_systemctl) {
    for (const std::string name : {"httpd", "httpd.service", "getty@tty1", "getty@tty1.service", "nginx.conf", "a"}) {
        alarmbridge::test::temp_dir dir;
        EXPECT_EQ(run_script(dir, &name), 0) << name;
        const auto made = calls(dir);
        ASSERT_EQ(made.size(), 2u) << name;
        EXPECT_EQ(made[0], (std::vector<std::string>{"restart", "--", unit_of(name)})) << name;
        EXPECT_EQ(made[1], (std::vector<std::string>{"is-active", "--quiet", "--", unit_of(name)})) << name;
    }
    EXPECT_EQ(unit_of("httpd"), "httpd.service");
    EXPECT_EQ(unit_of("httpd.service"), "httpd.service");
    for (const auto& name : other_units) {
        alarmbridge::test::temp_dir dir;
        EXPECT_EQ(run_script(dir, &name), 2) << name;
        EXPECT_TRUE(calls(dir).empty()) << name;
        EXPECT_FALSE(std::filesystem::exists(dir.path() / "log")) << name;
    }
}
