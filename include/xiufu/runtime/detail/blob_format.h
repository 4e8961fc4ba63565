// Internal: the layout shared by the blob writer (toolchain, serialize.h) and the blob reader
// (runtime, blob.h): magic, header size and the FNV-1a checksum.
#ifndef XIUFU_RUNTIME_DETAIL_BLOB_FORMAT_H_
#define XIUFU_RUNTIME_DETAIL_BLOB_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace xiufu::internal {

inline constexpr char kMagic[8] = {'X', 'I', 'U', 'F', 'U', 'T', 'B', '\0'};
inline constexpr size_t kHeaderSize = 8 + 4 + 4 + 8 + 8 + 8;
// The header bytes the checksum covers: all but the checksum itself (magic, version, reserved,
// pack hash, payload size). The checksum is Fnv1a(payload, Fnv1a(header[0, kCheckedHeader))).
inline constexpr size_t kCheckedHeader = kHeaderSize - 8;

inline constexpr uint64_t kFnvBasis = 1469598103934665603ull;

inline uint64_t Fnv1a(std::string_view bytes, uint64_t h = kFnvBasis) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace xiufu::internal

#endif  // XIUFU_RUNTIME_DETAIL_BLOB_FORMAT_H_
