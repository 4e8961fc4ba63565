#include "base/text_file.h"

#include <iconv.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "base/str_util.h"
#include "xiufu/runtime/parallel_for.h"

namespace xiufu {
namespace {

absl::Status IoError(std::string_view what, const std::string& path, int err) {
  std::string msg = Cat("cannot ", what, " '", path, "': ", std::strerror(err));
  return err == ENOENT ? absl::NotFoundError(msg) : absl::UnavailableError(msg);
}

}  // namespace

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return IoError("open", path, errno);
  std::string out;
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    std::fclose(f);
    return IoError("read", path, EISDIR);
  }
  // Straight into the string, sized from fstat (one copy of the bytes, not two); then
  // whatever a file that grew meanwhile, or one whose size fstat does not know, still holds.
  size_t got = 0;
  if (fstat(fileno(f), &st) == 0 && st.st_size > 0) {
    out.resize(static_cast<size_t>(st.st_size));
    got = std::fread(out.data(), 1, out.size(), f);
    out.resize(got);
  }
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  const int err = errno;
  std::fclose(f);
  if (failed) return IoError("read", path, err);
  return out;
}

absl::Status WriteTextFile(const std::string& path, std::string_view contents) {
  TextFileWriter file;
  if (absl::Status st = file.Open(path); !st.ok()) return st;
  file.Append(contents);
  return file.Close();
}

TextFileWriter::~TextFileWriter() {
  if (file_ == nullptr) return;
  std::fclose(file_);
  if (written_ != path_) std::remove(written_.c_str());
}

absl::Status TextFileWriter::OpenAt(const std::string& path, const std::string& written) {
  if (file_ != nullptr) (void)Close();
  path_ = path;
  written_ = written;
  file_ = std::fopen(written.c_str(), "wb");
  status_ = file_ == nullptr ? IoError("create", written, errno) : absl::OkStatus();
  return status_;
}

absl::Status TextFileWriter::Open(const std::string& path) { return OpenAt(path, path); }

absl::Status TextFileWriter::OpenReplacing(const std::string& path) {
  return OpenAt(path, path + ".partial");
}

void TextFileWriter::Append(std::string_view s) {
  if (file_ == nullptr || !status_.ok() || s.empty()) return;
  if (std::fwrite(s.data(), 1, s.size(), file_) != s.size()) status_ = IoError("write", path_, errno);
}

absl::Status TextFileWriter::Close() {
  if (file_ == nullptr) return status_;
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (closed != 0 && status_.ok()) status_ = IoError("write", path_, errno);
  if (written_ != path_) {
    // The old file is unlinked first, so the rename does not replace a file: ext4 (its default
    // auto_da_alloc) flushes a file renamed over another at once, on the writer's time — as it
    // does one truncated and written again — which for the district job's outputs cost as
    // much as writing them.
    if (status_.ok() && std::remove(path_.c_str()) != 0 && errno != ENOENT) {
      status_ = IoError("replace", path_, errno);
    }
    if (status_.ok() && std::rename(written_.c_str(), path_.c_str()) != 0) {
      status_ = IoError("replace", path_, errno);
    }
    if (!status_.ok()) std::remove(written_.c_str());
  }
  return status_;
}

absl::Status MakeDirs(const std::string& path) {
  if (path.empty()) return absl::OkStatus();
  for (size_t i = 1; i <= path.size(); ++i) {
    if (i != path.size() && path[i] != '/') continue;
    const std::string prefix = path.substr(0, i);
    if (mkdir(prefix.c_str(), 0777) != 0 && errno != EEXIST) {
      return IoError("create directory", prefix, errno);
    }
  }
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(Cat("'", path, "' is not a directory"));
  }
  return absl::OkStatus();
}

bool PathExists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// ---------------------------------------------------------------------------------------------
// Decoding

namespace {
size_t FirstInvalidUtf8Pass(std::string_view s);
}  // namespace

size_t FirstInvalidUtf8(std::string_view s, int threads) {
  constexpr size_t kMinPart = size_t{1} << 20;
  const size_t n = s.size();
  const size_t workers = static_cast<size_t>(ResolveThreads(threads));
  if (workers <= 1 || n < 2 * kMinPart) return FirstInvalidUtf8Pass(s);
  // Parts start where a sequence starts (a byte that is not a continuation byte, 10xxxxxx): a
  // part that is valid ends where its last sequence ends, so one pass would be at a sequence
  // start there too, and the first invalid part gives one pass's offset. A cut inside a run of
  // more than three continuation bytes (invalid anyway) is left out.
  const size_t part = std::max(kMinPart, n / (4 * workers));
  std::vector<size_t> cuts{0};
  for (size_t c = part; c < n; c += part) {
    size_t at = c;
    while (at < n && at < c + 4 && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) ++at;
    if (at < n && at < c + 4 && at > cuts.back()) cuts.push_back(at);
  }
  cuts.push_back(n);
  std::vector<size_t> bad(cuts.size() - 1, std::string_view::npos);
  ParallelFor(threads, bad.size(), [&](size_t i) {
    const size_t at = FirstInvalidUtf8Pass(s.substr(cuts[i], cuts[i + 1] - cuts[i]));
    if (at != std::string_view::npos) bad[i] = cuts[i] + at;
  });
  for (size_t at : bad) {
    if (at != std::string_view::npos) return at;
  }
  return std::string_view::npos;
}

namespace {
size_t FirstInvalidUtf8Pass(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // Eight bytes at a time while none has its high bit set (ASCII: most of a CSV file).
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;       // overlong
      if (c == 0xED) hi = 0x9F;       // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;       // overlong
      if (c == 0xF4) hi = 0x8F;       // past U+10FFFF
    } else {
      return i;
    }
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}
}  // namespace

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

// Where a byte offset is, for messages: "byte 1234 (line 17)", 0-based byte, 1-based line.
std::string Where(std::string_view bytes, size_t offset) {
  const size_t line = 1 + static_cast<size_t>(std::count(
                              bytes.begin(), bytes.begin() + std::min(offset, bytes.size()), '\n'));
  std::string hex;
  for (size_t i = offset; i < bytes.size() && i < offset + 4; ++i) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%s%02X", hex.empty() ? "" : " ",
                  static_cast<unsigned char>(bytes[i]));
    hex += buf;
  }
  return Cat("byte ", offset, " (line ", line, hex.empty() ? "" : ", bytes ", hex, ")");
}

// Converts `in` from `from` to UTF-8 with iconv. On an invalid or incomplete sequence, returns
// false and its offset in `in`.
bool Iconv(std::string_view in, const char* from, std::string* out, size_t* bad_offset) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    *bad_offset = 0;
    return false;
  }
  out->clear();
  out->resize(in.size() * 2 + 16);
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  size_t done = 0;
  bool ok = true;
  while (src_left > 0) {
    char* dst = out->data() + done;
    size_t dst_left = out->size() - done;
    const size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
    done = out->size() - dst_left;
    if (r != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) {
      out->resize(out->size() * 2);
      continue;
    }
    ok = false;  // EILSEQ or EINVAL (incomplete at the end)
    *bad_offset = in.size() - src_left;
    break;
  }
  iconv_close(cd);
  out->resize(done);
  return ok;
}

// UTF-16 without a BOM: in the first 4 KiB, at least a quarter of the code units have a zero
// high byte and no low byte is zero (ASCII in UTF-16: "u\0s\0c\0c\0"). Returns kUtf16Le,
// kUtf16Be or kAuto (not UTF-16 by this test).
TextEncoding Utf16ByZeros(std::string_view b) {
  const size_t n = std::min<size_t>(b.size(), 4096) & ~size_t{1};
  if (n < 4) return TextEncoding::kAuto;
  size_t even = 0, odd = 0;
  for (size_t i = 0; i < n; i += 2) {
    even += b[i] == '\0';
    odd += b[i + 1] == '\0';
  }
  const size_t units = n / 2;
  if (odd * 4 >= units && even == 0) return TextEncoding::kUtf16Le;
  if (even * 4 >= units && odd == 0) return TextEncoding::kUtf16Be;
  return TextEncoding::kAuto;
}

std::string Note(std::string_view name, std::string_view zh, std::string_view en) {
  return Cat("xiufu: ", name, " ", zh, " / ", en);
}

}  // namespace

absl::StatusOr<TextEncoding> ParseTextEncoding(std::string_view name) {
  const std::string n = Lower(name);
  if (n == "auto") return TextEncoding::kAuto;
  if (n == "utf-8" || n == "utf8") return TextEncoding::kUtf8;
  if (n == "utf-16le" || n == "utf16le" || n == "utf-16-le") return TextEncoding::kUtf16Le;
  if (n == "utf-16be" || n == "utf16be" || n == "utf-16-be") return TextEncoding::kUtf16Be;
  if (n == "gb18030" || n == "gbk" || n == "gb2312" || n == "cp936") return TextEncoding::kGb18030;
  return absl::InvalidArgumentError(
      Cat("unknown encoding '", name,
          "' (known: auto, utf-8, utf-16le, utf-16be, gb18030; gbk, gb2312 and cp936 are read as "
          "gb18030, their superset)"));
}

std::string_view TextEncodingName(TextEncoding e) {
  switch (e) {
    case TextEncoding::kAuto: return "auto";
    case TextEncoding::kUtf8: return "UTF-8";
    case TextEncoding::kUtf16Le: return "UTF-16 LE";
    case TextEncoding::kUtf16Be: return "UTF-16 BE";
    case TextEncoding::kGb18030: return "GB18030";
  }
  return "auto";
}

absl::StatusOr<DecodedText> DecodeText(std::string bytes, std::string_view name,
                                       TextEncoding encoding, int threads) {
  DecodedText out;
  const std::string_view b = bytes;
  const bool utf8_bom = b.substr(0, 3) == "\xEF\xBB\xBF";
  const bool le_bom = b.substr(0, 2) == "\xFF\xFE";
  const bool be_bom = b.substr(0, 2) == "\xFE\xFF";
  bool by_zeros = false;
  if (encoding == TextEncoding::kAuto) {
    if (le_bom) {
      encoding = TextEncoding::kUtf16Le;
    } else if (be_bom) {
      encoding = TextEncoding::kUtf16Be;
    } else if (TextEncoding z = Utf16ByZeros(b); z != TextEncoding::kAuto) {
      encoding = z;
      by_zeros = true;
    } else {
      const size_t bad = FirstInvalidUtf8(b, threads);
      if (bad == std::string_view::npos) {
        out.encoding = TextEncoding::kUtf8;
        if (utf8_bom) bytes.erase(0, 3);
        out.text = std::move(bytes);
        return out;
      }
      size_t bad_gb = 0;
      if (!Iconv(b, "GB18030", &out.text, &bad_gb) || FirstInvalidUtf8(out.text, threads) != std::string_view::npos) {
        return absl::InvalidArgumentError(Cat(
            name, ": cannot tell the text encoding: not UTF-8 (invalid sequence at ", Where(b, bad),
            "), not UTF-16 (no byte-order mark or zero bytes), not GB18030/GBK (invalid at ",
            Where(b, bad_gb), "); save the file as \"CSV UTF-8\" or name its encoding with "
            "--encoding"));
      }
      out.encoding = TextEncoding::kGb18030;
      out.note = Note(name, "按 GB18030 读取（中文版 Excel/WPS 保存 CSV 时使用的编码）",
                      "read as GB18030 (the encoding zh-CN Excel/WPS use for CSV)");
      return out;
    }
  }
  out.encoding = encoding;
  size_t bad = 0;
  switch (encoding) {
    case TextEncoding::kAuto:
    case TextEncoding::kUtf8: {
      bad = FirstInvalidUtf8(b, threads);
      if (bad != std::string_view::npos) {
        return absl::InvalidArgumentError(Cat(name, ": not valid UTF-8: invalid sequence at ",
                                              Where(b, bad)));
      }
      if (utf8_bom) bytes.erase(0, 3);
      out.text = std::move(bytes);
      return out;
    }
    case TextEncoding::kUtf16Le:
    case TextEncoding::kUtf16Be: {
      const bool le = encoding == TextEncoding::kUtf16Le;
      const size_t skip = (le && le_bom) || (!le && be_bom) ? 2 : 0;
      if (!Iconv(b.substr(skip), le ? "UTF-16LE" : "UTF-16BE", &out.text, &bad)) {
        return absl::InvalidArgumentError(
            Cat(name, ": not valid ", TextEncodingName(encoding), ": invalid sequence at ",
                Where(b, bad + skip)));
      }
      if (std::string_view(out.text).substr(0, 3) == "\xEF\xBB\xBF") out.text.erase(0, 3);
      const std::string_view en_name = le ? "UTF-16 LE" : "UTF-16 BE";
      if (by_zeros) {
        out.note = Note(name,
                        Cat("按 ", en_name, " 读取（无字节顺序标记，按零字节规律判断）"),
                        Cat("read as ", en_name,
                            " (no byte-order mark; recognised by its zero bytes)"));
      } else {
        out.note = Note(name, Cat("按 ", en_name, " 读取（Excel「Unicode 文本」的编码）"),
                        Cat("read as ", en_name, " (Excel's \"Unicode text\")"));
      }
      return out;
    }
    case TextEncoding::kGb18030: {
      if (!Iconv(b, "GB18030", &out.text, &bad)) {
        return absl::InvalidArgumentError(
            Cat(name, ": not valid GB18030: invalid sequence at ", Where(b, bad)));
      }
      if (std::string_view(out.text).substr(0, 3) == "\xEF\xBB\xBF") out.text.erase(0, 3);
      out.note = Note(name, "按 GB18030 读取（中文版 Excel/WPS 保存 CSV 时使用的编码）",
                      "read as GB18030 (the encoding zh-CN Excel/WPS use for CSV)");
      return out;
    }
  }
  return out;
}

absl::StatusOr<DecodedText> ReadDecodedTextFile(const std::string& path, TextEncoding encoding) {
  absl::StatusOr<std::string> bytes = ReadTextFile(path);
  if (!bytes.ok()) return bytes.status();
  return DecodeText(*std::move(bytes), path, encoding);
}

}  // namespace xiufu
