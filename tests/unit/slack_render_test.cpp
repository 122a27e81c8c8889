// slack::render_text and slack::render_html (slack/render.hpp): golden renderings of every golden
// payload, the layout's properties (width, every word shown, nothing of the message acting on a
// terminal), mrkdwn as Slack shows it, and the HTML page's markup checked tag by tag.
#include <alarmbridge/slack/message.hpp>
#include <alarmbridge/slack/mrkdwn.hpp>
#include <alarmbridge/slack/render.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace ab = alarmbridge;
namespace slack = alarmbridge::slack;
using nlohmann::json;

namespace {

/// The payloads of one golden file (formatter errors left out).
std::vector<slack::message> golden_messages(const std::filesystem::path& path) {
    std::vector<slack::message> out;
    for (const auto& p : json::parse(ab::test::read_file(path))) {
        if (p.contains("error")) continue;
        auto m = slack::read_message(p);
        EXPECT_TRUE(m) << path << ": " << m.error().message;
        if (m) out.push_back(*m);
    }
    return out;
}

std::vector<std::filesystem::path> golden_files() {
    std::vector<std::filesystem::path> out;
    for (const auto& p : ab::test::data_files("golden"))
        if (p.string().size() > 14 && p.string().substr(p.string().size() - 14) == ".expected.json") out.push_back(p);
    return out;
}

const std::regex sgr_sequence("\x1b\\[[0-9;]*m");

std::string without_sgr(const std::string& s) { return std::regex_replace(s, sgr_sequence, ""); }

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

std::string plain(const slack::message& m, std::size_t width = 200) { return slack::render_text(m, width); }

slack::message section_message(const std::string& mrkdwn) {
    slack::message m;
    slack::section s;
    s.text = slack::text::mrkdwn(mrkdwn);
    m.blocks.push_back(s);
    return m;
}

/// Every text of a message a reader sees: headers, section texts and fields, context texts,
/// button labels, attachment titles, texts, fields and footers.
std::vector<std::string> shown_texts(const slack::message& m) {
    std::vector<std::string> out;
    auto blocks = [&](const std::vector<slack::block>& bs) {
        for (const auto& b : bs) {
            if (const auto* h = std::get_if<slack::header>(&b)) out.push_back(h->text.value);
            if (const auto* s = std::get_if<slack::section>(&b)) {
                if (s->text) out.push_back(s->text->value);
                for (const auto& f : s->fields) out.push_back(f.value);
            }
            if (const auto* c = std::get_if<slack::context>(&b))
                for (const auto& e : c->elements)
                    if (const auto* t = std::get_if<slack::text>(&e)) out.push_back(t->value);
            if (const auto* a = std::get_if<slack::actions>(&b))
                for (const auto& e : a->elements)
                    if (const auto* button = std::get_if<slack::button>(&e)) out.push_back(button->label.value);
        }
    };
    if (m.blocks.empty() && m.text) out.push_back(*m.text);
    blocks(m.blocks);
    for (const auto& a : m.attachments) {
        for (const auto* t : {&a.title, &a.text, &a.footer, &a.pretext})
            if (*t) out.push_back(**t);
        for (const auto& f : a.fields) {
            out.push_back(f.title);
            out.push_back(f.value);
        }
        blocks(a.blocks);
    }
    return out;
}

/// The words of a text that hold no markup at all (no mrkdwn marker, entity, token or shortcode).
std::vector<std::string> plain_words(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;)
        if (w.find_first_of("*_~`<>&:|") == std::string::npos) out.push_back(w);
    return out;
}

}  // namespace

// Every golden payload (tests/data/golden), at 80 and 40 columns, plain and with ANSI colors,
// against tests/data/render/<name>.txt. ALARMBRIDGE_UPDATE_GOLDEN=1 writes the files anew (then
// review the diff: `cat` shows the colored renderings as a terminal does).
TEST(RenderGolden, EveryGoldenPayloadTwoWidthsWithAndWithoutColor) {
    const bool update = std::getenv("ALARMBRIDGE_UPDATE_GOLDEN") != nullptr;
    std::size_t compared = 0;
    for (const auto& path : golden_files()) {
        const auto messages = golden_messages(path);
        std::string text;
        for (const std::size_t width : {80u, 40u}) {
            for (const auto color : {slack::text_color::plain, slack::text_color::ansi}) {
                text += "=== width " + std::to_string(width) + (color == slack::text_color::ansi ? ", ansi" : ", plain") +
                        " ===\n";
                for (std::size_t i = 0; i < messages.size(); ++i) {
                    if (i) text += '\n';
                    text += slack::render_text(messages[i], width, color);
                }
            }
        }
        std::string name = path.filename().string();
        name = name.substr(0, name.size() - 14) + ".txt";
        const auto golden = ab::test::data_path("render/" + name);
        SCOPED_TRACE(name);
        if (update) {
            std::ofstream(golden, std::ios::binary) << text;
            continue;
        }
        ASSERT_TRUE(std::filesystem::exists(golden)) << "missing; run with ALARMBRIDGE_UPDATE_GOLDEN=1";
        EXPECT_EQ(ab::test::read_file(golden), text);
        ++compared;
    }
    if (!update) {
        EXPECT_GE(compared, 132u);
    }
}

// No line is wider than the width, in display columns, at any width, with or without color.
TEST(RenderProperties, NoLineExceedsTheWidth) {
    for (const auto& path : golden_files()) {
        for (const auto& m : golden_messages(path)) {
            for (std::size_t width = 20; width <= 130; width += 11) {
                for (const auto color : {slack::text_color::plain, slack::text_color::ansi}) {
                    const auto out = slack::render_text(m, width, color);
                    ASSERT_FALSE(out.empty());
                    ASSERT_EQ(out.back(), '\n');
                    for (const auto& line : lines_of(out))
                        ASSERT_LE(slack::display_width(without_sgr(line)), width)
                            << path.filename() << " at " << width << ":\n" << line;
                }
            }
        }
    }
    // Narrower than the least is laid out at the least.
    const auto m = golden_messages(ab::test::data_path("golden/alarmbridge-sns-metric-seoul.ko.rich.expected.json"));
    EXPECT_EQ(slack::render_text(m.at(0), 3), slack::render_text(m.at(0), slack::min_render_width));
}

// Every word of every text of the message is in the rendering, whole: the words without markup,
// which wrapping never cuts (they are narrower than the narrowest column).
TEST(RenderProperties, EveryTextOfTheMessageAppears) {
    std::size_t checked = 0;
    for (const auto& path : golden_files()) {
        for (const auto& m : golden_messages(path)) {
            for (const std::size_t width : {40u, 80u, 120u}) {
                const auto out = plain(m, width);
                for (const auto& text : shown_texts(m)) {
                    for (const auto& word : plain_words(text)) {
                        if (slack::display_width(word) > width / 2 - 4) continue;
                        EXPECT_NE(out.find(word), std::string::npos) << path.filename() << " at " << width << ": " << word;
                        ++checked;
                    }
                }
            }
        }
    }
    EXPECT_GT(checked, 10000u);
}

// Korean lines up: in two columns, the right-hand field starts at the same column on every row,
// counted in display columns (each Hangul syllable is two).
TEST(RenderLayout, KoreanFieldsLineUpInTwoColumns) {
    slack::message m;
    slack::section s;
    s.fields = {slack::text::mrkdwn("*상태 변경 전/후*\n정상 → 경보"), slack::text::mrkdwn("*경보 이름*\nasg-web-cpu-high"),
                slack::text::mrkdwn("*계정*\n123456789012"), slack::text::mrkdwn("*리전*\n아시아 태평양 (서울)")};
    m.blocks.push_back(s);
    const std::size_t width = 60;
    const std::size_t right_column = (width - 2) / 2 + 2;
    const auto out = slack::render_text(m, width);
    std::size_t found = 0;
    for (const auto& line : lines_of(out)) {
        for (const char* right : {"경보 이름", "asg-web-cpu-high", "리전", "아시아 태평양 (서울)"}) {
            const auto at = line.find(right);
            if (at == std::string::npos) continue;
            EXPECT_EQ(slack::display_width(line.substr(0, at)), right_column) << out;
            ++found;
        }
    }
    EXPECT_EQ(found, 4u) << out;
}

// Wide characters: two columns for Hangul, CJK, fullwidth forms and emoji, none for combining
// marks, one for the rest.
TEST(RenderWidth, EastAsianWideCountsTwo) {
    EXPECT_EQ(slack::display_width("abc"), 3u);
    EXPECT_EQ(slack::display_width("경보"), 4u);
    EXPECT_EQ(slack::display_width("警報"), 4u);
    EXPECT_EQ(slack::display_width("ｱﾗｰﾑ"), 4u);  // halfwidth katakana: one each
    EXPECT_EQ(slack::display_width("ＡＢ"), 4u);  // fullwidth Latin
    EXPECT_EQ(slack::display_width("\U0001F534"), 2u);
    EXPECT_EQ(slack::display_width("e\u0301"), 1u);  // e + combining acute
    EXPECT_EQ(slack::display_width("\xff"), 1u);     // not UTF-8: one a byte
    // Korean wrapped at 21 columns: no line cut inside a syllable, none wider.
    const auto out = plain(section_message("가나다라마바사아자차카타파하 가나다라마바사아자차카타파하"), 21);
    for (const auto& line : lines_of(out)) EXPECT_LE(slack::display_width(line), 21u) << out;
}

// mrkdwn as Slack shows it, without colors.
TEST(RenderMrkdwn, ShownAsSlackShowsIt) {
    struct row {
        const char* mrkdwn;
        const char* shown;
    };
    const row table[] = {
        {"*bold* _italic_ ~strike~ `code`", "bold italic strike code"},
        {"*bold _and italic_*", "bold and italic"},
        {"snake_case_name and 2*3*4 and a*b", "snake_case_name and 2*3*4 and a*b"},
        {"* not bold *", "* not bold *"},
        {"`*not bold*`", "*not bold*"},
        {"<https://example.com/a?b=1&amp;c=2|the label>", "the label (https://example.com/a?b=1&c=2)"},
        {"<https://example.com>", "https://example.com"},
        {"<!date^1700000000^{date_short_pretty} {time}|2023-11-14 22:13 UTC>", "2023-11-14 22:13 UTC"},
        {"<!date^1700000000^{date}>", "2023-11-14 22:13 UTC"},
        {"<@U123ABC> <@U123ABC|ana> <#C123> <#C123|ops> <!here> <!channel> <!subteam^S12|@oncall>",
         "@U123ABC @ana #C123 #ops @here @channel @oncall"},
        {"a &amp; b &lt;c&gt; &amp;lt;", "a & b <c> &lt;"},
        {":red_circle: :large_green_circle: :white_circle: :not_an_emoji: 10:30:00",
         "\U0001F534 \U0001F7E2 \u26AA :not_an_emoji: 10:30:00"},
        {"&gt; quoted *text*", "> quoted text"},
        {"> quoted", "> quoted"},
        {"```\nfirst  line *x*\n&lt;b&gt;\n```", "  first  line *x*\n  <b>"},
        {"line one\nline two", "line one\nline two"},
    };
    for (const auto& r : table) {
        EXPECT_EQ(plain(section_message(r.mrkdwn)), std::string(r.shown) + "\n") << r.mrkdwn;
    }
}

// With colors: SGR sequences for the styles, the bar in the attachment's color, and plain text
// otherwise the same.
TEST(RenderMrkdwn, AnsiStyles) {
    const auto m = section_message("*bold* _it_ ~st~ `code` <https://e.example|label> <@U1>");
    const auto out = slack::render_text(m, 80, slack::text_color::ansi);
    EXPECT_NE(out.find("\x1b[1mbold\x1b[0m"), std::string::npos) << out;
    EXPECT_NE(out.find("\x1b[3mit\x1b[0m"), std::string::npos) << out;
    EXPECT_NE(out.find("\x1b[9mst\x1b[0m"), std::string::npos) << out;
    EXPECT_NE(out.find("\x1b[31mcode\x1b[0m"), std::string::npos) << out;
    EXPECT_NE(out.find("\x1b[4;34mlabel\x1b[0m"), std::string::npos) << out;
    EXPECT_EQ(without_sgr(out), plain(m, 80));

    for (const auto& [color, sgr] : {std::pair<const char*, const char*>{"danger", "\x1b[48;2;224;30;90m \x1b[0m "},
                                     {"good", "\x1b[48;2;46;182;125m \x1b[0m "},
                                     {"warning", "\x1b[48;2;236;178;46m \x1b[0m "},
                                     {"#0a0B0c", "\x1b[48;2;10;11;12m \x1b[0m "},
                                     {"red;x", "\x1b[48;2;221;221;221m \x1b[0m "}}) {
        slack::message a;
        a.attachments.emplace_back();
        a.attachments.back().color = color;
        a.attachments.back().text = "in the bar";
        EXPECT_EQ(slack::render_text(a, 40, slack::text_color::ansi), std::string(sgr) + "in the bar\n") << color;
        EXPECT_EQ(slack::render_text(a, 40), "| in the bar\n") << color;
    }
}

// Blocks: header, fields in two columns, context, buttons, divider, images by their alt text.
TEST(RenderLayout, BlocksAsSlackLaysThemOut) {
    slack::message m;
    m.blocks.push_back(slack::header(slack::text::plain(":red_circle: ALARM: web &amp; api")));
    slack::section s;
    s.text = slack::text::mrkdwn("Summary");
    s.fields = {slack::text::mrkdwn("*Region*\nSeoul"), slack::text::mrkdwn("*Account*\n123")};
    m.blocks.push_back(s);
    m.blocks.push_back(slack::divider{});
    slack::context c;
    c.elements = {slack::text::mrkdwn("*Reason*: high"), slack::image_element{"https://i.example/x.png", "graph", {}}};
    m.blocks.push_back(c);
    slack::actions a;
    a.elements = {slack::button(slack::text::plain("View alarm"), "v").with_url("https://console.example/a"),
                  slack::button(slack::text::plain("Ack"), "ack")};
    m.blocks.push_back(a);
    EXPECT_EQ(slack::render_text(m, 40),
              "\U0001F534 ALARM: web & api\n"
              "Summary\n"
              "\n"
              "Region               Account\n"
              "Seoul                123\n"
              "----------------------------------------\n"
              "Reason: high  [image: graph]\n"
              "[ View alarm ]  [ Ack ]\n"
              "View alarm: https://console.example/a\n");
}

// Nothing of the message acts on a terminal: its control characters (an escape sequence that
// would set the title or clear the screen, a bell, C1 controls, bidi overrides) are shown as
// U+FFFD; the only escape sequences are the renderer's own SGR ones.
TEST(RenderSafety, NoControlCharacterOfTheMessageReachesTheTerminal) {
    const std::string hostile = "a\x1b]0;pwned\x07 b\x1b[2J c\r d\xc2\x9b" "31m e\u202Eevil\u2066 f\x7f g\x01";
    slack::message m;
    m.text = hostile;
    m.blocks.push_back(slack::header(slack::text::plain(hostile)));
    m.blocks.push_back(section_message(hostile).blocks.front());
    m.attachments.emplace_back();
    m.attachments.back().color = "\x1b[5m";
    m.attachments.back().text = hostile;
    m.attachments.back().footer = hostile;
    for (const auto color : {slack::text_color::plain, slack::text_color::ansi}) {
        const auto out = slack::render_text(m, 40, color);
        const auto rest = without_sgr(out);
        for (std::size_t i = 0; i < rest.size(); ++i) {
            const auto c = static_cast<unsigned char>(rest[i]);
            EXPECT_TRUE(c >= 0x20 || c == '\n') << "control " << int(c) << " at " << i << " in\n" << out;
            EXPECT_NE(c, 0x7F);
        }
        EXPECT_EQ(rest.find("\xc2\x9b"), std::string::npos);  // C1 CSI
        EXPECT_EQ(rest.find("\u202E"), std::string::npos);
        EXPECT_EQ(rest.find("\u2066"), std::string::npos);
        EXPECT_NE(rest.find("pwned"), std::string::npos);  // shown, as text
    }
}

// ---- HTML -------------------------------------------------------------------------------------

namespace {

struct tag {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes;
};

/// Every tag of a page, read as a browser's tokenizer would for this simple markup; fails the
/// test for anything it cannot read (a '<' that starts no tag, an attribute not quoted).
std::vector<tag> tags_of(const std::string& html) {
    std::vector<tag> out;
    std::size_t i = 0;
    while ((i = html.find('<', i)) != std::string::npos) {
        const auto end = html.find('>', i);
        EXPECT_NE(end, std::string::npos);
        if (end == std::string::npos) break;
        const std::string inside = html.substr(i + 1, end - i - 1);
        tag t;
        std::size_t p = 0;
        while (p < inside.size() && inside[p] != ' ') t.name += inside[p++];
        while (p < inside.size()) {
            while (p < inside.size() && inside[p] == ' ') ++p;
            if (p >= inside.size()) break;
            std::string key;
            while (p < inside.size() && inside[p] != '=' && inside[p] != ' ') key += inside[p++];
            std::string value;
            if (p < inside.size() && inside[p] == '=') {
                EXPECT_EQ(inside[p + 1], '"') << inside;
                const auto close = inside.find('"', p + 2);
                EXPECT_NE(close, std::string::npos) << inside;
                if (close == std::string::npos) break;
                value = inside.substr(p + 2, close - p - 2);
                p = close + 1;
            }
            t.attributes.emplace_back(key, value);
        }
        out.push_back(t);
        // The style sheet is the page's own text, with no '<' in it.
        i = t.name == "style" ? html.find("</style>", end) : end + 1;
    }
    return out;
}

/// The page's markup is this renderer's and nothing else: known tags, known attributes, links
/// only to http(s), styles only a color or a grid column.
void expect_only_our_markup(const std::string& html) {
    static const std::set<std::string> names = {
        "!DOCTYPE", "html", "/html", "head", "/head", "meta", "title", "/title", "style", "/style", "body", "/body",
        "div", "/div", "span", "/span", "b", "/b", "i", "/i", "s", "/s", "code", "/code", "pre", "/pre",
        "blockquote", "/blockquote", "a", "/a", "hr"};
    static const std::set<std::string> attributes = {"class", "style", "href", "rel", "target", "charset",
                                                     "http-equiv", "content", "name", "html"};
    const std::regex style_value("background:#[0-9A-F]{6}|grid-column:1/3");
    for (const auto& t : tags_of(html)) {
        EXPECT_TRUE(names.count(t.name)) << "tag " << t.name;
        for (const auto& [key, value] : t.attributes) {
            EXPECT_TRUE(attributes.count(key)) << "attribute " << key << " of " << t.name;
            if (key == "href") {
                EXPECT_TRUE(value.rfind("https://", 0) == 0 || value.rfind("http://", 0) == 0) << value;
            }
            if (key == "style") {
                EXPECT_TRUE(std::regex_match(value, style_value)) << value;
            }
        }
    }
}

}  // namespace

// The escaping table: what a payload holds, and how the page spells it.
TEST(RenderHtml, EscapingTable) {
    struct row {
        std::string text, escaped;
    };
    const row table[] = {
        {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
        {"<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"},
        {"\"quoted\" and 'single'", "&quot;quoted&quot; and &#39;single&#39;"},
        {"a & b", "a &amp; b"},
        {"&lt;b&gt; already escaped", "&amp;lt;b&amp;gt; already escaped"},
        {"</div></div><b>out</b>", "&lt;/div&gt;&lt;/div&gt;&lt;b&gt;out&lt;/b&gt;"},
        {"\x1b[31m\u202Eevil", "\uFFFD[31m\uFFFDevil"},
    };
    for (const auto& r : table) {
        // As Slack receives it: escaped mrkdwn in a section, the same in a plain_text header.
        slack::message m = section_message(slack::mrkdwn::escape(r.text));
        m.blocks.push_back(slack::header(slack::text::plain(slack::mrkdwn::escape(r.text))));
        slack::actions a;
        a.elements = {slack::button(slack::text::plain(r.text), "b").with_url("https://example.com/?q=" + r.text)};
        m.blocks.push_back(a);
        m.username = r.text;
        const auto html = slack::render_html(m);
        std::size_t count = 0;
        for (std::size_t at = html.find(r.escaped); at != std::string::npos; at = html.find(r.escaped, at + 1)) ++count;
        EXPECT_GE(count, 4u) << r.text << "\n" << html;  // header, section, button label, sender
        expect_only_our_markup(html);
    }
}

// Hostile payloads in every place a text, a URL or a color goes: the page's markup stays ours.
TEST(RenderHtml, NothingFromThePayloadIsMarkup) {
    const std::string evil = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><b>";
    // The payload, with every "EVIL" the hostile string (as a JSON string).
    std::string payload = R"json({
      "text": EVIL, "username": EVIL, "icon_emoji": ":x:",
      "blocks": [
        {"type": "header", "text": {"type": "plain_text", "text": EVIL}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "<javascript:alert(3)|click> <https://e.example/|x> *b*"},
         "fields": [{"type": "mrkdwn", "text": EVIL}],
         "accessory": {"type": "image", "image_url": "https://x.example/\"onerror=\"a", "alt_text": EVIL}},
        {"type": "section", "text": {"type": "mrkdwn", "text": EVIL}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": EVIL}, {"type": "image", "image_url": "https://x.example/i", "alt_text": EVIL}]},
        {"type": "actions", "elements": [
          {"type": "button", "text": {"type": "plain_text", "text": EVIL}, "url": "javascript:alert(4)"},
          {"type": "button", "text": {"type": "plain_text", "text": "ok"}, "url": "https://e.example/\"><script>"},
          {"type": "static_select", "placeholder": {"type": "plain_text", "text": EVIL}}]},
        {"type": "image", "image_url": "https://x.example/i.png", "alt_text": EVIL},
        {"type": EVIL},
        {"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": [
          {"type": "text", "text": EVIL}, {"type": "link", "url": "javascript:x", "text": EVIL}]}]}],
      "attachments": [{"color": "red;background:url(https://x.example/)", "pretext": EVIL, "title": EVIL,
                       "title_link": "javascript:alert(5)", "text": EVIL,
                       "fields": [{"title": EVIL, "value": EVIL, "short": true}], "footer": EVIL}]})json";
    for (const std::string evil_json = json(evil).dump(); payload.find("EVIL") != std::string::npos;)
        payload.replace(payload.find("EVIL"), 4, evil_json);
    auto m = slack::parse_message(payload);
    ASSERT_TRUE(m) << m.error().message;
    const auto html = slack::render_html(*m);
    expect_only_our_markup(html);
    // Links only to http(s) (expect_only_our_markup checks every href): the label stays, as text.
    EXPECT_NE(html.find(">click "), std::string::npos);
    // No external fetch: no src attribute nor url() in a style (expect_only_our_markup), and the
    // policy forbids them.
    EXPECT_NE(html.find("content=\"default-src 'none'; style-src 'unsafe-inline'\""), std::string::npos);
    EXPECT_NE(html.find("background:#DDDDDD"), std::string::npos);  // the bad color: Slack's grey
}

// The page for a golden payload: the attachment's color on its bar, Slack's classes, one page.
TEST(RenderHtml, GoldenPayloadsMakeOneSelfContainedPage) {
    for (const auto& path : golden_files()) {
        const auto messages = golden_messages(path);
        const auto html = slack::render_html(messages);
        SCOPED_TRACE(path.filename().string());
        expect_only_our_markup(html);
        EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
        std::size_t count = 0;
        for (std::size_t at = html.find("class=\"message\""); at != std::string::npos;
             at = html.find("class=\"message\"", at + 1))
            ++count;
        EXPECT_EQ(count, messages.size());
        for (const auto& m : messages)
            for (const auto& a : m.attachments)
                if (a.color == "danger") {
                    EXPECT_NE(html.find("background:#E01E5A"), std::string::npos);
                }
    }
}

// A line of a megabyte of openers that never close ("*a", "_b", "~c", "<", "`") is read once:
// no opener searches the rest of the line again (which would take hours here, not a moment).
TEST(RenderSafety, LongLinesOfUnclosedMarkupRenderInOnePass) {
    std::string line = "`";
    for (int i = 0; i < 100000; ++i) line += "*a _b ~c <";
    const auto m = section_message(line);
    const auto out = slack::render_text(m, 80);
    EXPECT_EQ(out.find('\x1b'), std::string::npos);
    EXPECT_GT(out.size(), line.size());  // every character shown, with line breaks
    EXPECT_GT(slack::render_html(m).size(), line.size());
}
