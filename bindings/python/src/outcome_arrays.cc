#include "outcome_arrays.h"

#include "base/str_util.h"

namespace xiufu::py {

std::vector<std::string> StatusCategories() {
  std::vector<std::string> out;
  for (int s = 0; s < kNumStatuses; ++s) out.emplace_back(StatusCode(static_cast<RepairStatus>(s)));
  out.emplace_back("undecided");
  return out;
}

int32_t MaterialSets::Code(const Bits128& b) {
  if (!b.Any()) return 0;
  const std::pair<uint64_t, uint64_t> key{b.w[0], b.w[1]};
  if (auto it = seen_.find(key); it != seen_.end()) return it->second;
  const internal::TableData& d = internal::Data(h_.table);
  std::string s;
  for (size_t i = 0; i < d.materials.size(); ++i) {
    if (b.Test(static_cast<int>(i))) Append(&s, s.empty() ? "" : "|", internal::Str(h_.table, d.materials[i].code));
  }
  const int32_t code = static_cast<int32_t>(sets_.size());
  sets_.push_back(std::move(s));
  seen_.emplace(key, code);
  return code;
}

}  // namespace xiufu::py
