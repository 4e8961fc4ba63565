// Test support: a tiny, fully hand-checkable rule pack (2 platforms, Order 58 and Order 36
// rows, every decision) used by the evaluator, explain, serialization and differential tests.
#ifndef XIUFU_TESTS_SUPPORT_TINY_PACK_H_
#define XIUFU_TESTS_SUPPORT_TINY_PACK_H_

#include <map>
#include <string>

namespace xiufu::testing {

// `eligibility_policy`: FIRST or PRIORITY (priority not_repairable > drops_off > eligible >
// repaired > not_shown).
std::map<std::string, std::string> TinyPackFiles(const std::string& eligibility_policy = "FIRST");

}  // namespace xiufu::testing

#endif  // XIUFU_TESTS_SUPPORT_TINY_PACK_H_
