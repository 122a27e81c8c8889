// SNS signature verification (sns/verify.hpp, issue 16).
#include "bindings.hpp"

#include <alarmbridge/sns/verify.hpp>

#include <pybind11/stl.h>

#include <memory>
#include <optional>

namespace alarmbridge::python {

namespace {

py::dict verify_message(py::handle body, std::optional<std::string> cert_dir, std::optional<double> at,
                        bool as_of_message_timestamp, std::optional<double> max_age) {
    const std::string bytes = json_text(body);
    sns::verify_options o;
    if (at) {
        o.when = sns::as_of::fixed;
        o.fixed_time = std::chrono::system_clock::time_point(
            std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::duration<double>(*at)));
    } else if (as_of_message_timestamp) {
        o.when = sns::as_of::message_timestamp;
    }
    o.max_age = max_age ? std::optional<std::chrono::seconds>(static_cast<std::int64_t>(*max_age)) : std::nullopt;
    std::optional<result<sns::verification>> r;
    {
        py::gil_scoped_release unlocked;
        const auto m = sns::parse_message(bytes);
        if (!m) {
            r.emplace(m.error());
        } else if (cert_dir) {
            sns::verifier v(std::make_shared<sns::directory_certificate_source>(*cert_dir));
            r.emplace(v.verify(*m, o));
        } else {
            r.emplace(sns::verify(*m, o));
        }
    }
    if (!*r) raise_error(r->error());
    py::dict out;
    out["signature_version"] = (*r)->signature_version;
    out["signing_cert_url"] = (*r)->signing_cert_url;
    out["message_time_ms"] = (*r)->message_time_ms;
    return out;
}

}  // namespace

void register_sns(py::module_& m) {
    m.def("verify", &verify_message, py::arg("body"), py::kw_only(), py::arg("cert_dir") = py::none(),
          py::arg("at") = py::none(), py::arg("as_of_message_timestamp") = false, py::arg("max_age") = 3600.0,
          "Checks an SNS message's signature (certificates fetched over HTTPS and cached, or read from "
          "cert_dir); raises SignatureError (or ParseError) when it does not verify.");
}

}  // namespace alarmbridge::python
