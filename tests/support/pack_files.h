// Test support: writes a small rule pack into a fresh temporary directory from in-memory file
// contents, so a test shows the whole pack it depends on.
#ifndef XIUFU_TESTS_SUPPORT_PACK_FILES_H_
#define XIUFU_TESTS_SUPPORT_PACK_FILES_H_

#include <map>
#include <string>

namespace xiufu::testing {

// Returns the directory. Paths may contain one level of subdirectory ("tables/x.csv").
std::string WritePackFiles(const std::string& name, const std::map<std::string, std::string>& files);

}  // namespace xiufu::testing

#endif  // XIUFU_TESTS_SUPPORT_PACK_FILES_H_
