// The Runtime API loop (include/alarmbridge/lambda/runtime.hpp).
#include <alarmbridge/lambda/runtime.hpp>

#include "lambda/runtime_api.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <thread>

namespace alarmbridge::lambda {
namespace {

using detail::api_answer;

/// One log line: {"runtime": event, "requestId": ..., ...}; never a payload.
class runtime_log {
public:
    explicit runtime_log(std::function<void(std::string_view)> sink) : sink_(std::move(sink)) {}
    void line(std::string_view event, const std::string& request_id, const nlohmann::json& fields = nlohmann::json::object()) const {
        nlohmann::json j{{"runtime", std::string(event)}};
        if (!request_id.empty()) j["requestId"] = request_id;
        for (auto it = fields.begin(); it != fields.end(); ++it) j[it.key()] = it.value();
        const std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        if (sink_) {
            sink_(text);
        } else {
            std::fprintf(stderr, "%s\n", text.c_str());
        }
    }
    void answer(std::string_view event, const std::string& request_id, const api_answer& a) const {
        nlohmann::json f{{"status", a.status}};
        if (!a.detail.empty()) f["detail"] = a.detail;
        line(event, request_id, f);
    }

private:
    std::function<void(std::string_view)> sink_;
};

/// The handler's answer; an exception becomes Function.HandlerException naming what was thrown.
invocation_response call(const handler& h, const invocation& inv) {
    try {
        return h(inv);
    } catch (const std::exception& e) {
        return invocation_response::failure("HandlerException", std::string("the handler threw an exception: ") + e.what());
    } catch (...) {
        return invocation_response::failure("HandlerException", "the handler threw something that is not a std::exception");
    }
}

/// Sets _X_AMZN_TRACE_ID for the invocation (X-Ray SDKs read it), unsets it when there is none.
void set_trace_id(const std::string& trace_id) {
    if (trace_id.empty()) {
        unsetenv("_X_AMZN_TRACE_ID");
    } else {
        setenv("_X_AMZN_TRACE_ID", trace_id.c_str(), 1);
    }
}

/// Posts the handler's answer; 413 and an oversized response become the invocation's error.
/// Returns false when the API ended the process (500).
bool deliver(detail::runtime_api& api, const runtime_log& log, const runtime_options& o, const invocation& inv,
             const invocation_response& out) {
    api_answer a;
    if (out.ok && out.payload.size() <= o.max_response_bytes) {
        a = api.respond(inv.request_id, out.payload);
        log.answer("response", inv.request_id, a);
        if (a.what != api_answer::kind::too_large) return a.what != api_answer::kind::api_error;
    }
    if (out.ok) {
        const std::string message = "the response (" + std::to_string(out.payload.size()) +
                                    " bytes) is larger than the Runtime API accepts" +
                                    (a.what == api_answer::kind::too_large ? " (413)" : "");
        a = api.fail(inv.request_id, "ResponseTooLarge", message);
        log.answer("error:ResponseTooLarge", inv.request_id, a);
    } else {
        a = api.fail(inv.request_id, out.error_type, out.error_message);
        log.answer("error:" + detail::function_error_type(out.error_type).substr(9), inv.request_id, a);
    }
    return a.what != api_answer::kind::api_error;
}

}  // namespace

std::string_view to_string(run_end end) noexcept {
    switch (end) {
        case run_end::invocations_done: return "invocations_done";
        case run_end::api_ended: return "api_ended";
        case run_end::init_failed: return "init_failed";
        case run_end::next_failed: return "next_failed";
        case run_end::no_api: return "no_api";
    }
    return "unknown";
}

int exit_status(run_end end) noexcept { return end == run_end::invocations_done ? 0 : 1; }

run_end run(const handler& h, runtime_options options) { return run(init_function(), h, std::move(options)); }

run_end run(const init_function& init, const handler& h, runtime_options o) {
    const runtime_log log(o.log);
    try {
        if (o.api.empty()) {
            const char* v = std::getenv("AWS_LAMBDA_RUNTIME_API");
            if (v != nullptr) o.api = v;
        }
        if (o.api.empty()) {
            log.line("no_api", "", {{"detail", "AWS_LAMBDA_RUNTIME_API is not set"}});
            return run_end::no_api;
        }
        if (!o.transport) o.transport = detail::api_transport();
        if (!o.sleep) o.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
        if (!o.wall_clock) o.wall_clock = [] { return std::chrono::system_clock::now(); };
        detail::runtime_api api(o.api, o.transport);

        if (init) {
            std::optional<init_error> failed;
            try {
                failed = init();
            } catch (const std::exception& e) {
                failed = init_error{"InitException", std::string("the init function threw an exception: ") + e.what()};
            } catch (...) {
                failed = init_error{"InitException", "the init function threw something that is not a std::exception"};
            }
            if (failed) {
                const auto a = api.init_failed(failed->type, failed->message);
                log.answer("init_error:" + detail::function_error_type(failed->type).substr(9), "", a);
                return run_end::init_failed;
            }
        }

        std::size_t handled = 0;
        std::size_t failures = 0;
        std::chrono::milliseconds wait = o.first_retry;
        while (o.max_invocations == 0 || handled < o.max_invocations) {
            auto next = api.next(o.wall_clock);
            if (next.answer.what == api_answer::kind::api_error) {
                log.answer("next:api_error", "", next.answer);
                return run_end::api_ended;
            }
            if (!next.got) {
                log.answer("next:failed", "", next.answer);
                ++failures;
                if (o.max_next_failures != 0 && failures >= o.max_next_failures) return run_end::next_failed;
                o.sleep(wait);
                wait = std::min(wait * 2, o.longest_retry);
                continue;
            }
            failures = 0;
            wait = o.first_retry;
            const invocation& inv = *next.got;
            if (!next.answer.detail.empty()) log.answer("next", inv.request_id, next.answer);
            set_trace_id(inv.trace_id);
            const auto out = call(h, inv);
            ++handled;
            if (!deliver(api, log, o, inv, out)) return run_end::api_ended;
        }
        return run_end::invocations_done;
    } catch (const std::exception& e) {
        // Only allocation failure can get here; the API is not reachable in a known state.
        log.line("runtime_failed", "", {{"detail", e.what()}});
        return run_end::api_ended;
    }
}

}  // namespace alarmbridge::lambda
