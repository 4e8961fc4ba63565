// Test support: the small input vocabulary the builder and population I/O tests share, without
// a rule pack (platforms: necips = 0, credit_china = 1, credit_zhejiang = 2 — deliberately in
// another order than the generator's, to check id mapping).
#ifndef XIUFU_TESTS_SUPPORT_TEST_CODES_H_
#define XIUFU_TESTS_SUPPORT_TEST_CODES_H_

#include "xiufu/runtime/dictionary.h"

namespace xiufu::testing {

inline Dictionary::CodeLists SmallTestCodes() {
  Dictionary::CodeLists codes;
  codes[0] = {"necips", "credit_china", "credit_zhejiang"};
  codes[1] = {"samr", "tax", "fire"};
  codes[2] = {"penalty", "abnormal_list", "individual_abnormal"};
  codes[3] = {"minor", "general", "serious"};
  codes[4] = {"none", "warning", "fine"};
  codes[5] = {"summary", "ordinary"};
  codes[6] = {"general", "food"};
  codes[7] = {"active", "revoked", "cancelled"};
  return codes;
}

}  // namespace xiufu::testing

#endif  // XIUFU_TESTS_SUPPORT_TEST_CODES_H_
