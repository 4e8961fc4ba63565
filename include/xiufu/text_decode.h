// xiufu text decoding — decided once for every text input (the district CSV reader, the
// rule-pack loader, Python's read_district through the binding): DecodeText turns a file's
// bytes into UTF-8 without a byte-order mark.
//   - valid UTF-8 (a leading BOM is dropped) is used as is, without a note;
//   - a UTF-16 BOM (FF FE / FE FF) means UTF-16 LE / BE; without a BOM, UTF-16 is recognised
//     by its zero bytes (every other byte is 0 for the ASCII of a CSV header) and says so;
//   - otherwise GB18030 (the superset of GBK and GB2312, what zh-CN Excel and WPS write for
//     "CSV") is tried, and used when the whole file decodes;
//   - anything else is refused with the byte offset (and line) of the first invalid sequence.
// A converted file carries one note (Chinese, then English) to show the user once. A forced
// encoding (`--encoding`) skips the detection. Conversion uses iconv from the C library.
//
// Pure functions; thread-safe.
#ifndef XIUFU_TEXT_DECODE_H_
#define XIUFU_TEXT_DECODE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace xiufu {

enum class TextEncoding : unsigned char { kAuto, kUtf8, kUtf16Le, kUtf16Be, kGb18030 };

// "auto", "utf-8" (also "utf8"), "utf-16le", "utf-16be", "gb18030" (also "gbk", "gb2312",
// "cp936"), case-insensitive; InvalidArgument for anything else.
absl::StatusOr<TextEncoding> ParseTextEncoding(std::string_view name);
// "auto", "UTF-8", "UTF-16 LE", "UTF-16 BE", "GB18030".
std::string_view TextEncodingName(TextEncoding e);

struct DecodedText {
  std::string text;  // UTF-8, no byte-order mark
  TextEncoding encoding = TextEncoding::kUtf8;  // what the bytes were
  // One line for the user when the file was not UTF-8 ("" otherwise), e.g.
  // "xiufu: entities.csv 按 GB18030 读取（…）/ read as GB18030 (…)".
  std::string note;
};

// `name` is what the note and errors call the file. InvalidArgument when the bytes are not
// text in the detected (or forced) encoding, with the byte offset and line of the first
// invalid sequence. UTF-8 is checked on `threads` threads (<= 0: all cores) when the text is
// large; the result is the same for any count.
absl::StatusOr<DecodedText> DecodeText(std::string bytes, std::string_view name,
                                       TextEncoding encoding = TextEncoding::kAuto,
                                       int threads = 1);
// Offset of the first byte of the first invalid UTF-8 sequence (overlong forms, surrogates
// and code points past U+10FFFF are invalid), or npos when `s` is valid UTF-8. With `threads`
// other than 1, a text of several MiB is cut into parts where a sequence starts and the parts
// are checked on the threads: the same offset as one pass.
size_t FirstInvalidUtf8(std::string_view s, int threads = 1);

}  // namespace xiufu

#endif  // XIUFU_TEXT_DECODE_H_
