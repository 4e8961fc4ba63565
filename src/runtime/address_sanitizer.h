// XIUFU_ASAN: defined when the file is compiled with AddressSanitizer, by GCC
// (__SANITIZE_ADDRESS__) or clang (__has_feature), with ASan's interface included then.
#ifndef XIUFU_SRC_RUNTIME_ADDRESS_SANITIZER_H_
#define XIUFU_SRC_RUNTIME_ADDRESS_SANITIZER_H_

#if defined(__SANITIZE_ADDRESS__)
#define XIUFU_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define XIUFU_ASAN 1
#endif
#endif
#ifdef XIUFU_ASAN
#include <sanitizer/asan_interface.h>
#endif

#endif  // XIUFU_SRC_RUNTIME_ADDRESS_SANITIZER_H_
