// FormatOutput and WriteOutput (xiufu/output_text.h).
#include "xiufu/output_text.h"

#include <algorithm>
#include <mutex>
#include <utility>
#include <vector>

#include "base/text_file.h"
#include "xiufu/runtime/parallel_for.h"

namespace xiufu {
namespace {

size_t Chunks(const OutputText& t) {
  const size_t chunk = std::max<size_t>(1, t.chunk);
  return (t.items + chunk - 1) / chunk;
}

// Formats chunk c of `t` into *out (appended).
void FormatChunk(const OutputText& t, size_t c, std::string* out) {
  const size_t chunk = std::max<size_t>(1, t.chunk);
  t.rows(std::min(t.items, c * chunk), std::min(t.items, (c + 1) * chunk), out);
}

bool OneThread(const OutputText& t, int threads) {
  return Chunks(t) <= 1 || ResolveThreads(threads) <= 1;
}

}  // namespace

std::string FormatOutput(const OutputText& text, int threads) {
  std::string out = text.head;
  const size_t chunks = Chunks(text);
  if (OneThread(text, threads)) {
    for (size_t c = 0; c < chunks; ++c) FormatChunk(text, c, &out);
    return out;
  }
  std::vector<std::string> parts(chunks);
  ParallelFor(threads, chunks, [&](size_t c) { FormatChunk(text, c, &parts[c]); });
  size_t total = out.size();
  for (const std::string& p : parts) total += p.size();
  out.reserve(total);
  for (std::string& p : parts) {
    out.append(p);
    std::string().swap(p);  // freed once copied
  }
  return out;
}

absl::Status WriteOutput(const std::string& path, const OutputText& text, int threads) {
  TextFileWriter file;
  if (absl::Status st = file.OpenReplacing(path); !st.ok()) return st;
  file.Append(text.head);
  const size_t chunks = Chunks(text);
  if (OneThread(text, threads)) {
    std::string part;  // one buffer, reused
    for (size_t c = 0; c < chunks; ++c) {
      part.clear();
      FormatChunk(text, c, &part);
      file.Append(part);
    }
    return file.Close();
  }
  // Each thread formats a chunk, then leaves it for whichever thread is writing: one thread at
  // a time writes the chunks that are ready, in order, outside the lock; a thread that finds
  // none writing becomes the writer. The check for the next ready chunk and the hand-over both
  // happen under the lock, so no chunk is left behind.
  std::vector<std::string> parts(chunks);
  std::vector<uint8_t> ready(chunks, 0);
  std::mutex mu;
  size_t next = 0;
  bool writing = false;
  ParallelFor(threads, chunks, [&](size_t c) {
    std::string part;
    FormatChunk(text, c, &part);
    std::unique_lock<std::mutex> lock(mu);
    parts[c] = std::move(part);
    ready[c] = 1;
    if (writing) return;
    writing = true;
    while (next < chunks && ready[next]) {
      std::string p = std::move(parts[next]);
      ++next;
      lock.unlock();
      file.Append(p);
      p = std::string();
      lock.lock();
    }
    writing = false;
  });
  return file.Close();
}

}  // namespace xiufu
