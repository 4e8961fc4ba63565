#include "table_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <set>
#include <utility>

#include "str.h"
#include "absl/strings/str_format.h"

namespace xiufu::server {

std::string Rfc3339(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char buf[80];  // room for any int the fields could hold (GCC checks it; a real time takes 24)
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

namespace {

std::vector<TableSnapshot::Regime> Regimes(const DecisionTable& t) {
  // Every day a row starts or stops being in force starts a new regime.
  std::set<int32_t> starts;
  for (uint32_t r = 0; r < t.NumRows(); ++r) {
    const Date from = t.RowEffectiveFrom(r), to = t.RowEffectiveTo(r);
    if (from.days != kNoDay) starts.insert(from.days);
    if (to.days != kNoDay) starts.insert(to.days + 1);
  }
  std::vector<TableSnapshot::Regime> out;
  int32_t from = kNoDay;
  for (const int32_t s : starts) {
    out.push_back({from, s - 1});
    from = s;
  }
  out.push_back({from, kNoDay});
  return out;
}

}  // namespace

TableStore::TableStore(Loader loader, std::string source, std::string watch_path, LogFn log)
    : loader_(std::move(loader)), source_(std::move(source)), watch_path_(std::move(watch_path)),
      log_(std::move(log)) {}

TableStore::~TableStore() { Stop(); }

std::string TableStore::FileKey() const {
  struct stat st;
  if (watch_path_.empty() || stat(watch_path_.c_str(), &st) != 0) return "";
  return Cat(st.st_dev, ":", st.st_ino, ":", st.st_size, ":", st.st_mtim.tv_sec, ".",
                      st.st_mtim.tv_nsec);
}

absl::StatusOr<std::shared_ptr<const TableSnapshot>> TableStore::LoadSnapshot() {
  std::string compiled_at;
  if (!watch_path_.empty()) {
    struct stat st;
    if (stat(watch_path_.c_str(), &st) == 0) {
      compiled_at = Rfc3339(std::chrono::system_clock::time_point(
          std::chrono::duration_cast<std::chrono::system_clock::duration>(
              std::chrono::seconds(st.st_mtim.tv_sec) + std::chrono::nanoseconds(st.st_mtim.tv_nsec))));
    }
  }
  absl::StatusOr<DecisionTable> table = loader_();
  if (!table.ok()) return table.status();
  // Verify: a table a request can be answered with has the eight input domains and platforms.
  if (!table->valid()) return absl::DataLossError("the loaded table is empty");
  absl::StatusOr<Dictionary> dict = Dictionary::FromTable(*table);
  if (!dict.ok()) {
    return absl::FailedPreconditionError(
        Cat("the table has no usable input dictionary: ", dict.status().message()));
  }
  if (table->NumPlatforms() <= 0) return absl::FailedPreconditionError("the table has no platforms");
  auto snap = std::make_shared<TableSnapshot>();
  snap->table = *std::move(table);
  snap->dict = *std::move(dict);
  snap->input_fingerprint = InputFingerprint(snap->table);
  snap->hash = absl::StrFormat("%016x", snap->table.PackHash());
  snap->source = source_;
  snap->loaded_at = Rfc3339(std::chrono::system_clock::now());
  snap->compiled_at = compiled_at.empty() ? snap->loaded_at : compiled_at;
  snap->regimes = Regimes(snap->table);
  return std::shared_ptr<const TableSnapshot>(std::move(snap));
}

absl::Status TableStore::LoadInitial() {
  std::lock_guard<std::mutex> lock(reload_mu_);
  last_key_ = FileKey();
  absl::StatusOr<std::shared_ptr<const TableSnapshot>> snap = LoadSnapshot();
  if (!snap.ok()) return snap.status();
  auto s = std::const_pointer_cast<TableSnapshot>(*snap);
  s->generation = ++generation_;
  std::lock_guard<std::mutex> cl(current_mu_);
  current_ = std::move(s);
  return absl::OkStatus();
}

std::shared_ptr<const TableSnapshot> TableStore::Current() const {
  std::lock_guard<std::mutex> lock(current_mu_);
  return current_;
}

absl::Status TableStore::Reload(std::string_view why) {
  std::lock_guard<std::mutex> lock(reload_mu_);
  absl::StatusOr<std::shared_ptr<const TableSnapshot>> snap = LoadSnapshot();
  if (!snap.ok()) {
    reloads_failed_.fetch_add(1, std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> el(error_mu_);
      last_error_ = std::string(snap.status().ToString());
    }
    const std::shared_ptr<const TableSnapshot> cur = Current();
    if (log_) {
      log_(Cat("reload (", why, ") refused: ", snap.status().ToString(),
                        "; still serving table ", cur ? cur->hash : "none"));
    }
    return snap.status();
  }
  auto s = std::const_pointer_cast<TableSnapshot>(*snap);
  s->generation = ++generation_;
  std::string old_hash;
  {
    std::lock_guard<std::mutex> cl(current_mu_);
    if (current_) old_hash = current_->hash;
    current_ = s;
  }
  reloads_ok_.fetch_add(1, std::memory_order_relaxed);
  if (log_) {
    log_(Cat("reload (", why, "): table ", old_hash, " -> ", s->hash, " (pack ",
                      s->table.PackName(), " ", s->table.PackVersion(), ", generation ",
                      s->generation, ")"));
  }
  return absl::OkStatus();
}

void TableStore::RequestReload() {
  {
    std::lock_guard<std::mutex> lock(watch_mu_);
    reload_requested_ = true;
  }
  watch_cv_.notify_one();
}

std::string TableStore::last_error() const {
  std::lock_guard<std::mutex> lock(error_mu_);
  return last_error_;
}

void TableStore::StartWatcher(std::chrono::milliseconds period) {
  if (watcher_.joinable()) return;
  watcher_ = std::thread([this, period] { WatchLoop(period); });
}

void TableStore::Stop() {
  {
    std::lock_guard<std::mutex> lock(watch_mu_);
    stop_ = true;
  }
  watch_cv_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

void TableStore::WatchLoop(std::chrono::milliseconds period) {
  std::unique_lock<std::mutex> lock(watch_mu_);
  while (!stop_) {
    watch_cv_.wait_for(lock, period, [this] { return stop_ || reload_requested_; });
    if (stop_) break;
    const bool requested = std::exchange(reload_requested_, false);
    lock.unlock();
    const std::string key = FileKey();
    if (requested) {
      last_key_ = key;
      (void)Reload("signal");
    } else if (!key.empty() && key != last_key_) {
      // Remembered before loading: a refused file is not retried until it changes again.
      last_key_ = key;
      (void)Reload("table file changed");
    }
    lock.lock();
  }
}

}  // namespace xiufu::server
