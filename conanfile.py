"""Conan 2 recipe for alarmbridge.

    conan create . -tf tests/package -pr:a tests/package/profiles/debian12 --build=missing

The debian12 profile declares nlohmann_json, simdjson, libcurl and openssl as [platform_requires]
(Debian's packages), so nothing is downloaded; with the default profile Conan builds them from
ConanCenter like any other requirement.
"""
import os
import re

from conan import ConanFile
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy, rmdir, load


class AlarmbridgeConan(ConanFile):
    name = "alarmbridge"
    package_type = "library"
    license = "MIT"
    description = "CloudWatch alarms to Slack, correctly, fast and safely"
    topics = ("aws", "cloudwatch", "sns", "slack", "alarms", "json")
    settings = "os", "compiler", "build_type", "arch"
    options = {"shared": [True, False], "fPIC": [True, False]}
    default_options = {"shared": False, "fPIC": True}
    exports_sources = "CMakeLists.txt", "LICENSE", "include/*", "src/*"

    def set_version(self):
        # One source of truth: include/alarmbridge/version.hpp
        header = load(self, os.path.join(self.recipe_folder, "include", "alarmbridge", "version.hpp"))
        self.version = re.search(r'#define ALARMBRIDGE_VERSION_STRING "([^"]+)"', header).group(1)

    def config_options(self):
        if self.settings.os == "Windows":
            del self.options.fPIC

    def configure(self):
        if self.options.shared:
            self.options.rm_safe("fPIC")

    def layout(self):
        cmake_layout(self)

    def requirements(self):
        # Ranges include Debian 12's versions (3.11.2, 3.0.1, 7.88.1, 3.0.x). libcurl 7.85 is the
        # oldest with CURLOPT_PROTOCOLS_STR, which the transport uses (as the top CMakeLists.txt says).
        # nlohmann/json types appear in the public headers; the others are private to the library.
        self.requires("nlohmann_json/[>=3.10 <4]", transitive_headers=True)
        self.requires("simdjson/[>=3.0 <4]")
        self.requires("libcurl/[>=7.85 <9]")
        self.requires("openssl/[>=3.0 <4]")

    def generate(self):
        CMakeDeps(self).generate()
        toolchain = CMakeToolchain(self)
        toolchain.cache_variables["ALARMBRIDGE_BUILD_TESTS"] = False
        toolchain.cache_variables["ALARMBRIDGE_BUILD_BENCH"] = False
        toolchain.cache_variables["ALARMBRIDGE_BUILD_EXAMPLES"] = False
        toolchain.cache_variables["ALARMBRIDGE_BUILD_LAMBDA"] = False
        toolchain.cache_variables["ALARMBRIDGE_INSTALL"] = True
        toolchain.generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def package(self):
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))
        CMake(self).install()
        # The installed .pc names the package folder; Conan users get their flags from its generators.
        rmdir(self, os.path.join(self.package_folder, "lib", "pkgconfig"))

    def _from_platform(self, name):
        """True when a profile's [platform_requires] provides this dependency (the system's):
        Conan then leaves it out of the dependency set, having no package information for it."""
        try:
            return self.dependencies[name].ref.revision == "platform"
        except KeyError:
            return True

    def package_info(self):
        # The same targets as the installed CMake config: alarmbridge::core, alarmbridge::alarmbridge.
        self.cpp_info.set_property("cmake_file_name", "alarmbridge")
        self.cpp_info.set_property("cmake_target_name", "alarmbridge::alarmbridge")

        # A dependency from Conan is named as a component requirement; one the platform provides
        # has no Conan package information, so it is linked as the system library it is.
        def dependency(conan_name, component, system_lib=None):
            if not self._from_platform(conan_name):
                return [component], []
            return [], [system_lib] if system_lib else []

        core = self.cpp_info.components["core"]
        core.set_property("cmake_target_name", "alarmbridge::core")
        core.includedirs = ["include"]
        core.libdirs = []
        core.bindirs = []
        core.requires, _ = dependency("nlohmann_json", "nlohmann_json::nlohmann_json")  # header-only

        lib = self.cpp_info.components["alarmbridge"]
        lib.set_property("cmake_target_name", "alarmbridge::alarmbridge")
        lib.libs = ["alarmbridge"]
        lib.requires = ["core"]
        for conan_name, component, system_lib in (("simdjson", "simdjson::simdjson", "simdjson"),
                                                  ("libcurl", "libcurl::libcurl", "curl"),
                                                  ("openssl", "openssl::ssl", "ssl"),
                                                  ("openssl", "openssl::crypto", "crypto")):
            requires, system_libs = dependency(conan_name, component, system_lib)
            lib.requires += requires
            lib.system_libs += system_libs
        if self.options.shared:
            lib.defines = ["ALARMBRIDGE_SHARED"]
        if self.settings.os in ("Linux", "FreeBSD"):
            lib.system_libs.append("pthread")
