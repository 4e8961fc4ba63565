// xiufu::server::TableStore — the decision table a server answers with, and its hot reload.
//
// The current table is an immutable TableSnapshot behind a shared_ptr: a request takes one
// reference when it starts (Current()) and answers entirely from it, so a reload never changes
// a table under a request in flight — the old snapshot is freed when its last request ends.
// Reload() loads and verifies a new table off the request path (the watcher thread, SIGHUP, or
// the admin endpoint), then swaps the pointer; a table that fails to load (not a blob, truncated,
// checksum, malformed, another format version) or to verify (no input dictionary) is refused
// and the old one keeps serving.
//
// Thread-safe: Current() from any thread; reloads are serialized.
#ifndef XIUFU_SERVER_TABLE_STORE_H_
#define XIUFU_SERVER_TABLE_STORE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "xiufu/runtime/date.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/dictionary.h"

namespace xiufu::server {

// One loaded table with everything requests need from it.
struct TableSnapshot {
  DecisionTable table;
  Dictionary dict;
  uint64_t input_fingerprint = 0;
  std::string hash;         // the pack hash, 16 hex digits: every answer names it
  std::string source;       // the table file or rules directory it came from
  std::string compiled_at;  // the table file's modification time (RFC 3339 UTC); rules: loaded_at
  std::string loaded_at;    // RFC 3339 UTC
  uint64_t generation = 0;  // 1 for the first table, +1 per successful reload
  // The legal regimes the table's rows distinguish: consecutive [from, to] (inclusive) day
  // ranges between effective-date boundaries; kNoDay = open.
  struct Regime {
    int32_t from = kNoDay;
    int32_t to = kNoDay;
  };
  std::vector<Regime> regimes;
};

// RFC 3339 UTC with milliseconds, e.g. "2026-11-22T08:15:03.125Z".
std::string Rfc3339(std::chrono::system_clock::time_point t);

class TableStore {
 public:
  // Produces a fresh table: LoadTable(path), or compiling a rules directory.
  using Loader = std::function<absl::StatusOr<DecisionTable>()>;
  // Reports reload outcomes (one line, no newline) — the server writes them to stderr.
  using LogFn = std::function<void(std::string_view)>;

  // `watch_path`: the table file to poll for changes (empty: no file watch, e.g. --rules).
  TableStore(Loader loader, std::string source, std::string watch_path, LogFn log);
  ~TableStore();
  TableStore(const TableStore&) = delete;
  TableStore& operator=(const TableStore&) = delete;

  // The first load; fails when the table cannot be loaded or verified.
  absl::Status LoadInitial();

  std::shared_ptr<const TableSnapshot> Current() const;

  // Loads, verifies and swaps in a new table now (serialized with other reloads); `why` is
  // logged. On failure the current table stays and the failure is counted.
  absl::Status Reload(std::string_view why);
  // Asks the watcher thread to reload soon (async-signal-unsafe work stays off the caller).
  void RequestReload();

  // Polls `watch_path` every `period` (inode, size, modification time) and reloads when it
  // changed; also serves RequestReload(). Stop() (or the destructor) joins the thread.
  void StartWatcher(std::chrono::milliseconds period);
  void Stop();

  uint64_t reloads_ok() const { return reloads_ok_.load(std::memory_order_relaxed); }
  uint64_t reloads_failed() const { return reloads_failed_.load(std::memory_order_relaxed); }
  std::string last_error() const;

 private:
  absl::StatusOr<std::shared_ptr<const TableSnapshot>> LoadSnapshot();
  std::string FileKey() const;
  void WatchLoop(std::chrono::milliseconds period);

  Loader loader_;
  std::string source_;
  std::string watch_path_;
  LogFn log_;

  mutable std::mutex current_mu_;
  std::shared_ptr<const TableSnapshot> current_;
  std::mutex reload_mu_;  // one reload at a time
  uint64_t generation_ = 0;  // guarded by reload_mu_
  std::atomic<uint64_t> reloads_ok_{0}, reloads_failed_{0};
  mutable std::mutex error_mu_;
  std::string last_error_;

  std::mutex watch_mu_;
  std::condition_variable watch_cv_;
  bool stop_ = false;
  bool reload_requested_ = false;
  std::string last_key_;  // watcher thread only
  std::thread watcher_;
};

}  // namespace xiufu::server

#endif  // XIUFU_SERVER_TABLE_STORE_H_
