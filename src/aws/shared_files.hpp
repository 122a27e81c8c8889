// The AWS shared files (~/.aws/credentials, ~/.aws/config): which file, and one profile's keys.
#pragma once

#include <alarmbridge/aws/environment.hpp>

#include <map>
#include <optional>
#include <string>

namespace alarmbridge::aws::detail {

/// The profile's name: `profile` when not empty, else AWS_PROFILE, else "default".
std::string profile_name(const environment& env, const std::string& profile);

/// The keys of one profile of an INI file (names lower case, values trimmed), or nullopt when
/// the file cannot be read or has no such section. In the config file the section of a profile
/// other than "default" is "[profile NAME]".
std::optional<std::map<std::string, std::string>> read_profile(const std::string& path, const std::string& profile,
                                                               bool config_file);

/// AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials ("" when there is no HOME).
std::string credentials_file(const environment& env);
/// AWS_CONFIG_FILE, else ~/.aws/config.
std::string config_file(const environment& env);

}  // namespace alarmbridge::aws::detail
