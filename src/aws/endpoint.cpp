#include <alarmbridge/aws/endpoint.hpp>

#include <alarmbridge/cloudwatch/region.hpp>

namespace alarmbridge::aws {
namespace {

bool is_true(const environment& env, std::string_view name) {
    auto v = non_empty(env, name);
    if (!v) return false;
    for (auto& c : *v) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    return *v == "true";
}

}  // namespace

outcome<std::string> resolve_endpoint(const service& svc, std::string_view region, const environment& env) {
    if (!is_true(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) {
        auto configured = non_empty(env, "AWS_ENDPOINT_URL_" + std::string(svc.env_name));
        if (!configured) configured = non_empty(env, "AWS_ENDPOINT_URL");
        if (configured) {
            std::string url = *configured;
            while (!url.empty() && url.back() == '/') url.pop_back();
            if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
                return aws::error{errc::invalid_url, "", "the configured endpoint URL is not an http(s) URL", 0, ""};
            return url;
        }
    }
    if (!cloudwatch::looks_like_region_code(region))
        return aws::error{errc::aws_no_region, "", "the region is not a region code", 0, ""};
    const std::string_view partition = cloudwatch::partition_of_region(region);
    const bool fips = is_true(env, "AWS_USE_FIPS_ENDPOINT");
    if (fips && partition == "aws-cn")
        return aws::error{errc::aws_no_region, "", "there are no FIPS endpoints in the China regions", 0, ""};
    std::string url = "https://" + std::string(svc.endpoint_prefix) + (fips ? "-fips." : ".") + std::string(region);
    url += partition == "aws-cn" ? ".amazonaws.com.cn" : ".amazonaws.com";
    return url;
}

}  // namespace alarmbridge::aws
