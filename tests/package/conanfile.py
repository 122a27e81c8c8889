"""Conan test_package: the same consumer project that ctest builds against an install prefix."""
import os

from conan import ConanFile
from conan.tools.build import can_run
from conan.tools.cmake import CMake, cmake_layout


class AlarmbridgeTestPackage(ConanFile):
    settings = "os", "compiler", "build_type", "arch"
    generators = "CMakeDeps", "CMakeToolchain"

    def requirements(self):
        self.requires(self.tested_reference_str)

    def layout(self):
        cmake_layout(self)

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def test(self):
        if not can_run(self):
            return
        for program in ("consumer", "consumer_core"):
            path = os.path.join(self.cpp.build.bindir, program)
            self.run(path, env="conanrun")
        self.output.success("alarmbridge test_package ran")
