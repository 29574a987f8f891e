# Sanitizer and fuzzing builds (issue 7). Both are off by default.
#   -DZHSEARCH_SANITIZE=ON  everything with AddressSanitizer and
#                           UndefinedBehaviorSanitizer (scripts/test.sh --sanitize)
#   -DZHSEARCH_FUZZ=ON      clang only: libraries instrumented for libFuzzer,
#                           tests/fuzz/ targets linked with it (scripts/fuzz.sh)
option(ZHSEARCH_SANITIZE "Build with -fsanitize=address,undefined" OFF)
option(ZHSEARCH_FUZZ "Build the libFuzzer targets (requires clang)" OFF)

if(ZHSEARCH_SANITIZE OR ZHSEARCH_FUZZ)
  # Any UB report is an error: a test must fail, not print and go on.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(ZHSEARCH_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ZHSEARCH_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  # Coverage instrumentation everywhere; only the fuzz targets link libFuzzer's main().
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
