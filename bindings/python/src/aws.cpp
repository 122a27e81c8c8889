// The webhook URL from where deployments keep it (aws/webhook_url.hpp, issue 14): the
// environment, KMS (the blueprint's kmsEncryptedHookUrl), Secrets Manager, Parameter Store.
#include "bindings.hpp"

#include <alarmbridge/aws/webhook_url.hpp>

#include <pybind11/native_enum.h>
#include <pybind11/stl.h>

#include <map>
#include <mutex>
#include <optional>

namespace alarmbridge::python {

namespace {

using source_kind = slack::webhook_url_source::kind;

/// The URL resolved: printable as its source and redacted form; the URL itself only on request.
struct resolved {
    std::string url;
    std::string source;
    std::string channel;
    std::string redacted;
};

slack::webhook_url_options options_of(std::optional<std::map<std::string, std::string>> environ,
                                      std::optional<source_kind> kind, std::optional<std::string> name,
                                      std::map<std::string, std::string> kms_context, std::optional<std::string> region) {
    slack::webhook_url_options o;
    if (environ) o.environment = aws::environment_of({environ->begin(), environ->end()});
    if (kind) {
        if (!name) throw py::value_error("a source needs its name");
        o.source = slack::webhook_url_source{*kind, *name, std::move(kms_context)};
    } else if (name) {
        throw py::value_error("name without source");
    }
    if (region) o.aws.region = *region;
    return o;
}

resolved resolved_of(const slack::resolved_webhook_url& u) {
    return resolved{std::string(u.url.view()), u.source, u.channel, u.redacted()};
}

/// webhook_url_resolver, its calls serialized (it is not thread-safe; the GIL is released while
/// it resolves).
struct bound_resolver {
    slack::webhook_url_resolver resolver;
    std::mutex mutex;

    resolved get() {
        std::optional<aws::outcome<const slack::resolved_webhook_url*>> r;
        std::optional<resolved> out;
        {
            py::gil_scoped_release unlocked;
            std::lock_guard<std::mutex> lock(mutex);
            r.emplace(resolver.get());
            if (*r) out = resolved_of(***r);
        }
        if (!*r) raise_error(r->error());
        return std::move(*out);
    }
    bool resolve_again_after(std::string_view slack_error) {
        std::lock_guard<std::mutex> lock(mutex);
        return resolver.resolve_again_after(slack::slack_error_from(slack_error));
    }
};

resolved resolve(std::optional<std::map<std::string, std::string>> environ, std::optional<source_kind> kind,
                 std::optional<std::string> name, std::map<std::string, std::string> kms_context,
                 std::optional<std::string> region) {
    const auto options = options_of(std::move(environ), kind, std::move(name), std::move(kms_context), std::move(region));
    std::optional<aws::outcome<slack::resolved_webhook_url>> r;
    {
        py::gil_scoped_release unlocked;
        r.emplace(slack::resolve_webhook_url(options));
    }
    if (!*r) raise_error(r->error());
    return resolved_of(**r);
}

}  // namespace

void register_aws(py::module_& m) {
    py::native_enum<source_kind>(m, "WebhookUrlSource", "enum.Enum", "Where a webhook URL is kept.")
        .value("ENVIRONMENT", source_kind::environment, "a variable holding the URL")
        .value("KMS", source_kind::kms, "a variable holding the base64 KMS ciphertext")
        .value("SECRETS_MANAGER", source_kind::secrets_manager, "a Secrets Manager secret's ID or ARN")
        .value("SSM", source_kind::ssm, "a Parameter Store SecureString's name")
        .finalize();

    py::class_<resolved>(m, "ResolvedWebhookUrl", "A webhook URL and where it came from; repr() never shows the URL.")
        .def_readonly("url", &resolved::url, "The URL: a secret, never to be logged.")
        .def_readonly("source", &resolved::source, "'env:SLACK_WEBHOOK_URL', 'kms:<key ARN>', ...")
        .def_readonly("channel", &resolved::channel, "slackChannel, or '' for the webhook's own channel")
        .def_readonly("redacted", &resolved::redacted, "The URL as it may be printed.")
        .def("__repr__", [](const resolved& r) {
            return "<ResolvedWebhookUrl " + r.redacted + " from " + r.source + ">";
        });

    m.def("resolve_webhook_url", &resolve, py::kw_only(), py::arg("environ") = py::none(),
          py::arg("source") = py::none(), py::arg("name") = py::none(),
          py::arg("kms_context") = std::map<std::string, std::string>{}, py::arg("region") = py::none(),
          "Resolves the webhook URL now (environ: a mapping instead of the process environment). Raises "
          "AwsError (no_webhook_url, aws_service_error, ...); the URL is never in an error.");

    py::class_<bound_resolver>(m, "WebhookUrlResolver",
                               "resolve_webhook_url, cached: resolved on first use, and once more after Slack "
                               "answered no_service or invalid_token (a rotated secret).")
        .def(py::init([](std::optional<std::map<std::string, std::string>> environ, std::optional<source_kind> kind,
                         std::optional<std::string> name, std::map<std::string, std::string> kms_context,
                         std::optional<std::string> region) {
                 auto o = options_of(std::move(environ), kind, std::move(name), std::move(kms_context), std::move(region));
                 return std::unique_ptr<bound_resolver>(new bound_resolver{slack::webhook_url_resolver(std::move(o)), {}});
             }),
             py::kw_only(), py::arg("environ") = py::none(), py::arg("source") = py::none(), py::arg("name") = py::none(),
             py::arg("kms_context") = std::map<std::string, std::string>{}, py::arg("region") = py::none())
        .def("get", &bound_resolver::get, "The cached URL, resolving it the first time (a failure is not cached).")
        .def("resolve_again_after", &bound_resolver::resolve_again_after, py::arg("slack_error"),
             "After Slack refused the hook with no_service or invalid_token: the next get() resolves again "
             "(once); True when it will.");
}

}  // namespace alarmbridge::python
