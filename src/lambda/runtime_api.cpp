#include "lambda/runtime_api.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdlib>
#include <limits>

namespace alarmbridge::lambda::detail {
namespace {

constexpr const char* prefix = "/2018-06-01/runtime";
// The API answers /next when there is an invocation, however long that takes.
constexpr std::chrono::milliseconds no_timeout{std::numeric_limits<long>::max()};
// Lambda's limit for a synchronous invocation's event is 6 MB; the answer has some room above it.
constexpr std::size_t max_event_bytes = 7 * 1024 * 1024;

api_answer answer_of(const result<http::response>& r) {
    api_answer a;
    if (!r) {
        a.what = api_answer::kind::no_answer;
        a.detail = r.error().describe();
        return a;
    }
    a.status = r->status;
    if (!r->complete) {
        a.what = api_answer::kind::no_answer;
        a.detail = "the answer was cut off";
    } else if (r->status >= 200 && r->status < 300) {
        a.what = api_answer::kind::accepted;
    } else if (r->status == 500) {
        a.what = api_answer::kind::api_error;
    } else if (r->status == 413) {
        a.what = api_answer::kind::too_large;
    } else {
        a.what = api_answer::kind::refused;
    }
    return a;
}

std::string header_or_empty(const http::response& r, std::string_view name) {
    const std::string* v = r.find_header(name);
    return v ? *v : std::string();
}

}  // namespace

std::string function_error_type(std::string_view type) {
    std::string clean;
    for (char c : type) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
        if (ok && clean.size() < 100) clean += c;
    }
    if (clean.rfind("Function.", 0) == 0) clean.erase(0, 9);
    return "Function." + (clean.empty() ? std::string("Unknown") : clean);
}

std::string error_body(std::string_view full_type, std::string_view message) {
    constexpr std::size_t most = 4096;
    std::string text(message.substr(0, most));
    // Never cut a UTF-8 sequence in two: drop continuation bytes left at the end, then a lead byte.
    if (text.size() < message.size()) {
        while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();
        if (!text.empty() && (static_cast<unsigned char>(text.back()) & 0x80) != 0) text.pop_back();
    }
    nlohmann::json body{{"errorMessage", text}, {"errorType", std::string(full_type)}, {"stackTrace", nlohmann::json::array()}};
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool usable_request_id(std::string_view id) {
    if (id.empty() || id.size() > 128) return false;
    for (char c : id) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) return false;
    }
    return true;
}

std::shared_ptr<http::transport> api_transport() {
    http::curl_options o;
    o.max_response_bytes = max_event_bytes;
    o.http2 = false;
    o.use_proxy_environment = false;  // the API is local: never through a proxy the function's environment names
    return std::make_shared<http::curl_transport>(std::move(o));
}

runtime_api::runtime_api(std::string host_port, std::shared_ptr<http::transport> transport)
    : base_("http://" + host_port + prefix), transport_(std::move(transport)) {}

next_result runtime_api::next(const std::function<std::chrono::system_clock::time_point()>& wall_clock) {
    http::request req{"GET", base_ + "/invocation/next", {}, {}, no_timeout};
    auto r = transport_->send(req);
    next_result out;
    out.answer = answer_of(r);
    if (out.answer.what != api_answer::kind::accepted) return out;
    invocation inv;
    inv.request_id = header_or_empty(*r, "Lambda-Runtime-Aws-Request-Id");
    if (!usable_request_id(inv.request_id)) {
        out.answer.what = api_answer::kind::refused;
        out.answer.detail = inv.request_id.empty() ? "the invocation has no Lambda-Runtime-Aws-Request-Id"
                                                   : "the invocation's Lambda-Runtime-Aws-Request-Id is not [A-Za-z0-9-]{1,128}";
        return out;
    }
    inv.function_arn = header_or_empty(*r, "Lambda-Runtime-Invoked-Function-Arn");
    inv.trace_id = header_or_empty(*r, "Lambda-Runtime-Trace-Id");
    const auto wall_now = wall_clock();
    const auto steady_now = http::clock::now();
    // Lambda's longest timeout, when the API gives no usable deadline.
    std::chrono::milliseconds left{15 * 60 * 1000};
    const std::string ms = header_or_empty(*r, "Lambda-Runtime-Deadline-Ms");
    long long epoch_ms = 0;
    const auto parsed = std::from_chars(ms.data(), ms.data() + ms.size(), epoch_ms);
    if (!ms.empty() && parsed.ec == std::errc() && parsed.ptr == ms.data() + ms.size() && epoch_ms > 0) {
        const auto wall_deadline = std::chrono::system_clock::time_point(std::chrono::milliseconds(epoch_ms));
        left = std::chrono::duration_cast<std::chrono::milliseconds>(wall_deadline - wall_now);
        if (left.count() < 0) left = std::chrono::milliseconds(0);
    } else {
        out.answer.detail = "no usable Lambda-Runtime-Deadline-Ms: 15 minutes assumed";
    }
    inv.deadline_wall = std::chrono::time_point_cast<std::chrono::system_clock::duration>(wall_now + left);
    inv.deadline = steady_now + left;
    inv.payload = std::move(r->body);
    out.got = std::move(inv);
    return out;
}

api_answer runtime_api::post(const std::string& path, const std::string& body, const std::string& error_type) {
    http::request req{"POST", base_ + path, {}, body, std::chrono::milliseconds(0)};
    if (!error_type.empty()) {
        req.headers.push_back({"Content-Type", "application/json"});
        req.headers.push_back({"Lambda-Runtime-Function-Error-Type", error_type});
    }
    return answer_of(transport_->send(req));
}

api_answer runtime_api::respond(const std::string& request_id, const std::string& payload) {
    return post("/invocation/" + request_id + "/response", payload, "");
}

api_answer runtime_api::fail(const std::string& request_id, const std::string& type, const std::string& message) {
    const std::string full = function_error_type(type);
    return post("/invocation/" + request_id + "/error", error_body(full, message), full);
}

api_answer runtime_api::init_failed(const std::string& type, const std::string& message) {
    const std::string full = function_error_type(type);
    return post("/init/error", error_body(full, message), full);
}

}  // namespace alarmbridge::lambda::detail
