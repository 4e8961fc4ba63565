// Test support: gtest expectations that two population builds are the same — every column of
// the population, the diagnostics and warnings field by field, the counts and notices. What
// the builder's and the reader's "every way in gives the same" tests compare with.
#ifndef XIUFU_TESTS_SUPPORT_SAME_BUILD_H_
#define XIUFU_TESTS_SUPPORT_SAME_BUILD_H_

#include <vector>

#include "xiufu/runtime/diagnostic.h"
#include "xiufu/runtime/population_builder.h"

namespace xiufu::testing {

void ExpectSameDiagnostics(const std::vector<Diagnostic>& a, const std::vector<Diagnostic>& b);
void ExpectSameBuild(const PopulationBuild& a, const PopulationBuild& b);

}  // namespace xiufu::testing

#endif  // XIUFU_TESTS_SUPPORT_SAME_BUILD_H_
