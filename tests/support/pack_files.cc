#include "support/pack_files.h"

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace xiufu::testing {

std::string WritePackFiles(const std::string& name, const std::map<std::string, std::string>& files) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() /
                       ("xiufu-test-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  for (const auto& [path, content] : files) {
    const fs::path p = dir / path;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  return dir.string();
}

}  // namespace xiufu::testing
