#include <alarmbridge/slack/mrkdwn.hpp>

#include <gtest/gtest.h>

#include <random>

namespace md = alarmbridge::slack::mrkdwn;

TEST(Mrkdwn, EscapesExactlyTheThreeControlCharacters) {
    EXPECT_EQ(md::escape("a & b < c > d"), "a &amp; b &lt; c &gt; d");
    EXPECT_EQ(md::escape("*bold* _i_ ~s~ `c` :emoji: \xEA\xB2\xBD\xEB\xB3\xB4 \xF0\x9F\x94\xA5"),
              "*bold* _i_ ~s~ `c` :emoji: \xEA\xB2\xBD\xEB\xB3\xB4 \xF0\x9F\x94\xA5");
    EXPECT_EQ(md::escape("&amp;"), "&amp;amp;");  // already-escaped text is escaped again: it is data
    EXPECT_EQ(md::escape(""), "");
}

// Everything that would be live in alarm data becomes inert and stays readable.
TEST(Mrkdwn, InjectionsBecomeInertText) {
    struct case_t {
        const char* in;
        const char* out;
    };
    for (const auto& c : {case_t{"<!channel>", "&lt;!channel&gt;"}, case_t{"<!here>", "&lt;!here&gt;"},
                          case_t{"<!everyone>", "&lt;!everyone&gt;"}, case_t{"<@U024BE7LH>", "&lt;@U024BE7LH&gt;"},
                          case_t{"<!subteam^SAZ94GDB8>", "&lt;!subteam^SAZ94GDB8&gt;"},
                          case_t{"<https://evil.example|AWS console>", "&lt;https://evil.example|AWS console&gt;"},
                          case_t{"<!date^1^{date}|x>", "&lt;!date^1^{date}|x&gt;"}}) {
        EXPECT_EQ(md::escape(c.in), c.out);
        EXPECT_EQ(md::unescape(md::escape(c.in)), c.in);
    }
}

// For any input: no '<' or '>' survives, every '&' starts an entity, and unescape inverts it.
TEST(Mrkdwn, EscapeHoldsItsPropertiesOnRandomInput) {
    std::mt19937 rng(7);
    const std::string alphabet = std::string("&<>|;amptlg! @#^{}*_~`\n") + "\xC3\xA9\xF0\x9F\x94\xA5";
    for (int i = 0; i < 5000; ++i) {
        std::string s;
        for (int n = rng() % 40; n > 0; --n) s += alphabet[rng() % alphabet.size()];
        const std::string e = md::escape(s);
        ASSERT_EQ(e.find('<'), std::string::npos) << s;
        ASSERT_EQ(e.find('>'), std::string::npos) << s;
        for (std::size_t at = e.find('&'); at != std::string::npos; at = e.find('&', at + 1)) {
            const auto rest = e.substr(at);
            ASSERT_TRUE(rest.rfind("&amp;", 0) == 0 || rest.rfind("&lt;", 0) == 0 || rest.rfind("&gt;", 0) == 0) << s;
        }
        ASSERT_EQ(md::unescape(e), s);
    }
}

// escape() skips text a block at a time; '&', '<' and '>' are caught at every position of every
// length around the block edges, and no other byte is touched.
TEST(Mrkdwn, EscapeSeesEveryMarkupByteAtEveryPosition) {
    for (std::size_t length : {1u, 7u, 8u, 15u, 16u, 17u, 19u, 31u, 32u, 33u, 47u}) {
        for (int b = 0; b < 256; ++b) {
            for (std::size_t at = 0; at < length; ++at) {
                std::string text(length, 'a');
                text[at] = static_cast<char>(b);
                std::string expected = text;
                if (b == '&') expected.replace(at, 1, "&amp;");
                if (b == '<') expected.replace(at, 1, "&lt;");
                if (b == '>') expected.replace(at, 1, "&gt;");
                ASSERT_EQ(md::escape(text), expected) << "byte " << b << " at " << at << " of " << length;
            }
        }
    }
}

// Both scanners, the one this build uses and the portable one, on every byte at every position.
TEST(ByteScan, BothScannersFindTheFirstMarkedByteAtEveryPosition) {
    namespace d = alarmbridge::detail;
    for (std::size_t length : {0u, 1u, 3u, 7u, 8u, 9u, 15u, 16u, 17u, 24u, 31u, 32u, 33u, 47u, 64u}) {
        for (int b = 0; b < 256; ++b) {
            const auto c = static_cast<unsigned char>(b);
            for (std::size_t at = 0; at <= length; ++at) {
                std::string text(length, 'a');
                if (at < length) text[at] = static_cast<char>(b);
                const std::size_t json_expected = at < length && d::is_json_special(c) ? at : length;
                const std::size_t markup_expected = at < length && d::is_markup(c) ? at : length;
                ASSERT_EQ(d::plain_json_run(text.data(), length), json_expected) << b << " at " << at << " of " << length;
                ASSERT_EQ(d::portable::plain_json_run(text.data(), length), json_expected) << b << " at " << at;
                ASSERT_EQ(d::markup_free_run(text.data(), length), markup_expected) << b << " at " << at;
                ASSERT_EQ(d::portable::markup_free_run(text.data(), length), markup_expected) << b << " at " << at;
            }
        }
    }
}

TEST(Mrkdwn, LinksEscapeTheirLabelAndCannotBeBrokenOutOf) {
    EXPECT_EQ(md::link("https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/a%20b", "View alarm"),
              "<https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/a%20b|View alarm>");
    EXPECT_EQ(md::link("https://example.com/a|b>c<d?x=1&y=2", "<!channel> & co"),
              "<https://example.com/a%7Cb%3Ec%3Cd?x=1&amp;y=2|&lt;!channel&gt; &amp; co>");
    EXPECT_EQ(md::link("https://example.com/with space\n", "x"), "<https://example.com/with%20space%0A|x>");
    EXPECT_EQ(md::link("HTTPS://example.com"), "<HTTPS://example.com>");
    // Not http(s): no live link, just the escaped label (or URL).
    EXPECT_EQ(md::link("javascript:alert(1)", "click <me>"), "click &lt;me&gt;");
    EXPECT_EQ(md::link("slack://open"), "slack://open");
    EXPECT_EQ(md::link("https://", "x"), "x");
}

TEST(Mrkdwn, MentionsOnlyFromWellFormedIds) {
    EXPECT_EQ(md::mention_user("U024BE7LH"), "<@U024BE7LH>");
    EXPECT_EQ(md::mention_user("W123ABC"), "<@W123ABC>");
    EXPECT_EQ(md::mention_group("SAZ94GDB8"), "<!subteam^SAZ94GDB8>");
    EXPECT_EQ(md::mention_channel("C0123ABCD"), "<#C0123ABCD>");
    for (const char* bad : {"", "U", "u024be7lh", "U024>BE7", "U02|4", "S123", "<@U1>", "U1 2"})
        EXPECT_FALSE(md::mention_user(bad)) << bad;
    EXPECT_FALSE(md::mention_group("U123"));
    EXPECT_FALSE(md::mention_group("S12^3"));
    EXPECT_EQ(md::mention(md::broadcast::here), "<!here>");
    EXPECT_EQ(md::mention(md::broadcast::channel), "<!channel>");
}

TEST(Mrkdwn, DatesShowInTheReadersTimeZoneWithAnEscapedFallback) {
    EXPECT_EQ(md::date(1700000000, "{date_short_pretty} {time}", "2023-11-14 22:13 UTC"),
              "<!date^1700000000^{date_short_pretty} {time}|2023-11-14 22:13 UTC>");
    EXPECT_EQ(md::date(0, "{date}", "<then>"), "<!date^0^{date}|&lt;then&gt;>");
    EXPECT_FALSE(md::date(1, "{date}|x", "f"));
    EXPECT_FALSE(md::date(1, "{date}^x", "f"));
    EXPECT_FALSE(md::date(1, "", "f"));
}

TEST(Mrkdwn, EscapeSeesMarkupAtEveryPositionOfAWord) {
    // escape() skips text eight bytes at a time; each of & < > must be caught wherever it sits.
    for (const char c : {'&', '<', '>'}) {
        const std::string entity = c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;";
        for (std::size_t at = 0; at < 19; ++at) {
            std::string text(19, 'x');
            text[at] = c;
            std::string expected = text;
            expected.replace(at, 1, entity);
            ASSERT_EQ(alarmbridge::slack::mrkdwn::escape(text), expected) << c << " at " << at;
        }
    }
    // Bytes that are not markup pass through untouched, UTF-8 included.
    const std::string korean = "\xEA\xB2\xBD\xEB\xB3\xB4 \xEC\x83\x81\xED\x83\x9C: OK \xE2\x86\x92 ALARM";
    EXPECT_EQ(alarmbridge::slack::mrkdwn::escape(korean), korean);
}
