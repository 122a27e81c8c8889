// slack::render_text (render.hpp): the message for a terminal, wrapped to a width in columns.
//
// Layout: each text becomes paragraphs of cells (one code point each, with its columns and
// styles); a paragraph is wrapped greedily at spaces (a word wider than the line is cut), a code
// line is cut anywhere; lines are padded and prefixed (the attachment bar, a quote's mark) by
// their column count, so nothing is measured twice.
#include <alarmbridge/slack/render.hpp>

#include "slack/render_model.hpp"
#include "slack/render_mrkdwn.hpp"
#include "slack/render_width.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace alarmbridge::slack {

namespace {

using namespace render_detail;

// Styles past the mrkdwn ones (render_mrkdwn.hpp) that only the layout gives.
enum layout_style : unsigned {
    grey = 1u << 8,     ///< context, footers, quote marks, dividers
    url = 1u << 9,      ///< a link's target after its label
    heading = 1u << 10,  ///< a header block: bold
    primary = 1u << 11, ///< a primary button
    danger = 1u << 12,  ///< a danger button
};

struct out_line {
    std::string bytes;
    std::size_t columns{0};
};
using lines = std::vector<out_line>;

struct cell {
    std::uint32_t offset;
    std::uint8_t length;
    std::uint8_t columns;
    std::uint16_t styles;
};

/// One paragraph's text and its cells: controls and bidi overrides shown as U+FFFD, a tab as a space.
struct paragraph {
    std::string bytes;
    std::vector<cell> cells;

    void add(std::string_view text, unsigned styles) {
        for (std::size_t i = 0; i < text.size();) {
            auto cp = decode_utf8(text, i);
            i += cp.length;
            if (cp.value == '\t') cp.value = ' ';
            else if (is_unsafe(cp.value)) cp.value = replacement_character;
            const auto offset = static_cast<std::uint32_t>(bytes.size());
            append_utf8(bytes, cp.value);
            cells.push_back({offset, static_cast<std::uint8_t>(bytes.size() - offset),
                             static_cast<std::uint8_t>(code_point_width(cp.value)), static_cast<std::uint16_t>(styles)});
        }
    }
    void add(const span& s, unsigned more) {
        add(s.text, s.styles | more);
        if ((s.styles & style::link) && s.url != s.text) add(" (" + s.url + ")", (more & grey) | url);
    }
    bool space(std::size_t i) const { return bytes[cells[i].offset] == ' '; }
};

class renderer {
public:
    renderer(bool ansi) : ansi_(ansi) {}

    lines message_lines(const message& m, std::size_t width) const {
        lines out;
        if (m.blocks.empty() && m.text) {
            append(out, m.mrkdwn.value_or(true) ? text_block(parse_mrkdwn(*m.text), width, 0)
                                                : text_block(parse_plain(*m.text), width, 0));
        }
        for (const auto& b : m.blocks) append(out, block_lines(b, width));
        for (const auto& a : m.attachments) append(out, attachment_lines(a, width));
        return out;
    }

private:
    bool ansi_;

    static void append(lines& to, lines from) {
        to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
    }

    /// The SGR sequence that starts styles ("" for none).
    static std::string sgr(unsigned styles) {
        std::string codes;
        auto add = [&](const char* c) {
            if (!codes.empty()) codes += ';';
            codes += c;
        };
        if (styles & (style::bold | heading)) add("1");
        if (styles & style::italic) add("3");
        if (styles & style::link) add("4");
        if (styles & style::strike) add("9");
        if (styles & style::code) add("31");
        if (styles & (style::link | style::mention)) add("34");
        if (styles & (grey | url)) add("90");
        if (styles & primary) add("32");
        if (styles & danger) add("31");
        return codes.empty() ? codes : "\x1b[" + codes + "m";
    }

    out_line make_line(const paragraph& p, std::size_t b, std::size_t e) const {
        out_line l;
        unsigned current = 0;
        for (std::size_t i = b; i < e; ++i) {
            const cell& c = p.cells[i];
            if (ansi_ && c.styles != current) {
                if (current) l.bytes += "\x1b[0m";
                l.bytes += sgr(c.styles);
                current = c.styles;
            }
            l.bytes.append(p.bytes, c.offset, c.length);
            l.columns += c.columns;
        }
        if (ansi_ && current) l.bytes += "\x1b[0m";
        return l;
    }

    /// Greedy wrapping at spaces; a word wider than the line is cut. Spaces at a break are
    /// dropped; leading spaces of the paragraph stay (indentation) when they fit.
    lines wrap(const paragraph& p, std::size_t width) const {
        lines out;
        const std::size_t n = p.cells.size();
        std::size_t b = 0, e = 0, w = 0;
        bool open = false;
        auto close = [&] {
            out.push_back(make_line(p, b, e));
            open = false;
            w = 0;
        };
        for (std::size_t i = 0; i < n;) {
            const std::size_t s = i;
            std::size_t sw = 0, ww = 0;
            while (i < n && p.space(i)) sw += p.cells[i++].columns;
            std::size_t k = i;
            while (k < n && !p.space(k)) ww += p.cells[k++].columns;
            if (k == i) break;  // trailing spaces
            if (open && w + sw + ww <= width) {
                e = k;
                w += sw + ww;
                i = k;
                continue;
            }
            if (open) close();
            const bool indent = s == 0 && sw + ww <= width;
            b = e = indent ? s : i;
            w = indent ? sw : 0;
            e = i;
            open = true;
            for (std::size_t c = i; c < k; ++c) {
                if (w + p.cells[c].columns > width && e > b) {
                    close();
                    b = e = c;
                    open = true;
                }
                e = c + 1;
                w += p.cells[c].columns;
            }
            i = k;
        }
        if (open) close();
        if (out.empty()) out.emplace_back();
        return out;
    }

    /// A code line (cells from to to): cut anywhere, spaces kept.
    lines cut(const paragraph& p, std::size_t width, std::size_t from = 0, std::size_t to = SIZE_MAX) const {
        lines out;
        to = std::min(to, p.cells.size());
        std::size_t b = from, w = 0;
        for (std::size_t c = from; c < to; ++c) {
            if (w + p.cells[c].columns > width && c > b) {
                out.push_back(make_line(p, b, c));
                b = c;
                w = 0;
            }
            w += p.cells[c].columns;
        }
        out.push_back(make_line(p, b, to));
        return out;
    }

    /// prefix (of `columns` columns, styled) before every line.
    lines prefixed(lines in, std::string_view prefix, unsigned styles) const {
        paragraph p;
        p.add(prefix, styles);
        const out_line mark = make_line(p, 0, p.cells.size());
        for (auto& l : in) {
            l.bytes.insert(0, mark.bytes);
            l.columns += mark.columns;
        }
        return in;
    }

    lines text_block(const std::vector<line>& text, std::size_t width, unsigned more) const {
        lines out;
        for (const auto& l : text) {
            paragraph p;
            for (const auto& s : l.spans) p.add(s, more);
            switch (l.type) {
                case line::kind::text: append(out, wrap(p, width)); break;
                case line::kind::quote: append(out, prefixed(wrap(p, width - 2), "> ", grey)); break;
                case line::kind::code: append(out, prefixed(cut(p, width - 2), "  ", 0)); break;
            }
        }
        return out;
    }

    lines text_lines_of(const text& t, std::size_t width, unsigned more = 0) const {
        return text_block(render_detail::text_lines(t), width, more);
    }

    /// Cells side by side: two columns when the width allows, a blank line between rows.
    lines columns(const std::vector<std::vector<line>>& cells, std::size_t width, unsigned more) const {
        lines out;
        if (width < 40) {
            for (std::size_t i = 0; i < cells.size(); ++i) {
                if (i) out.emplace_back();
                append(out, text_block(cells[i], width, more));
            }
            return out;
        }
        const std::size_t col = (width - 2) / 2;
        for (std::size_t i = 0; i < cells.size(); i += 2) {
            if (i) out.emplace_back();
            lines left = text_block(cells[i], col, more);
            lines right = i + 1 < cells.size() ? text_block(cells[i + 1], col, more) : lines{};
            for (std::size_t r = 0; r < std::max(left.size(), right.size()); ++r) {
                out_line l = r < left.size() ? std::move(left[r]) : out_line{};
                if (r < right.size() && !right[r].bytes.empty()) {
                    l.bytes.append(col + 2 - l.columns, ' ');
                    l.bytes += right[r].bytes;
                    l.columns = col + 2 + right[r].columns;
                }
                out.push_back(std::move(l));
            }
        }
        return out;
    }

    /// Controls in a row ("[ View alarm ]  [ View metric ]"), then each button's link, grey.
    lines controls(const std::vector<control>& cs, std::size_t width) const {
        lines out;
        paragraph row;
        std::vector<std::pair<std::size_t, std::size_t>> tokens;  // cell ranges of each control
        for (const auto& c : cs) {
            if (!row.cells.empty()) row.add("  ", 0);
            const std::size_t from = row.cells.size();
            const unsigned styles = c.type == control::kind::button
                                        ? (c.style == "primary" ? primary | style::bold
                                           : c.style == "danger" ? danger | style::bold
                                                                 : unsigned(style::bold))
                                        : 0u;
            row.add(c.type == control::kind::image ? "[image: " + c.label + "]"
                    : c.type == control::kind::unknown ? c.label
                                                       : "[ " + c.label + " ]",
                    styles);
            tokens.emplace_back(from, row.cells.size());
        }
        // A control stays whole on its line unless it is wider than the line.
        bool open = false;
        std::size_t b = 0, e = 0, w = 0;
        for (const auto& [from, to] : tokens) {
            std::size_t tw = 0;
            for (std::size_t c = from; c < to; ++c) tw += row.cells[c].columns;
            if (open && w + 2 + tw <= width) {
                e = to;
                w += 2 + tw;
                continue;
            }
            if (open) out.push_back(make_line(row, b, e));
            open = tw <= width;
            if (!open) {
                append(out, cut(row, width, from, to));
                continue;
            }
            b = from;
            e = to;
            w = tw;
        }
        if (open) out.push_back(make_line(row, b, e));
        for (const auto& c : cs) {
            if (c.type != control::kind::button || c.url.empty()) continue;
            paragraph p;
            p.add(c.label + ": ", grey);
            p.add(c.url, url);
            append(out, wrap(p, width));
        }
        return out;
    }

    lines block_lines(const block& b, std::size_t width) const {
        struct visitor {
            const renderer& r;
            std::size_t width;
            lines operator()(const header& h) const { return r.text_lines_of(h.text, width, heading); }
            lines operator()(const section& s) const {
                lines out;
                if (s.text) append(out, r.text_lines_of(*s.text, width));
                if (!s.fields.empty()) {
                    if (!out.empty()) out.emplace_back();
                    std::vector<std::vector<line>> cells;
                    for (const auto& f : s.fields) cells.push_back(render_detail::text_lines(f));
                    append(out, r.columns(cells, width, 0));
                }
                if (s.accessory) append(out, r.controls({element_control(*s.accessory)}, width));
                return out;
            }
            lines operator()(const divider&) const {
                paragraph p;
                p.add(std::string(width, '-'), grey);
                return {r.make_line(p, 0, p.cells.size())};
            }
            lines operator()(const context& c) const {
                std::vector<line> text(1);
                for (const auto& e : c.elements) {
                    std::vector<line> part;
                    if (const auto* t = std::get_if<slack::text>(&e)) part = render_detail::text_lines(*t);
                    else part = {line{line::kind::text, {{"[image: " + std::get<image_element>(e).alt_text + "]", 0, {}}}}};
                    if (!text.back().spans.empty() && !part.empty()) text.back().spans.push_back({"  ", 0, {}});
                    for (std::size_t i = 0; i < part.size(); ++i) {
                        if (i) text.emplace_back();
                        auto& spans = text.back().spans;
                        spans.insert(spans.end(), part[i].spans.begin(), part[i].spans.end());
                    }
                }
                return r.text_block(text, width, grey);
            }
            lines operator()(const actions& a) const {
                std::vector<control> cs;
                for (const auto& e : a.elements) cs.push_back(element_control(e));
                return r.controls(cs, width);
            }
            lines operator()(const image_block& i) const {
                lines out;
                if (i.title) append(out, r.text_lines_of(*i.title, width, style::bold));
                append(out, r.controls({image_control(image_element{i.image_url, i.alt_text, {}})}, width));
                return out;
            }
            lines operator()(const markdown& m) const { return r.text_block(parse_plain(m.text), width, 0); }
            lines operator()(const rich_text& t) const { return r.text_block(rich_text_lines(t.elements), width, 0); }
            lines operator()(const unknown_block& u) const {
                return r.text_block(parse_plain(unknown_block_label(u.json), false), width, grey);
            }
        };
        return std::visit(visitor{*this, width}, b);
    }

    lines attachment_lines(const attachment& a, std::size_t width) const {
        lines out;
        if (a.pretext) append(out, text_block(parse_mrkdwn(*a.pretext), width, 0));
        const std::size_t inner = width - 2;
        lines in;
        if (a.title) {
            std::vector<line> title = parse_plain(*a.title, true);
            if (a.title_link)
                for (auto& l : title)
                    for (auto& s : l.spans) {
                        s.styles |= style::link;
                        s.url = *a.title_link;
                    }
            append(in, text_block(title, inner, style::bold));
        }
        if (a.text) append(in, text_block(parse_mrkdwn(*a.text), inner, 0));
        // Legacy fields: short ones two by two, long ones across.
        std::vector<std::vector<line>> pending;
        auto flush = [&] {
            if (!pending.empty()) append(in, columns(pending, inner, 0));
            pending.clear();
        };
        for (const auto& f : a.fields) {
            std::vector<line> cell = parse_plain(f.title, true);
            for (auto& l : cell)
                for (auto& s : l.spans) s.styles |= style::bold;
            for (auto& l : parse_mrkdwn(f.value)) cell.push_back(std::move(l));
            if (!f.is_short.value_or(false)) {
                flush();
                append(in, text_block(cell, inner, 0));
            } else {
                pending.push_back(std::move(cell));
            }
        }
        flush();
        for (const auto& b : a.blocks) append(in, block_lines(b, inner));
        if (a.footer) append(in, text_block(parse_mrkdwn(*a.footer), inner, grey));
        if (in.empty()) in.emplace_back();
        // The bar: the attachment's color as a background cell, or "|" without colors.
        std::string bar = "| ";
        if (ansi_) {
            const rgb c = attachment_color(a.color);
            bar = "\x1b[48;2;" + std::to_string(c.r) + ';' + std::to_string(c.g) + ';' + std::to_string(c.b) +
                  "m \x1b[0m ";
        }
        for (auto& l : in) {
            // An empty line gets the bar alone, without the space after it.
            const bool empty = l.bytes.empty();
            l.bytes.insert(0, empty ? bar.substr(0, bar.size() - 1) : bar);
            l.columns += empty ? 1 : 2;
        }
        append(out, std::move(in));
        return out;
    }
};

}  // namespace

std::string render_text(const message& m, std::size_t width, text_color color) {
    width = std::max(width, min_render_width);
    const auto ls = renderer(color == text_color::ansi).message_lines(m, width);
    std::string out;
    for (const auto& l : ls) {
        out += l.bytes;
        out += '\n';
    }
    return out;
}

}  // namespace alarmbridge::slack
