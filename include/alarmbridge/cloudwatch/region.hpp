// alarmbridge/cloudwatch/region.hpp - region codes, display names, partitions.
//
// An alarm delivered through SNS names its region by display name ("Asia Pacific (Seoul)",
// "EU (Ireland)", and in older payloads "US West - Oregon"); EventBridge and the Lambda alarm
// action name it by code. This table covers every commercial, GovCloud and China region.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace alarmbridge::cloudwatch {

struct region_info {
    std::string_view code;       ///< "ap-northeast-2"
    std::string_view partition;  ///< "aws", "aws-cn" or "aws-us-gov"
    std::string_view name;       ///< the current display name, "Asia Pacific (Seoul)"
    std::string_view aliases;    ///< other display names seen in payloads, ';'-separated
};

// clang-format off
inline constexpr std::array<region_info, 38> regions{{
    {"us-east-1",      "aws", "US East (N. Virginia)",      "US East - N. Virginia;US - N. Virginia;US (Virginia);US Standard"},
    {"us-east-2",      "aws", "US East (Ohio)",             "US East - Ohio"},
    {"us-west-1",      "aws", "US West (N. California)",    "US West - N. California"},
    {"us-west-2",      "aws", "US West (Oregon)",           "US West - Oregon"},
    {"af-south-1",     "aws", "Africa (Cape Town)",         ""},
    {"ap-east-1",      "aws", "Asia Pacific (Hong Kong)",   ""},
    {"ap-east-2",      "aws", "Asia Pacific (Taipei)",      ""},
    {"ap-south-1",     "aws", "Asia Pacific (Mumbai)",      "Asia Pacific - Mumbai"},
    {"ap-south-2",     "aws", "Asia Pacific (Hyderabad)",   ""},
    {"ap-southeast-1", "aws", "Asia Pacific (Singapore)",   "Asia Pacific - Singapore"},
    {"ap-southeast-2", "aws", "Asia Pacific (Sydney)",      "Asia Pacific - Sydney"},
    {"ap-southeast-3", "aws", "Asia Pacific (Jakarta)",     ""},
    {"ap-southeast-4", "aws", "Asia Pacific (Melbourne)",   ""},
    {"ap-southeast-5", "aws", "Asia Pacific (Malaysia)",    ""},
    {"ap-southeast-6", "aws", "Asia Pacific (New Zealand)", ""},
    {"ap-southeast-7", "aws", "Asia Pacific (Thailand)",    ""},
    {"ap-northeast-1", "aws", "Asia Pacific (Tokyo)",       "Asia Pacific - Tokyo"},
    {"ap-northeast-2", "aws", "Asia Pacific (Seoul)",       "Asia Pacific - Seoul"},
    {"ap-northeast-3", "aws", "Asia Pacific (Osaka)",       "Asia Pacific (Osaka-Local)"},
    {"ca-central-1",   "aws", "Canada (Central)",           "Canada - Central"},
    {"ca-west-1",      "aws", "Canada West (Calgary)",      ""},
    {"eu-central-1",   "aws", "Europe (Frankfurt)",         "EU - Frankfurt"},
    {"eu-central-2",   "aws", "Europe (Zurich)",            ""},
    {"eu-west-1",      "aws", "Europe (Ireland)",           "EU - Ireland"},
    {"eu-west-2",      "aws", "Europe (London)",            "EU - London"},
    {"eu-west-3",      "aws", "Europe (Paris)",             "EU - Paris"},
    {"eu-south-1",     "aws", "Europe (Milan)",             ""},
    {"eu-south-2",     "aws", "Europe (Spain)",             ""},
    {"eu-north-1",     "aws", "Europe (Stockholm)",         ""},
    {"il-central-1",   "aws", "Israel (Tel Aviv)",          ""},
    {"me-south-1",     "aws", "Middle East (Bahrain)",      ""},
    {"me-central-1",   "aws", "Middle East (UAE)",          ""},
    {"mx-central-1",   "aws", "Mexico (Central)",           ""},
    {"sa-east-1",      "aws", "South America (Sao Paulo)",  "South America (S\xC3\xA3o Paulo);South America - Sao Paulo"},
    {"us-gov-west-1",  "aws-us-gov", "AWS GovCloud (US-West)", "AWS GovCloud (US)"},
    {"us-gov-east-1",  "aws-us-gov", "AWS GovCloud (US-East)", ""},
    {"cn-north-1",     "aws-cn", "China (Beijing)",         ""},
    {"cn-northwest-1", "aws-cn", "China (Ningxia)",         ""},
}};
// clang-format on

namespace detail {

/// Folds a display name for comparison: ASCII letters and digits only, lower case, and a
/// leading "europe" read as "eu" (CloudWatch wrote "EU (Ireland)" before "Europe (Ireland)").
inline std::string fold_region_name(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (char ch : name) {
        if (ch >= 'A' && ch <= 'Z') out += static_cast<char>(ch - 'A' + 'a');
        else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out += ch;
    }
    if (out.compare(0, 6, "europe") == 0) out.replace(0, 6, "eu");
    return out;
}

}  // namespace detail

/// The region with this code, or nullptr.
inline const region_info* find_region(std::string_view code) noexcept {
    for (const auto& r : regions)
        if (r.code == code) return &r;
    return nullptr;
}

namespace detail {

/// Every display name and alias of the table, folded once.
inline const std::vector<std::pair<std::string, const region_info*>>& folded_region_names() {
    static const auto table = [] {
        std::vector<std::pair<std::string, const region_info*>> out;
        for (const auto& r : regions) {
            out.emplace_back(fold_region_name(r.name), &r);
            std::string_view rest = r.aliases;
            while (!rest.empty()) {
                const auto cut = rest.find(';');
                out.emplace_back(fold_region_name(rest.substr(0, cut)), &r);
                rest = cut == std::string_view::npos ? std::string_view{} : rest.substr(cut + 1);
            }
        }
        return out;
    }();
    return table;
}

}  // namespace detail

/// The region with this display name (current, older or alias spelling), or nullptr.
inline const region_info* find_region_by_name(std::string_view display_name) {
    const std::string wanted = detail::fold_region_name(display_name);
    if (wanted.empty()) return nullptr;
    for (const auto& [folded, region] : detail::folded_region_names())
        if (folded == wanted) return region;
    return nullptr;
}

/// True for text shaped like a region code ("eu-west-1", "us-gov-east-1"), known or not, so
/// that regions opened after this table was written still work when an ARN names them.
constexpr bool looks_like_region_code(std::string_view s) noexcept {
    // letters, then one or more "-letters" groups, then "-digits"
    std::size_t i = 0, groups = 0;
    auto letters = [&]() {
        const std::size_t start = i;
        while (i < s.size() && s[i] >= 'a' && s[i] <= 'z') ++i;
        return i > start;
    };
    if (!letters()) return false;
    while (i < s.size() && s[i] == '-') {
        ++i;
        if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            const std::size_t start = i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
            return i > start && i == s.size() && groups >= 1;
        }
        if (!letters()) return false;
        ++groups;
    }
    return false;
}

/// The partition a region code belongs to: "aws-cn" for cn-*, "aws-us-gov" for us-gov-*, else "aws".
constexpr std::string_view partition_of_region(std::string_view code) noexcept {
    if (code.substr(0, 3) == "cn-") return "aws-cn";
    if (code.substr(0, 7) == "us-gov-") return "aws-us-gov";
    return "aws";
}

}  // namespace alarmbridge::cloudwatch
