// Starts a test peer (tests/support/slack_server.py, nginx_server.py) as a child process on
// 127.0.0.1 and stops it.
// The child serves until its standard input closes, so it cannot outlive the test: it then stops
// what it started and removes the folder it made (also when the test process dies, since the pipe
// closes with it).
#pragma once

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <spawn.h>
#include <stdexcept>
#include <string>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace alarmbridge::test {

class server_process {
public:
    /// Runs `python3 slack_server.py args...` and waits for its ready line.
    explicit server_process(const std::vector<std::string>& args) : server_process(ALARMBRIDGE_SLACK_SERVER, args) {}

    /// Runs `python3 script args...` (a script of tests/support that prints the same ready line).
    server_process(const std::string& script, const std::vector<std::string>& args) {
        int in[2];
        int out[2];
        if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, in[0], 0);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_addclose(&actions, in[1]);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        std::vector<std::string> argv_strings{ALARMBRIDGE_PYTHON, script};
        argv_strings.insert(argv_strings.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : argv_strings) argv.push_back(a.data());
        argv.push_back(nullptr);
        const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        close(in[0]);
        close(out[1]);
        stdin_ = in[1];
        if (rc != 0) {
            close(out[0]);
            throw std::runtime_error("cannot start " + argv_strings[0]);
        }
        // The ready line: {"port": N, "ca": ...}. A bounded read: the child prints it or exits.
        std::string line;
        char c = 0;
        while (line.size() < 4096 && read(out[0], &c, 1) == 1 && c != '\n') line += c;
        close(out[0]);
        const auto ready = nlohmann::json::parse(line, nullptr, false);
        if (ready.is_discarded() || !ready.contains("port")) {
            stop();
            throw std::runtime_error("the test server did not start: " + line);
        }
        port_ = ready["port"].get<int>();
        if (ready["ca"].is_string()) ca_file_ = ready["ca"].get<std::string>();
    }

    ~server_process() { stop(); }
    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    int port() const { return port_; }
    const std::string& ca_file() const { return ca_file_; }
    /// "http://127.0.0.1:PORT" or "https://127.0.0.1:PORT".
    std::string base_url() const {
        return std::string(ca_file_.empty() ? "http" : "https") + "://127.0.0.1:" + std::to_string(port_);
    }

private:
    /// Closes the child's standard input (its signal to stop its own children and remove what it
    /// made) and waits for it to exit; only a child that has not exited 10 s later gets SIGTERM,
    /// and one that ignores that for 5 s more gets SIGKILL. Bounded whatever the child does.
    void stop() {
        if (stdin_ >= 0) close(stdin_);
        stdin_ = -1;
        if (pid_ <= 0) return;
        const auto exited_within = [&](int tenths) {
            for (int i = 0; i < tenths; ++i) {
                int status = 0;
                const pid_t r = waitpid(pid_, &status, WNOHANG);
                if (r == pid_ || r < 0) return true;
                usleep(100 * 1000);
            }
            return false;
        };
        if (!exited_within(100)) {
            kill(pid_, SIGTERM);
            if (!exited_within(50)) {
                kill(pid_, SIGKILL);
                int status = 0;
                waitpid(pid_, &status, 0);
            }
        }
        pid_ = -1;
    }

    pid_t pid_{-1};
    int stdin_{-1};
    int port_{0};
    std::string ca_file_;
};

/// A port on 127.0.0.1 where nothing listens (bound, then released).
inline int unused_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw std::runtime_error("cannot find a free port");
    close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace alarmbridge::test
