// The built-in locales: every word the formatter writes, in English and Korean.
#include "format/locale.hpp"

#include <array>

namespace alarmbridge::format {

namespace {

// clang-format off
constexpr locale english{
    "en",
    "State change", "Alarm name", "Time", "Account", "Region", "Dimensions", "Reason",
    "View alarm", "View metric", "Runbook",
    "Rule", "Triggered by",
    "ALARM", "OK", "INSUFFICIENT_DATA",
    "for {m} of {n} datapoints of {period}",
    "outside the band", "above the band", "below the band",
    "s", "min", "h", "d",
    "Recent datapoints",
    "Notification",
};
constexpr locale korean{
    "ko",
    "상태 변경 전/후", "경보 이름", "경보 시간", "계정", "리전", "측정기준", "원인",
    "경보 보기", "지표 보기", "런북",
    "규칙", "트리거한 경보",
    "경보", "정상", "데이터 부족",
    "({period} 간격 데이터 포인트 {n}개 중 {m}개)",
    "예상 범위 밖", "예상 범위 위", "예상 범위 아래",
    "초", "분", "시간", "일",
    "최근 데이터 포인트",
    "알림",
};
// clang-format on
constexpr std::array<const locale*, 2> locales{&english, &korean};

}  // namespace

const locale* find_locale(std::string_view code) {
    for (const auto* l : locales)
        if (l->code == code) return l;
    return nullptr;
}

}  // namespace alarmbridge::format

namespace alarmbridge::detail {

const format::locale& words_for(const format::options& o) {
    const format::locale* l = format::find_locale(o.locale);
    return l ? *l : format::english;
}

std::string_view state_word(cloudwatch::alarm_state s, const format::locale& w) {
    switch (s) {
        case cloudwatch::alarm_state::alarm: return w.state_alarm;
        case cloudwatch::alarm_state::ok: return w.state_ok;
        case cloudwatch::alarm_state::insufficient_data: return w.state_insufficient;
    }
    return w.state_alarm;
}

}  // namespace alarmbridge::detail
