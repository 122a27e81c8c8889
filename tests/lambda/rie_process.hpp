// The AWS Lambda Runtime Interface Emulator running an unpacked function zip, for a test: started
// on 127.0.0.1 only (--runtime-interface-emulator-address, and its internal Runtime API on another
// free port), with exactly the environment given (as `env -i`), its output kept in a file; the
// whole process group stopped and the unpacked folder removed when the object goes.
//
//   rie_process rie(ALARMBRIDGE_ECHO_ZIP, {{"SLACK_WEBHOOK_URL", url}});
//   auto r = rie.invoke(R"({"Records": []})");   // the function's response or error JSON
#pragma once

#include "server_process.hpp"
#include "temp_dir.hpp"

#include <alarmbridge/http/transport.hpp>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <netinet/in.h>
#include <sstream>
#include <spawn.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace alarmbridge::test {

class rie_process {
public:
    /// `wrapper`: a command line the emulator is started through (e.g. unshare), or empty.
    rie_process(const std::string& zip, const std::map<std::string, std::string>& environment,
                const std::vector<std::string>& wrapper = {}) {
        const auto root = dir_.path() / "task";
        if (std::system(("unzip -q -o '" + zip + "' -d '" + root.string() + "'").c_str()) != 0)
            throw std::runtime_error("cannot unzip " + zip);
        port_ = unused_port();
        const int api_port = unused_port();
        std::vector<std::string> args = wrapper;
        args.insert(args.end(), {ALARMBRIDGE_RIE,
                                      "--runtime-interface-emulator-address", "127.0.0.1:" + std::to_string(port_),
                                      "--runtime-api-address", "127.0.0.1:" + std::to_string(api_port),
                                 (root / "bootstrap").string()});
        std::vector<std::string> env;
        for (const auto& [k, v] : environment) env.push_back(k + "=" + v);
        log_path_ = (dir_.path() / "rie.log").string();
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawnattr_t attr;
        posix_spawnattr_init(&attr);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
        posix_spawnattr_setpgroup(&attr, 0);  // its own group: the runtime it starts goes with it
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        std::vector<char*> envp;
        for (auto& e : env) envp.push_back(e.data());
        envp.push_back(nullptr);
        const int rc = posix_spawnp(&pid_, argv[0], &actions, &attr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
        if (rc != 0) throw std::runtime_error("cannot start the emulator " + args[0]);
        // Ready when its port accepts a connection: at most 10 s.
        for (int i = 0; i < 100 && !accepting(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (!accepting()) {
            stop();
            throw std::runtime_error("the emulator did not start: " + log());
        }
    }
    ~rie_process() { stop(); }
    rie_process(const rie_process&) = delete;
    rie_process& operator=(const rie_process&) = delete;

    /// POSTs the event to the emulator's invoke endpoint; the emulator's answer.
    http::response invoke(const std::string& event) {
        http::request req{"POST", "http://127.0.0.1:" + std::to_string(port_) + "/2015-03-31/functions/function/invocations",
                          {{"Content-Type", "application/json"}}, event, std::chrono::milliseconds(60000)};
        auto r = transport_.send(req);
        if (!r) throw std::runtime_error("the emulator did not answer: " + r.error().describe());
        return std::move(*r);
    }

    /// Everything the emulator and the function wrote so far.
    std::string log() const {
        std::ifstream f(log_path_);
        std::stringstream s;
        s << f.rdbuf();
        return s.str();
    }

    int port() const { return port_; }

private:
    bool accepting() const {
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<uint16_t>(port_));
        const bool ok = fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        if (fd >= 0) close(fd);
        return ok;
    }

    /// SIGTERM to the group, SIGKILL 5 s later if it is still there; bounded.
    void stop() {
        if (pid_ <= 0) return;
        kill(-pid_, SIGTERM);
        bool gone = false;
        for (int i = 0; i < 50 && !gone; ++i) {
            int status = 0;
            const pid_t r = waitpid(pid_, &status, WNOHANG);
            gone = r == pid_ || r < 0;
            if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        kill(-pid_, SIGKILL);  // the runtime too, whatever the emulator did with it
        if (!gone) {
            int status = 0;
            waitpid(pid_, &status, 0);
        }
        pid_ = -1;
    }

    temp_dir dir_;  // first: removed after the processes stop
    http::curl_transport transport_;
    std::string log_path_;
    pid_t pid_{-1};
    int port_{0};
};

}  // namespace alarmbridge::test
