// Whole-file reading and writing for the data readers, writers and the CLI: one read of the
// entire file into a string, one write of a prepared buffer. Errors are absl::Status values
// naming the path and the OS error. Pure functions; thread-safe.
//
// Text decoding (DecodeText, TextEncoding): xiufu/text_decode.h, public for the Python binding.
#ifndef XIUFU_SRC_TEXT_FILE_H_
#define XIUFU_SRC_TEXT_FILE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "xiufu/text_decode.h"

namespace xiufu {

// NotFound when the file does not exist, Unavailable for other I/O failures.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);
// Creates or truncates `path`. Parent directories must exist (see MakeDirs).
absl::Status WriteTextFile(const std::string& path, std::string_view contents);
// `mkdir -p`.
absl::Status MakeDirs(const std::string& path);
// True when `path` exists (file or directory).
bool PathExists(const std::string& path);

// ReadTextFile + DecodeText (the file called by its path).
absl::StatusOr<DecodedText> ReadDecodedTextFile(const std::string& path,
                                                TextEncoding encoding = TextEncoding::kAuto);

}  // namespace xiufu

#endif  // XIUFU_SRC_TEXT_FILE_H_
