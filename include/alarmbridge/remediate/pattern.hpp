// alarmbridge/remediate/pattern.hpp - an allowlist pattern of a remediation policy, compiled once.
//
//   auto p = remediate::pattern::compile("^web-[0-9]+$");
//   if (!p) log(p.error().message);   // "nested bounded repetitions expand to more than 256 ..."
//   p->matches("web-12");              // true
//
// The dialect is POSIX extended regular expressions (glibc's regcomp with REG_EXTENDED), anchored
// with ^ and $, at most 256 bytes, without backreferences (\1 ... \9), and with bounded
// repetitions ({m,n}) expanding to at most 256 copies in all, nested ones multiplied: so that a
// match takes time about linear in the value (docs/remediation.md, "Patterns").
#pragma once

#include <alarmbridge/export.hpp>
#include <alarmbridge/result.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace alarmbridge::remediate {

class ALARMBRIDGE_API pattern {
public:
    /// No pattern: empty() is true and nothing matches.
    pattern() = default;

    /// The pattern source in the dialect above, or why not (errc::bad_value, where empty).
    static result<pattern> compile(std::string source);

    const std::string& source() const noexcept { return source_; }
    bool empty() const noexcept { return compiled_ == nullptr; }

    /// Whether value matches whole (false for an empty pattern, or a value holding a NUL byte).
    bool matches(std::string_view value) const;

    struct compiled;

private:
    std::string source_;
    std::shared_ptr<const compiled> compiled_;
};

}  // namespace alarmbridge::remediate
