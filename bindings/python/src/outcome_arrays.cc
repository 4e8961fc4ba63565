#include "outcome_arrays.h"

namespace xiufu::py {

std::vector<std::string> StatusCategories() {
  std::vector<std::string> out;
  for (int s = 0; s < kNumStatuses; ++s) out.emplace_back(StatusCode(static_cast<RepairStatus>(s)));
  out.emplace_back(kUndecidedCode);
  return out;
}

int32_t MaterialSets::CodeOf(const Bits128& b) {
  const std::pair<uint64_t, uint64_t> key{b.w[0], b.w[1]};
  if (auto it = seen_.find(key); it != seen_.end()) return it->second;
  const int32_t code = static_cast<int32_t>(sets_.size());
  sets_.push_back(MaterialCodes(table_, b));
  seen_.emplace(key, code);
  return code;
}

}  // namespace xiufu::py
