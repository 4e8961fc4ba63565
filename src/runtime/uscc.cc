#include "xiufu/runtime/uscc.h"

#include "base/str_util.h"

namespace xiufu {

absl::Status ValidateUscc(std::string_view code) {
  if (code.size() != 18) {
    return absl::InvalidArgumentError(
        Cat("USCC '", code, "' has ", code.size(), " characters, expected 18"));
  }
  for (size_t i = 0; i < 18; ++i) {
    const bool digit_only = i >= 2 && i < 8;  // administrative division code
    if (UsccCharValue(code[i]) < 0 || (digit_only && (code[i] < '0' || code[i] > '9'))) {
      return absl::InvalidArgumentError(Cat("USCC '", code, "': character ", i + 1, " ('",
                                                     code.substr(i, 1), "') is not allowed there"));
    }
  }
  const char want = UsccCheckChar(code.substr(0, 17));
  if (code[17] != want) {
    return absl::InvalidArgumentError(Cat("USCC '", code, "': check character is '",
                                                   code.substr(17, 1), "', expected '",
                                                   std::string(1, want), "'"));
  }
  return absl::OkStatus();
}

}  // namespace xiufu
