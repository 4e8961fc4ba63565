// Whole-file reading and writing for the data readers, writers and the CLI: one read of the
// entire file into a string, one write of a prepared buffer. Errors are absl::Status values
// naming the path and the OS error. Pure functions; thread-safe.
//
// Text decoding (DecodeText, TextEncoding): xiufu/text_decode.h, public for the Python binding.
#ifndef XIUFU_SRC_TEXT_FILE_H_
#define XIUFU_SRC_TEXT_FILE_H_

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "xiufu/text_decode.h"

namespace xiufu {

// NotFound when the file does not exist, Unavailable for other I/O failures.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);
// Creates or truncates `path`. Parent directories must exist (see MakeDirs).
absl::Status WriteTextFile(const std::string& path, std::string_view contents);

// A file written piece by piece (created or truncated by Open); the first error of Open, an
// Append or the closing is what Close returns, and Appends after an error do nothing. The
// destructor closes a file still open (its error then lost). Not thread-safe.
class TextFileWriter {
 public:
  TextFileWriter() = default;
  TextFileWriter(const TextFileWriter&) = delete;
  TextFileWriter& operator=(const TextFileWriter&) = delete;
  ~TextFileWriter();
  absl::Status Open(const std::string& path);
  void Append(std::string_view s);
  absl::Status Close();

 private:
  std::FILE* file_ = nullptr;
  std::string path_;
  absl::Status status_;
};
// `mkdir -p`.
absl::Status MakeDirs(const std::string& path);
// True when `path` exists (file or directory).
bool PathExists(const std::string& path);

// ReadTextFile + DecodeText (the file called by its path).
absl::StatusOr<DecodedText> ReadDecodedTextFile(const std::string& path,
                                                TextEncoding encoding = TextEncoding::kAuto);

}  // namespace xiufu

#endif  // XIUFU_SRC_TEXT_FILE_H_
