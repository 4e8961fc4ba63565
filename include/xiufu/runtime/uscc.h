// xiufu USCC — the Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters
// from the 31-character set 0-9A-HJ-NPQRTUWXY (no I, O, S, V, Z); position 18 is a check
// character over the first 17 with weights 3^i mod 31. Helpers to validate, to compute the
// check character (for generators) and to derive the entity kind from the 2-character prefix.
//
// Pure functions; thread-safe.
#ifndef XIUFU_USCC_H_
#define XIUFU_USCC_H_

#include <string_view>

#include "absl/status/status.h"
#include "xiufu/runtime/facts.h"

namespace xiufu {

inline constexpr std::string_view kUsccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// Value 0..30 of a USCC character, or -1 when it is not in the charset.
int UsccCharValue(char c);
// The check character for the first 17 characters (which must all be in the charset).
char UsccCheckChar(std::string_view first17);
// OK, or InvalidArgument saying what is wrong (length, character at position N, check char).
absl::Status ValidateUscc(std::string_view code);
// 91 → enterprise, 92 → individual business, 93 → cooperative, anything else → other.
EntityKind EntityKindFromUscc(std::string_view code);

}  // namespace xiufu

#endif  // XIUFU_USCC_H_
