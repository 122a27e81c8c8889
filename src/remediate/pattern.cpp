// An allowlist pattern: POSIX ERE (glibc's regcomp), restricted so a match is about linear.
#include <alarmbridge/remediate/pattern.hpp>

#include <regex.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace alarmbridge::remediate {

struct pattern::compiled {
    regex_t re{};
    bool made = false;  // regcomp succeeded: regfree is owed
    compiled() = default;
    compiled(const compiled&) = delete;
    compiled& operator=(const compiled&) = delete;
    ~compiled() {
        if (made) regfree(&re);
    }
};

namespace {

constexpr std::size_t max_pattern_bytes = 256;
constexpr std::uint64_t max_expansion = 256;  // copies regcomp makes of bounded repetitions, nested multiplied

/// Why source is outside the dialect before regcomp sees it (regcomp reports the rest), or nothing:
/// a backreference, or bounded repetitions that expand beyond max_expansion. Walks the pattern
/// keeping the size of each open group and of the last atom; {m,n} multiplies the last atom by n
/// (by m+1 when open), saturating just above the limit.
std::optional<std::string> dialect_problem(const std::string& p) {
    const auto cap = [](std::uint64_t v) { return std::min(v, max_expansion + 1); };
    std::vector<std::uint64_t> group{0};
    std::uint64_t last = 0;
    const auto atom = [&](std::uint64_t size) {
        last = size;
        group.back() = cap(group.back() + size);
    };
    for (std::size_t i = 0; i < p.size(); ++i) {
        const char c = p[i];
        if (c == '\\') {
            if (i + 1 < p.size() && p[i + 1] >= '1' && p[i + 1] <= '9')
                return std::string("a backreference (\\") + p[i + 1] + ") is not allowed: it makes a match slow";
            ++i;
            atom(1);
        } else if (c == '[') {
            std::size_t j = i + 1;
            if (j < p.size() && p[j] == '^') ++j;
            if (j < p.size() && p[j] == ']') ++j;
            while (j < p.size() && p[j] != ']') {
                if (p[j] == '[' && j + 1 < p.size() && (p[j + 1] == ':' || p[j + 1] == '.' || p[j + 1] == '=')) {
                    const auto close = p.find(std::string{p[j + 1], ']'}, j + 2);
                    if (close == std::string::npos) return std::nullopt;  // regcomp says what
                    j = close + 2;
                } else {
                    ++j;
                }
            }
            i = j;
            atom(1);
        } else if (c == '(') {
            group.push_back(0);
        } else if (c == ')') {
            if (group.size() < 2) return std::nullopt;  // regcomp says what
            const std::uint64_t size = group.back() + 1;
            group.pop_back();
            atom(cap(size));
        } else if (c == '{') {
            const auto close = p.find('}', i);
            if (close == std::string::npos) return std::nullopt;
            std::uint64_t low = 0;
            std::uint64_t high = 0;
            bool comma = false;
            bool has_high = false;
            for (std::size_t j = i + 1; j < close; ++j) {
                if (p[j] == ',') {
                    comma = true;
                } else if (p[j] >= '0' && p[j] <= '9') {
                    std::uint64_t& n = comma ? high : low;
                    n = cap(n * 10 + static_cast<std::uint64_t>(p[j] - '0'));
                    has_high = has_high || comma;
                }
            }
            const std::uint64_t copies = std::max<std::uint64_t>(1, comma ? (has_high ? high : low + 1) : low);
            group.back() = cap(group.back() + cap(last * (copies - 1)));
            last = cap(last * copies);
            if (group.back() > max_expansion || last > max_expansion)
                return "bounded repetitions ({m,n}) expand to more than " + std::to_string(max_expansion) +
                       " copies (nested ones multiply): a match would be slow";
            i = close;
        } else if (c == '*' || c == '+' || c == '?' || c == '^' || c == '$') {
            // a loop or an anchor: nothing copied
        } else {
            atom(1);
        }
    }
    if (group.front() > max_expansion)
        return "bounded repetitions ({m,n}) expand to more than " + std::to_string(max_expansion) + " copies: a match would be slow";
    return std::nullopt;
}

}  // namespace

result<pattern> pattern::compile(std::string source) {
    const auto refuse = [](std::string message) { return error{errc::bad_value, std::move(message), ""}; };
    if (source.size() > max_pattern_bytes) return refuse("a pattern is at most " + std::to_string(max_pattern_bytes) + " bytes");
    if (source.size() < 2 || source.front() != '^' || source.back() != '$' ||
        (source.size() >= 3 && source[source.size() - 2] == '\\'))
        return refuse("the pattern must be anchored: start with ^ and end with $");
    if (source.find('\0') != std::string::npos) return refuse("the pattern holds a NUL byte");
    if (auto problem = dialect_problem(source)) return refuse(*problem);
    auto built = std::make_shared<compiled>();
    if (const int rc = regcomp(&built->re, source.c_str(), REG_EXTENDED | REG_NOSUB); rc != 0) {
        char why[256] = {};
        regerror(rc, &built->re, why, sizeof why);
        return refuse(std::string("not a regular expression (POSIX extended): ") + why);
    }
    built->made = true;
    pattern out;
    out.source_ = std::move(source);
    out.compiled_ = std::move(built);
    return out;
}

bool pattern::matches(std::string_view value) const {
    if (!compiled_ || value.find('\0') != std::string_view::npos) return false;
    const std::string text(value);
    return regexec(&compiled_->re, text.c_str(), 0, nullptr, 0) == 0;
}

}  // namespace alarmbridge::remediate
