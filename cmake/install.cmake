# Installation: the public headers (include/xiufu/**), the three libraries and a CMake package,
# so that a host project writes
#
#   find_package(xiufu CONFIG REQUIRED)
#   target_link_libraries(my_service PRIVATE xiufu::runtime)   # or xiufu::xiufu, xiufu::synth
#
# Layout under the prefix: include/xiufu/…, lib/libxiufu_runtime.a, lib/libxiufu.a,
# lib/libxiufu_synth.a, lib/cmake/xiufu/{xiufuConfig,xiufuConfigVersion,xiufuTargets*}.cmake.
# The CLI, the tests and the test-only reference interpreter are not installed.
#
# With XIUFU_BUILD_TESTS, CTest's `install_host_example` installs into a fresh temporary prefix
# and builds and runs examples/host against it (scripts/test-install.sh), so the install cannot
# rot.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The public headers are C++20 (designated initializers, defaulted comparisons): say so to every
# consumer, so a host project need not set the standard itself.
target_compile_features(xiufu_runtime PUBLIC cxx_std_20)

set(XIUFU_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/xiufu" CACHE STRING
    "Where the xiufu CMake package files are installed, relative to the prefix")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/xiufu"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  COMPONENT xiufu_development
  FILES_MATCHING PATTERN "*.h")

install(TARGETS xiufu_runtime xiufu xiufu_synth
  EXPORT xiufuTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT xiufu_development
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT xiufu_runtime
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT xiufu_runtime
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

install(EXPORT xiufuTargets
  NAMESPACE xiufu::
  DESTINATION "${XIUFU_INSTALL_CMAKEDIR}"
  COMPONENT xiufu_development)

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/xiufuConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/xiufuConfig.cmake"
  INSTALL_DESTINATION "${XIUFU_INSTALL_CMAKEDIR}")
# 0.x: a minor version may break the API, so only the same major.minor is compatible.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/xiufuConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/xiufuConfig.cmake"
  "${PROJECT_BINARY_DIR}/xiufuConfigVersion.cmake"
  DESTINATION "${XIUFU_INSTALL_CMAKEDIR}"
  COMPONENT xiufu_development)

if(XIUFU_BUILD_TESTS)
  # The host example is configured with this build's compiler; a sanitizer build's libraries
  # need the sanitizer runtimes at link time.
  set(xiufu_host_args "-DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}")
  if(CMAKE_CXX_COMPILER_LAUNCHER)
    list(APPEND xiufu_host_args "-DCMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER}")
  endif()
  if(XIUFU_SANITIZER_FLAGS)
    list(JOIN XIUFU_SANITIZER_FLAGS " " xiufu_san)
    list(APPEND xiufu_host_args
      "-DCMAKE_CXX_FLAGS=${xiufu_san} -fno-omit-frame-pointer"
      "-DCMAKE_EXE_LINKER_FLAGS=${xiufu_san}")
  endif()
  add_test(NAME install_host_example
    COMMAND bash "${PROJECT_SOURCE_DIR}/scripts/test-install.sh"
            "${PROJECT_BINARY_DIR}" "${PROJECT_SOURCE_DIR}" ${xiufu_host_args})
  set_tests_properties(install_host_example PROPERTIES TIMEOUT 240)
endif()
