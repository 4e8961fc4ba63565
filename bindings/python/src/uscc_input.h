// USCCs of input frames, in bulk: the CSV reader's syntax rules with its messages, a one-pass
// syntax + check-character test (the rule of xiufu::ValidateUscc, without building messages) and
// an open-addressing index from USCC to entity for duplicate detection and the records join.
//
// Header-only, internal to the extension; the index is not thread-safe.
#ifndef XIUFU_BINDINGS_PYTHON_USCC_INPUT_H_
#define XIUFU_BINDINGS_PYTHON_USCC_INPUT_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "base/str_util.h"
#include "xiufu/runtime/population.h"
#include "xiufu/runtime/uscc.h"

namespace xiufu::py {

// The CSV reader's syntax check: 18 characters of the charset, digits in positions 3–8.
inline std::string UsccSyntaxProblem(std::string_view s) {
  if (s.empty()) return "USCC is empty";
  if (s.size() != 18) return Cat("USCC has ", s.size(), " characters, expected 18");
  for (size_t i = 0; i < 18; ++i) {
    if (UsccCharValue(s[i]) < 0) {
      return Cat("USCC character ", i + 1, " ('", s.substr(i, 1),
                 "') is not in the character set 0-9 A-H J-N P-R T U W X Y");
    }
    if (i >= 2 && i < 8 && (s[i] < '0' || s[i] > '9')) {
      return Cat("USCC character ", i + 1, " ('", s.substr(i, 1),
                 "') must be a digit (administrative division code)");
    }
  }
  return "";
}

// GB 32100-2015 in one pass, for bulk input: the CSV reader's syntax rules (18 characters of
// the charset, digits in positions 3-8) and the check character of xiufu::ValidateUscc, with
// no message building. False on a syntax problem (UsccSyntaxProblem words it); else *valid
// says whether the check character is right.
struct UsccChars {
  int8_t v[256];
  constexpr UsccChars() : v{} {
    for (int i = 0; i < 256; ++i) v[i] = -1;
    for (int i = 0; i < 31; ++i) v[static_cast<unsigned char>(kUsccCharset[i])] = static_cast<int8_t>(i);
  }
};
inline constexpr UsccChars kUsccChars;
inline constexpr int kUsccWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

inline bool FastUscc(std::string_view s, bool* valid) {
  if (s.size() != 18) return false;
  int sum = 0;
  bool bad = false;
  for (int i = 0; i < 17; ++i) {
    const int v = kUsccChars.v[static_cast<unsigned char>(s[i])];
    bad |= v < 0;
    sum += v * kUsccWeights[i];
  }
  for (int i = 2; i < 8; ++i) bad |= s[i] < '0' || s[i] > '9';
  const int last = kUsccChars.v[static_cast<unsigned char>(s[17])];
  if (bad || last < 0) return false;
  const int check = (31 - sum % 31) % 31;
  *valid = last == check;
  return true;
}

// Open-addressing index of the entities' USCCs (18 bytes) → entity index. Slots keep a hash
// tag next to the index, so a probe touches the key itself only on a likely match.
class UsccIndex {
 public:
  explicit UsccIndex(const std::vector<Uscc>& keys) : keys_(keys) {
    size_t cap = 16;
    while (cap < keys.size() * 2) cap <<= 1;
    mask_ = cap - 1;
    slots_.assign(cap, Slot{-1, 0});
  }
  // Inserts entity `e`; returns the index of an earlier entity with the same USCC, or -1.
  int64_t Insert(uint32_t e) {
    const uint64_t h = Hash(keys_[e].data());
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].index < 0) {
        slots_[i] = Slot{static_cast<int32_t>(e), tag};
        return -1;
      }
      if (slots_[i].tag == tag && Equal(keys_[slots_[i].index].data(), keys_[e].data())) {
        return slots_[i].index;
      }
    }
  }
  int64_t Find(std::string_view s) const {
    if (s.size() != 18) return -1;
    const uint64_t h = Hash(s.data());
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].index < 0) return -1;
      if (slots_[i].tag == tag && Equal(keys_[slots_[i].index].data(), s.data())) {
        return slots_[i].index;
      }
    }
  }

 private:
  struct Slot {
    int32_t index;
    uint32_t tag;
  };
  static void Load(const char* p, uint64_t* a, uint64_t* b, uint16_t* c) {
    std::memcpy(a, p, 8);
    std::memcpy(b, p + 8, 8);
    std::memcpy(c, p + 16, 2);
  }
  static bool Equal(const char* x, const char* y) {
    uint64_t a1, b1, a2, b2;
    uint16_t c1, c2;
    Load(x, &a1, &b1, &c1);
    Load(y, &a2, &b2, &c2);
    return ((a1 ^ a2) | (b1 ^ b2) | static_cast<uint64_t>(c1 ^ c2)) == 0;
  }
  static uint64_t Hash(const char* p) {
    uint64_t a, b;
    uint16_t c;
    Load(p, &a, &b, &c);
    uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ ((b + c) * 0xC2B2AE3D27D4EB4Full);
    return h ^ (h >> 29);
  }
  const std::vector<Uscc>& keys_;
  size_t mask_ = 0;
  std::vector<Slot> slots_;
};

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_USCC_INPUT_H_
