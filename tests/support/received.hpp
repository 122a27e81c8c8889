// What a test peer of tests/support (slack_server.py) received on a path, through its
// GET /_requests?path=P: a JSON array of {"method", "headers", "body", ...}, oldest first.
#pragma once

#include "server_process.hpp"

#include <alarmbridge/http/transport.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <stdexcept>
#include <string>

namespace alarmbridge::test {

/// Throws when the server cannot be asked (a test then fails with the reason, not an empty list).
inline nlohmann::json received(const server_process& server, const std::string& path) {
    http::curl_options o;
    o.ca_file = server.ca_file();
    http::curl_transport t(o);
    const auto answer = t.send({"GET", server.base_url() + "/_requests?path=" + path, {}, "", std::chrono::seconds(10)});
    if (!answer || answer->status != 200) throw std::runtime_error("cannot read what the test server received on " + path);
    return nlohmann::json::parse(answer->body);
}

}  // namespace alarmbridge::test
