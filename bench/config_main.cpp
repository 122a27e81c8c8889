// `alarmbridge config` as its own small executable, for bench/compare_kms.py: the whole process
// that resolves the webhook URL (kmsEncryptedHookUrl through KMS, say) and exits.
// (The same entry function alarmbridge_main.cpp calls for `alarmbridge config`.)
#include "config_command.hpp"

#include <string>
#include <vector>

int main(int argc, char** argv) {
    return alarmbridge::tools::run_config(std::vector<std::string>(argv + 1, argv + argc));
}
