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
        // Unpacked as deploy/local_lambda.py does it (file modes kept), with no unzip program needed.
        const std::string unpack = std::string(ALARMBRIDGE_PYTHON) + " -c 'import sys; sys.path.insert(0, sys.argv[1]); "
                                   "import local_lambda; local_lambda.unpack(sys.argv[2], sys.argv[3])' '" +
                                   ALARMBRIDGE_DEPLOY_DIR + "' '" + zip + "' '" + root.string() + "'";
        if (std::system(unpack.c_str()) != 0) throw std::runtime_error("cannot unpack " + zip);
        port_ = unused_port();
        const int api_port = unused_port();
        // Started through a shell that stops the emulator (SIGTERM: it kills its runtime) when its
        // standard input closes: when this object goes, or when the test process dies.
        std::vector<std::string> args{"/bin/sh", "-c",
                                      "\"$@\" </dev/null & c=$!; read -r _; kill -TERM $c 2>/dev/null; wait $c", "sh"};
        args.insert(args.end(), wrapper.begin(), wrapper.end());
        args.insert(args.end(), {ALARMBRIDGE_RIE,
                                 "--runtime-interface-emulator-address", "127.0.0.1:" + std::to_string(port_),
                                 "--runtime-api-address", "127.0.0.1:" + std::to_string(api_port),
                                 (root / "bootstrap").string()});
        std::vector<std::string> env;
        for (const auto& [k, v] : environment) env.push_back(k + "=" + v);
        log_path_ = (dir_.path() / "rie.log").string();
        int in[2];
        if (pipe(in) != 0) throw std::runtime_error("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        posix_spawn_file_actions_adddup2(&actions, in[0], 0);
        posix_spawn_file_actions_addclose(&actions, in[1]);
        posix_spawnattr_t attr;
        posix_spawnattr_init(&attr);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
        posix_spawnattr_setpgroup(&attr, 0);  // its own group, for the last-resort SIGKILL
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        std::vector<char*> envp;
        for (auto& e : env) envp.push_back(e.data());
        envp.push_back(nullptr);
        const int rc = posix_spawn(&pid_, argv[0], &actions, &attr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
        close(in[0]);
        stdin_ = in[1];
        if (rc != 0) {
            stop();
            throw std::runtime_error("cannot start the emulator " + std::string(ALARMBRIDGE_RIE));
        }
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

    /// Closes the shell's standard input (it stops the emulator, which kills its runtime), waits
    /// up to 10 s, then SIGKILL to the group; bounded.
    void stop() {
        if (stdin_ >= 0) close(stdin_);
        stdin_ = -1;
        if (pid_ <= 0) return;
        bool gone = false;
        for (int i = 0; i < 100 && !gone; ++i) {
            int status = 0;
            const pid_t r = waitpid(pid_, &status, WNOHANG);
            gone = r == pid_ || r < 0;
            if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        kill(-pid_, SIGKILL);  // whatever is left of the group
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
    int stdin_{-1};
    int port_{0};
};

}  // namespace alarmbridge::test
