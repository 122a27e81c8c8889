// The console link of an alarm. Percent-encoding is libcurl's (curl_easy_escape), so no
// hand-rolled URL code; it encodes everything but RFC 3986's unreserved characters, so text made
// only of those (every region code, most alarm names) is its own encoding and is appended as it is.
#include <alarmbridge/cloudwatch/alarm.hpp>
#include <alarmbridge/cloudwatch/region.hpp>

#include <curl/curl.h>

#include <limits>
#include <memory>

namespace alarmbridge::cloudwatch {

namespace {
bool is_unreserved(std::string_view text) noexcept {
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '.' || c == '_' || c == '~';
        if (!ok) return false;
    }
    return true;
}

bool append_encoded(std::string& out, std::string_view text) {
    if (is_unreserved(text)) {
        out += text;
        return true;
    }
    if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) return false;
    // The handle argument is ignored by libcurl >= 7.82; nullptr avoids creating one.
    std::unique_ptr<char, decltype(&curl_free)> encoded(
        curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size())), &curl_free);
    if (!encoded) return false;
    out += encoded.get();
    return true;
}

template <class Alarm>
bool append_url(std::string& out, const Alarm& a) {
    if (!a.region || a.name.empty()) return false;
    const std::string_view region = *a.region;
    // The region becomes part of the host: only a region code may (a caller-built alarm with
    // region "evil.example/#" must not send the button elsewhere).
    if (!looks_like_region_code(region)) return false;
    const auto mark = out.size();
    out += "https://";
    if (a.partition == "aws-us-gov") out += "console.amazonaws-us-gov.com";
    else if (a.partition == "aws-cn") out += "console.amazonaws.cn";
    else out += region, out += ".console.aws.amazon.com";
    out += "/cloudwatch/home?region=";
    bool ok = append_encoded(out, region);
    out += "#alarmsV2:alarm/";
    ok = ok && append_encoded(out, a.name);
    if (!ok) out.resize(mark);
    return ok;
}

}  // namespace

bool append_console_url(std::string& out, const alarm& a) { return append_url(out, a); }
bool append_console_url(std::string& out, const alarm_view& a) { return append_url(out, a); }

std::optional<std::string> console_url(const alarm& a) {
    std::string url;
    if (!append_console_url(url, a)) return std::nullopt;
    return url;
}

}  // namespace alarmbridge::cloudwatch
