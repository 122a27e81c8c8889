// slack::render_html in a real browser: headless Chromium (tests/support/chromium_screenshot.sh)
// renders the sample alarm's page in every style and locale to PNG, read back with libpng, and the
// picture is checked: its size, the attachment's color on the bar at the left, not blank. The DOM
// Chromium builds from a hostile page holds no element the payload named.
//
// Skipped, saying so, where Chromium is not installed (Debian: apt-get install chromium).
#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/slack/message.hpp>
#include <alarmbridge/slack/render.hpp>

#include "command.hpp"
#include "temp_dir.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <png.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace ab = alarmbridge;

namespace {

const std::string script = ALARMBRIDGE_CHROMIUM_SCREENSHOT;

bool have_chromium() {
    return ab::test::run_command("command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1").status == 0;
}

struct picture {
    unsigned width{0}, height{0};
    std::vector<unsigned char> rgb;  ///< row by row, 3 bytes a pixel
    const unsigned char* at(unsigned x, unsigned y) const { return &rgb[(std::size_t(y) * width + x) * 3]; }
};

/// A PNG file as 8-bit RGB, by libpng's simplified API.
picture read_png(const std::string& path) {
    picture p;
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, path.c_str())) {
        ADD_FAILURE() << "not a PNG: " << path << ": " << image.message;
        return p;
    }
    image.format = PNG_FORMAT_RGB;
    p.rgb.resize(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, p.rgb.data(), 0, nullptr)) {
        ADD_FAILURE() << "cannot read " << path << ": " << image.message;
        png_image_free(&image);
        p.rgb.clear();
        return p;
    }
    p.width = image.width;
    p.height = image.height;
    return p;
}

bool close_to(const unsigned char* px, unsigned r, unsigned g, unsigned b) {
    auto d = [](unsigned a, unsigned c) { return a > c ? a - c : c - a; };
    return d(px[0], r) <= 12 && d(px[1], g) <= 12 && d(px[2], b) <= 12;
}

std::string screenshot(const ab::test::temp_dir& dir, const std::string& name, const std::string& html,
                       const std::string& size) {
    const auto page = dir.write(name + ".html", html);
    const auto png = (dir.path() / (name + ".png")).string();
    const auto r = ab::test::run_command("bash '" + script + "' '" + page.string() + "' '" + png + "' " + size + " 2>&1");
    EXPECT_EQ(r.status, 0) << r.out;
    return png;
}

}  // namespace

TEST(RenderChromium, TheSampleAlarmInEveryStyleAndLocale) {
    if (!have_chromium()) GTEST_SKIP() << "chromium is not installed (Debian: apt-get install chromium); CI installs it";
    ab::test::temp_dir dir;
    const std::string event = ab::test::read_data("events/alarmbridge-sns-metric-3kb.json");
    for (const char* locale : {"en", "ko"}) {
        for (const auto& [style_name, style] : {std::pair<const char*, ab::format::style>{"rich", ab::format::style::rich},
                                                {"compact", ab::format::style::compact},
                                                {"blueprint", ab::format::style::blueprint}}) {
            const std::string name = std::string(style_name) + "." + locale;
            SCOPED_TRACE(name);
            ab::format::options o;
            o.locale = locale;
            o.style = style;
            std::vector<ab::slack::message> messages;
            const auto payloads = ab::format::payloads(event, o);
            ASSERT_TRUE(payloads) << payloads.error().message;
            for (const auto& p : *payloads) {
                ASSERT_TRUE(p) << p.error().message;
                auto m = ab::slack::parse_message(*p);
                ASSERT_TRUE(m) << m.error().message;
                messages.push_back(std::move(*m));
            }
            const auto png = screenshot(dir, name, ab::slack::render_html(messages), "800x600");
            const picture pic = read_png(png);
            ASSERT_EQ(pic.width, 800u);
            ASSERT_EQ(pic.height, 600u);

            // Not blank: text in Slack's near-black is drawn, and a good part of the page is not white.
            std::size_t dark = 0, not_white = 0;
            for (unsigned y = 0; y < pic.height; ++y)
                for (unsigned x = 0; x < pic.width; ++x) {
                    const auto* px = pic.at(x, y);
                    dark += px[0] < 80 && px[1] < 80 && px[2] < 80;
                    not_white += px[0] < 240 || px[1] < 240 || px[2] < 240;
                }
            EXPECT_GT(dark, 500u);
            EXPECT_GT(not_white, 2000u);

            // The attachment's bar: a column in the left eighth of the page, at least 20 pixels of
            // "danger" (#E01E5A) high; blueprint has no attachment, so none.
            unsigned longest = 0;
            for (unsigned x = 0; x < pic.width / 8; ++x) {
                unsigned run = 0;
                for (unsigned y = 0; y < pic.height; ++y) {
                    run = close_to(pic.at(x, y), 0xE0, 0x1E, 0x5A) ? run + 1 : 0;
                    longest = std::max(longest, run);
                }
            }
            if (style == ab::format::style::blueprint) EXPECT_EQ(longest, 0u);
            else EXPECT_GE(longest, 20u);
        }
    }
}

// The browser's own reading of a hostile page: the payload's <script> and <img> are text in the
// DOM Chromium built, never elements.
TEST(RenderChromium, HostileTextStaysText) {
    if (!have_chromium()) GTEST_SKIP() << "chromium is not installed (Debian: apt-get install chromium); CI installs it";
    ab::test::temp_dir dir;
    const std::string evil = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";
    ab::slack::message m;
    m.blocks.push_back(ab::slack::header(ab::slack::text::plain(evil)));
    ab::slack::section s;
    s.text = ab::slack::text::mrkdwn(evil + " *" + evil + "*");
    m.blocks.push_back(s);
    m.username = evil;
    const auto page = dir.write("hostile.html", ab::slack::render_html(m));
    const auto r = ab::test::run_command("bash '" + script + "' --dump-dom '" + page.string() + "'");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("<div class=\"channel\">"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("<script"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("<img"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("pwned</title>"), std::string::npos);
    EXPECT_NE(r.out.find("&lt;script&gt;document.title='pwned'&lt;/script&gt;"), std::string::npos) << r.out;
}
