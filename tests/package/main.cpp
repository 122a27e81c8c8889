// Parses an embedded SNS Lambda event through the library as installed, prints what it found, then
// the Slack payload the formatter makes of it, then tries to deliver it where nothing listens.
#include <alarmbridge/alarmbridge.hpp>

#include <iostream>

int main() {
    const char* event = R"({"Records":[{"EventSource":"aws:sns","EventVersion":"1.0",
      "EventSubscriptionArn":"arn:aws:sns:eu-west-1:123456789012:alarms:1",
      "Sns":{"Type":"Notification","MessageId":"m-1","TopicArn":"arn:aws:sns:eu-west-1:123456789012:alarms",
      "Subject":"ALARM","Timestamp":"2026-11-20T03:46:30.012Z",
      "Message":"{\"AlarmName\":\"queue-depth\",\"AWSAccountId\":\"123456789012\",\"NewStateValue\":\"ALARM\",\"NewStateReason\":\"Threshold Crossed\",\"StateChangeTime\":\"2026-11-20T03:46:29.897+0000\",\"Region\":\"EU (Ireland)\",\"OldStateValue\":\"OK\",\"Trigger\":{\"MetricName\":\"ApproximateNumberOfMessagesVisible\",\"Namespace\":\"AWS/SQS\",\"Statistic\":\"MAXIMUM\",\"Dimensions\":[{\"name\":\"QueueName\",\"value\":\"orders\"}],\"Period\":60,\"EvaluationPeriods\":1,\"ComparisonOperator\":\"GreaterThanThreshold\",\"Threshold\":1000.0}}"}}]})";
    const auto parsed = alarmbridge::parse_event(event);
    if (!parsed || parsed->records.size() != 1 || !parsed->records[0]) {
        std::cerr << "parse failed\n";
        return 1;
    }
    const auto& alarm = std::get<alarmbridge::cloudwatch::alarm>(parsed->records[0]->body);
    const auto url = alarmbridge::cloudwatch::console_url(alarm);
    std::cout << alarmbridge::version_string << ' ' << alarm.name << ' ' << *alarm.region << ' '
              << url.value_or("-") << '\n';
    std::cout << alarmbridge::slack::serialize(alarmbridge::format::alarm_message(alarm)) << '\n';
    // Delivery links (libcurl, OpenSSL) and runs: nothing listens on port 1 of loopback.
    alarmbridge::slack::client_options options;
    options.retry.max_attempts = 1;
    alarmbridge::slack::webhook_client client("http://127.0.0.1:1/services/T0/B0/secret", options);
    const auto d = client.post(alarmbridge::format::alarm_message(alarm), std::chrono::seconds(5));
    std::cout << "delivery to " << client.redacted_url() << ": "
              << (d.error ? std::string(alarmbridge::to_string(d.error->code)) : "delivered") << '\n';
    if (d.delivered || !d.error || d.error->code != alarmbridge::errc::http_transport) return 1;
    return alarm.name == "queue-depth" && alarm.region == "eu-west-1" ? 0 : 1;
}
