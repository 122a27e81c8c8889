// What a command prints on standard output: written as it is made (a record, a line at a time),
// never held whole, and made inert for a terminal on the way out.
#pragma once

#include "options.hpp"

#include <alarmbridge/detail/json_writer.hpp>

#include <string>
#include <string_view>

namespace alarmbridge::tools {

/// text as a terminal may show it: C0 and C1 control characters and DEL, which a terminal would
/// act on (escape sequences, a bell, a carriage return over what was printed), written as
/// \u00NN, and a byte that is not UTF-8 as \xNN, appended to out. Newlines and tabs stay. This is
/// safe on JSON too: controls can only stand inside its strings, where \u00NN is how JSON writes
/// them.
void append_printable(std::string& out, std::string_view text);

/// How a command's report is laid out.
enum class report_form {
    pretty,   ///< one JSON array, two spaces per level
    compact,  ///< one compact JSON element per line (JSON Lines)
    text,     ///< lines of text (validate)
};

/// Standard output of one command: a report of JSON elements, or lines of text. A failed write (a
/// full disk, a closed pipe) is said once on standard error and makes finish() false: a lost
/// report is a failure, never exit 0.
class output {
public:
    /// flush_each: write every element as soon as it is complete (send: progress as it goes);
    /// otherwise in pieces of about 64 KiB.
    explicit output(report_form form, bool flush_each = false)
        : compact_(form != report_form::pretty), text_(form == report_form::text), flush_each_(flush_each) {}
    output(const output&) = delete;
    output& operator=(const output&) = delete;

    /// One element of the report, written by write(detail::json_writer&) as one JSON value.
    template <class Write>
    void element(Write&& write) {
        if (!compact_) pending_ += count_++ == 0 ? "[\n  " : ",\n  ";
        {
            detail::json_writer w(pending_, compact_ ? detail::json_layout::compact : detail::json_layout::pretty,
                                  compact_ ? 0 : 1);
            write(w);
        }
        if (compact_) pending_ += '\n';
        element_done();
    }

    /// Lines of plain text (validate's report).
    void text(std::string_view lines) {
        pending_ += lines;
        element_done();
    }

    /// Ends the report (pretty: closes the array, "[]" when it had no element) and writes what
    /// is left. False when any of it could not be written.
    bool finish();

    bool compact() const { return compact_; }

private:
    void element_done();
    void flush();

    bool compact_;
    bool text_;
    bool flush_each_;
    bool failed_ = false;
    std::size_t count_ = 0;
    std::string pending_;  // complete elements not yet written
    std::string safe_;     // pending_ made printable
};

/// --compact: the report as JSON Lines (compact set) instead of one indented array.
option compact_option(bool& compact);

}  // namespace alarmbridge::tools
