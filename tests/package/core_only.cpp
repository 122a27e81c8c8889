// Uses only the header-only part (alarmbridge::core): models, regions, timestamps, result<T>.
#include <alarmbridge/cloudwatch/alarm.hpp>
#include <alarmbridge/cloudwatch/region.hpp>

#include <iostream>

int main() {
    const auto* seoul = alarmbridge::cloudwatch::find_region_by_name("Asia Pacific (Seoul)");
    alarmbridge::cloudwatch::alarm a;
    a.name = "core-only";
    const nlohmann::json j = a;
    std::cout << (seoul ? seoul->code : "?") << ' ' << j["name"].get<std::string>() << '\n';
    return seoul && seoul->code == "ap-northeast-2" ? 0 : 1;
}
