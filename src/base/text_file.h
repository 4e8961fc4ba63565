// Whole-file reading and writing for the data readers, writers and the CLI: one read of the
// entire file into a string, one write of a prepared buffer. Errors are absl::Status values
// naming the path and the OS error. Pure functions; thread-safe.
#ifndef XIUFU_SRC_TEXT_FILE_H_
#define XIUFU_SRC_TEXT_FILE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace xiufu {

// NotFound when the file does not exist, Unavailable for other I/O failures.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);
// Creates or truncates `path`. Parent directories must exist (see MakeDirs).
absl::Status WriteTextFile(const std::string& path, std::string_view contents);
// `mkdir -p`.
absl::Status MakeDirs(const std::string& path);
// True when `path` exists (file or directory).
bool PathExists(const std::string& path);

}  // namespace xiufu

#endif  // XIUFU_SRC_TEXT_FILE_H_
