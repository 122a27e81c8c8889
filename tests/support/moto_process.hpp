// moto's server (tests/support/moto_server.py, run with the venv's Python as ALARMBRIDGE_PYTHON)
// for a test binary: started on 127.0.0.1, its setup read (the IAM user's keys, the KMS key's
// ARN, the ciphertext, the secrets' ARNs); stopped and its folder removed when the object goes.
//
//   alarmbridge::test::moto_process moto;   // one per binary: a ::testing::Environment holds it
//   moto.text("key_arn"); moto.server.base_url();
#pragma once

#include "server_process.hpp"
#include "temp_dir.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <vector>

namespace alarmbridge::test {

class moto_process {
public:
    moto_process()
        : server(ALARMBRIDGE_MOTO_SERVER, std::vector<std::string>{"--dir", dir_.path().string()}),
          setup(nlohmann::json::parse(std::ifstream(dir_.path() / "moto-setup.json"))) {}

    /// A text of the setup ("region", "access_key_id", "ciphertext", "url", ...).
    std::string text(const char* key) const { return setup.at(key).get<std::string>(); }

private:
    temp_dir dir_;  // first: made before the server, removed after it stops

public:
    server_process server;
    nlohmann::json setup;
};

}  // namespace alarmbridge::test
