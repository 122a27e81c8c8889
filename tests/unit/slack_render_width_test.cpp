// slack::display_width's East Asian Width table (src/slack/render_width.cpp) against ICU's
// UCHAR_EAST_ASIAN_WIDTH, for every code point: W and F are two columns, everything else one,
// except the combining marks and joiners the table counts as none.
#include <alarmbridge/slack/render.hpp>

#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unicode/uversion.h>

#include <string>

TEST(RenderWidth, TheTableIsIcusEastAsianWidth) {
    std::size_t wide = 0, differ = 0;
    for (UChar32 c = 0; c <= 0x10FFFF; ++c) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        const int eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        const bool icu_wide = eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH;
        const int ours = alarmbridge::slack::code_point_width(static_cast<char32_t>(c));
        if (ours == 0) {
            // A zero-width one is a mark, a format character or a conjoining Hangul vowel or final.
            const auto category = u_charType(c);
            const auto hangul = u_getIntPropertyValue(c, UCHAR_HANGUL_SYLLABLE_TYPE);
            EXPECT_TRUE(category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR ||
                        category == U_UNASSIGNED || hangul == U_HST_VOWEL_JAMO || hangul == U_HST_TRAILING_JAMO)
                << std::hex << c;
            continue;
        }
        wide += icu_wide;
        if ((ours == 2) != icu_wide && ++differ < 20) ADD_FAILURE() << std::hex << "U+" << c << " ours " << ours;
    }
    // ICU of another Unicode version than the table's (15.0) may differ in new characters only.
    if (std::string(U_UNICODE_VERSION) == "15.0") EXPECT_EQ(differ, 0u);
    else EXPECT_LT(differ, 400u) << "ICU's Unicode " << U_UNICODE_VERSION;
    EXPECT_GT(wide, 170000u);
}
