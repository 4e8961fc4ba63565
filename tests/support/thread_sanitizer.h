// Test support: whether the test binary runs under ThreadSanitizer (make tsan), which makes every
// memory access several times slower. The threaded tests whose inputs are large take smaller
// ones there: a race shows on a small input as on a large one, and the full sizes run in the
// Release and ASan builds (docs/builds.md).
#ifndef XIUFU_TESTS_SUPPORT_THREAD_SANITIZER_H_
#define XIUFU_TESTS_SUPPORT_THREAD_SANITIZER_H_

namespace xiufu::testing {

#if defined(__SANITIZE_THREAD__)
inline constexpr bool kUnderThreadSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
inline constexpr bool kUnderThreadSanitizer = true;
#else
inline constexpr bool kUnderThreadSanitizer = false;
#endif
#else
inline constexpr bool kUnderThreadSanitizer = false;
#endif

// `full` in the other builds, `small` under ThreadSanitizer.
template <typename T>
constexpr T UnlessThreadSanitizer(T full, T small) {
  return kUnderThreadSanitizer ? small : full;
}

}  // namespace xiufu::testing

#endif  // XIUFU_TESTS_SUPPORT_THREAD_SANITIZER_H_
