// The console link of an alarm. Percent-encoding is libcurl's (curl_easy_escape), so no
// hand-rolled URL code; it encodes everything but RFC 3986's unreserved characters.
#include <alarmbridge/cloudwatch/alarm.hpp>

#include <curl/curl.h>

#include <limits>
#include <memory>

namespace alarmbridge::cloudwatch {

namespace {
std::optional<std::string> percent_encode(std::string_view text) {
    if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) return std::nullopt;
    // The handle argument is ignored by libcurl >= 7.82; nullptr avoids creating one.
    std::unique_ptr<char, decltype(&curl_free)> encoded(
        curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size())), &curl_free);
    if (!encoded) return std::nullopt;
    return std::string(encoded.get());
}
}  // namespace

std::optional<std::string> console_url(const alarm& a) {
    if (!a.region || a.name.empty()) return std::nullopt;
    const std::string& region = *a.region;
    std::string host;
    if (a.partition == "aws-us-gov") host = "console.amazonaws-us-gov.com";
    else if (a.partition == "aws-cn") host = "console.amazonaws.cn";
    else host = region + ".console.aws.amazon.com";
    const auto name = percent_encode(a.name);
    const auto region_q = percent_encode(region);
    if (!name || !region_q) return std::nullopt;
    return "https://" + host + "/cloudwatch/home?region=" + *region_q + "#alarmsV2:alarm/" + *name;
}

}  // namespace alarmbridge::cloudwatch
