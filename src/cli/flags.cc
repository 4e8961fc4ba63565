#include "cli/flags.h"

#include <unistd.h>

#include <chrono>
#include <ctime>

#include "absl/status/status.h"
#include "base/str_util.h"

namespace xiufu::cli {

absl::StatusOr<Flags> Flags::Parse(int argc, char** argv, std::initializer_list<FlagSpec> spec) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      flags.help_ = true;
      continue;
    }
    if (arg.size() < 3 || arg.substr(0, 2) != "--") {
      if (!arg.empty() && arg[0] == '-') {
        return absl::InvalidArgumentError(Cat("unknown option '", arg, "'"));
      }
      flags.positional_.emplace_back(arg);
      continue;
    }
    std::string_view name = arg.substr(2);
    std::string_view value;
    bool has_value = false;
    if (const size_t eq = name.find('='); eq != std::string_view::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    const FlagSpec* found = nullptr;
    for (const FlagSpec& s : spec) {
      if (s.name == name) found = &s;
    }
    if (found == nullptr) return absl::InvalidArgumentError(Cat("unknown option '--", name, "'"));
    if (found->takes_value && !has_value) {
      if (i + 1 >= argc) {
        return absl::InvalidArgumentError(Cat("option '--", name, "' needs a value"));
      }
      value = argv[++i];
    } else if (!found->takes_value && has_value) {
      return absl::InvalidArgumentError(Cat("option '--", name, "' takes no value"));
    }
    if (flags.Has(name)) {
      return absl::InvalidArgumentError(Cat("option '--", name, "' given twice"));
    }
    flags.values_.emplace_back(std::string(name), std::string(value));
  }
  return flags;
}

bool Flags::Has(std::string_view name) const {
  for (const auto& [k, v] : values_) {
    if (k == name) return true;
  }
  return false;
}

std::string Flags::Get(std::string_view name, std::string_view fallback) const {
  for (const auto& [k, v] : values_) {
    if (k == name) return v;
  }
  return std::string(fallback);
}

absl::StatusOr<int64_t> Flags::GetInt(std::string_view name, int64_t fallback, int64_t lo,
                                      int64_t hi) const {
  if (!Has(name)) return fallback;
  const std::string text = Get(name);
  int64_t v = 0;
  bool ok = !text.empty() && text.size() <= 18;
  for (char c : text) {
    if (c < '0' || c > '9') ok = false;
    else v = v * 10 + (c - '0');
  }
  if (!ok || v < lo || v > hi) {
    return absl::InvalidArgumentError(
        Cat("option '--", name, "': '", text, "' is not a whole number in [", lo, ", ", hi, "]"));
  }
  return v;
}

absl::StatusOr<Date> Flags::GetDate(std::string_view name, Date fallback) const {
  if (!Has(name)) return fallback;
  absl::StatusOr<Date> d = ParseDate(Get(name));
  if (!d.ok()) {
    return absl::InvalidArgumentError(Cat("option '--", name, "': ", d.status().message()));
  }
  return d;
}

absl::Status Flags::Require(std::initializer_list<std::string_view> names) const {
  for (std::string_view n : names) {
    if (!Has(n)) return absl::InvalidArgumentError(Cat("option '--", n, "' is required"));
  }
  return absl::OkStatus();
}

Date Today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return FromYmd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

double NowMs() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace xiufu::cli
