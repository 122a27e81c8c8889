// The whole job, as a Lambda function behind an SNS topic does it: read the event, format every
// record into a Slack message, deliver each to the incoming webhook, say what happened.
//
//   SLACK_WEBHOOK_URL=https://hooks.slack.com/services/... example_alarm_to_slack event.json
//
// SLACK_CA_FILE (optional) trusts that PEM file instead of the system's CAs. Exit status 0 when
// every record was delivered.
#include <alarmbridge/alarmbridge.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
    namespace ab = alarmbridge;
    if (argc != 2) {
        std::cerr << "usage: example_alarm_to_slack EVENT.json (with SLACK_WEBHOOK_URL set)\n";
        return 2;
    }
    const char* url = std::getenv("SLACK_WEBHOOK_URL");
    if (url == nullptr || *url == '\0') {
        std::cerr << "set SLACK_WEBHOOK_URL\n";
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

    const auto event = ab::parse_event(bytes);
    if (!event) {
        std::cerr << event.error().describe() << '\n';
        return 1;
    }
    ab::slack::client_options options;
    if (const char* ca = std::getenv("SLACK_CA_FILE")) options.http.ca_file = ca;
    ab::slack::webhook_client slack(url, options);  // one client: one kept-alive connection
    const auto deadline = ab::http::clock::now() + std::chrono::seconds(10);  // a Lambda's remaining time

    bool all = true;
    auto messages = ab::format::payloads(*event, {});  // the Slack JSON, one per record
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (!messages[i]) {
            std::cout << i << " not formatted: " << messages[i].error().describe() << '\n';
            all = false;
            continue;
        }
        const ab::slack::delivery d = slack.post_json(std::move(*messages[i]), deadline);
        if (d) {
            std::cout << i << " delivered in " << d.attempts << " attempt(s) to " << slack.redacted_url() << '\n';
        } else {
            std::cout << i << " not delivered: " << d.error->describe() << '\n';
            all = false;
        }
    }
    return all ? 0 : 1;
}
