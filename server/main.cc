// xiufu-server — the district's credit-repair answers over HTTP, on the xiufu runtime.
//
//   xiufu-server --table gongshu.xtb --listen 127.0.0.1:8080 [--threads N] [--decision-log DIR]
//   xiufu-server --rules rules/gongshu ...        (compiles the pack at start and on reload)
//
// Reloads the table when the file changes, on SIGHUP and on POST /v1/admin/reload. See
// docs/server.md.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "str.h"
#include "decision_log.h"
#include "http_server.h"
#include "metrics.h"
#include "service.h"
#include "table_store.h"
#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/runtime/blob.h"
#include "xiufu/runtime/date.h"

namespace {

using namespace xiufu::server;  // NOLINT

constexpr const char* kUsage =
    "usage: xiufu-server (--table FILE.xtb | --rules DIR) [--listen HOST:PORT] [--threads N]\n"
    "                    [--decision-log DIR] [options]\n"
    "  --table FILE         compiled table blob (xiufu compile); reloaded when the file changes\n"
    "  --rules DIR          rule pack directory, compiled at start and on each reload\n"
    "  --listen HOST:PORT   address to serve on (default 127.0.0.1:8080; port 0 = ephemeral)\n"
    "  --threads N          io threads (default: hardware concurrency)\n"
    "  --decision-log DIR   write one JSON line per decision to DIR/decisions.log (off by default)\n"
    "  --log-rotate-mb N    rotate the decision log at N MiB (default 64); --log-queue N lines\n"
    "                       queued before lines are dropped (default 65536)\n"
    "  --as-of YYYY-MM-DD   evaluation date for requests without as_of (default: today)\n"
    "  --max-body BYTES     request body limit (default 1048576); --max-batch-body BYTES for\n"
    "                       /v1/evaluate/batch (default 67108864)\n"
    "  --read-timeout-ms N  a request must arrive within N ms (default 10000), else 408\n"
    "  --write-timeout-ms N (default 30000)\n"
    "  --watch-ms N         how often the table file is checked for changes (default 500)\n"
    "  --port-file FILE     write the bound port to FILE once listening\n";

void Log(std::string_view line) {
  std::fprintf(stderr, "xiufu-server: %.*s\n", static_cast<int>(line.size()), line.data());
}

int Usage(const std::string& error) {
  if (!error.empty()) std::fprintf(stderr, "xiufu-server: %s\n", error.c_str());
  std::fputs(kUsage, stderr);
  return 2;
}

absl::StatusOr<xiufu::DecisionTable> CompileRules(const std::string& dir) {
  absl::StatusOr<xiufu::LoadResult> loaded = xiufu::LoadPack(dir);
  if (!loaded.ok()) return loaded.status();
  if (!loaded->ok()) {
    std::string first;
    for (const xiufu::Diagnostic& d : loaded->diagnostics) {
      if (d.severity == xiufu::Severity::kError) {
        first = xiufu::FormatDiagnostic(d);
        break;
      }
    }
    return absl::InvalidArgumentError(
        Cat("rule pack ", dir, " has ", loaded->error_count, " error(s); first: ", first));
  }
  return xiufu::Compile(*loaded);
}

}  // namespace

int main(int argc, char** argv) {
  std::string table_path, rules_dir, listen = "127.0.0.1:8080", log_dir, as_of_text, port_file;
  HttpOptions http;
  DecisionLogOptions log_options;
  int64_t watch_ms = 500;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (i + 1 >= argc) return Usage(Cat("missing value for ", a));
    const std::string v = argv[++i];
    int64_t n = 0;
    auto number = [&](int64_t lo, int64_t hi) {
      return absl::SimpleAtoi(v, &n) && n >= lo && n <= hi;
    };
    if (a == "--table") {
      table_path = v;
    } else if (a == "--rules") {
      rules_dir = v;
    } else if (a == "--listen") {
      listen = v;
    } else if (a == "--decision-log") {
      log_dir = v;
    } else if (a == "--as-of") {
      as_of_text = v;
    } else if (a == "--port-file") {
      port_file = v;
    } else if (a == "--threads") {
      if (!number(0, 1024)) return Usage("--threads takes 0..1024");
      http.threads = static_cast<int>(n);
    } else if (a == "--max-body") {
      if (!number(1, int64_t{1} << 40)) return Usage("--max-body takes a byte count");
      http.max_body = static_cast<size_t>(n);
    } else if (a == "--max-batch-body") {
      if (!number(1, int64_t{1} << 40)) return Usage("--max-batch-body takes a byte count");
      http.max_batch_body = static_cast<size_t>(n);
    } else if (a == "--read-timeout-ms") {
      if (!number(1, 3600000)) return Usage("--read-timeout-ms takes 1..3600000");
      http.read_timeout = std::chrono::milliseconds(n);
    } else if (a == "--write-timeout-ms") {
      if (!number(1, 3600000)) return Usage("--write-timeout-ms takes 1..3600000");
      http.write_timeout = std::chrono::milliseconds(n);
    } else if (a == "--watch-ms") {
      if (!number(10, 3600000)) return Usage("--watch-ms takes 10..3600000");
      watch_ms = n;
    } else if (a == "--log-rotate-mb") {
      if (!number(1, 1 << 20)) return Usage("--log-rotate-mb takes 1..1048576");
      log_options.rotate_bytes = static_cast<uint64_t>(n) << 20;
    } else if (a == "--log-queue") {
      if (!number(1, 1 << 24)) return Usage("--log-queue takes 1..16777216");
      log_options.queue_lines = static_cast<size_t>(n);
    } else {
      return Usage(Cat("unknown option ", a));
    }
  }
  if (table_path.empty() == rules_dir.empty()) return Usage("give exactly one of --table and --rules");
  const size_t colon = listen.rfind(':');
  int64_t port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return Usage(Cat("--listen takes HOST:PORT, not '", listen, "'"));
  }
  http.address = listen.substr(0, colon);
  if (http.address.size() > 2 && http.address.front() == '[') {
    http.address = http.address.substr(1, http.address.size() - 2);
  }
  if (http.address == "localhost") http.address = "127.0.0.1";
  http.port = static_cast<uint16_t>(port);
  http.handle_signals = true;

  ServiceOptions service_options;
  if (!as_of_text.empty()) {
    absl::StatusOr<xiufu::Date> d = xiufu::ParseDate(as_of_text);
    if (!d.ok()) return Usage(Cat("--as-of: ", d.status().message()));
    service_options.today = [d = *d] { return d; };
  }

  TableStore::Loader loader;
  if (!table_path.empty()) {
    loader = [table_path] { return xiufu::LoadTable(table_path); };
  } else {
    loader = [rules_dir] { return CompileRules(rules_dir); };
  }
  TableStore store(loader, table_path.empty() ? rules_dir : table_path, table_path, Log);
  if (absl::Status st = store.LoadInitial(); !st.ok()) {
    Log(Cat("cannot load the table: ", st.ToString()));
    return 1;
  }
  std::unique_ptr<DecisionLog> log;
  if (!log_dir.empty()) {
    log_options.dir = log_dir;
    log = std::make_unique<DecisionLog>(log_options);
    if (absl::Status st = log->Open(); !st.ok()) {
      Log(st.ToString());
      return 1;
    }
  }
  Metrics metrics;
  Service service(store, metrics, log.get(), service_options);
  HttpServer server(service, http);
  if (absl::Status st = server.Start(); !st.ok()) {
    Log(st.ToString());
    return 1;
  }
  store.StartWatcher(std::chrono::milliseconds(watch_ms));
  const auto snap = store.Current();
  Log(Cat("listening on ", http.address, ":", server.port(), " with table ", snap->hash,
                   " (pack ", snap->table.PackName(), " ", snap->table.PackVersion(), ")",
                   log ? Cat(", decision log ", log->path()) : std::string()));
  if (!port_file.empty()) {
    const std::string tmp = port_file + ".tmp";
    if (std::FILE* f = std::fopen(tmp.c_str(), "w")) {
      std::fprintf(f, "%u\n", static_cast<unsigned>(server.port()));
      std::fclose(f);
      std::rename(tmp.c_str(), port_file.c_str());
    }
  }
  server.Wait();
  store.Stop();
  if (log) log->Close();
  Log("stopped");
  return 0;
}
