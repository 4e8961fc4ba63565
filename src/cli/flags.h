// Command-line flag parsing for the xiufu subcommands: `--name value`, `--name=value` and
// boolean `--name`, checked against the subcommand's list of known flags, plus the typed getters
// and small terminal helpers the commands share. Usage errors are Status values whose message
// the command prints before exiting with code 2.
//
// Not thread-safe (plain value type).
#ifndef XIUFU_CLI_FLAGS_H_
#define XIUFU_CLI_FLAGS_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "xiufu/runtime/date.h"

namespace xiufu::cli {

struct FlagSpec {
  std::string_view name;  // without the leading "--"
  bool takes_value;
};

class Flags {
 public:
  // Parses argv[1..argc) (argv[0] is the subcommand). "-h" / "--help" set help().
  static absl::StatusOr<Flags> Parse(int argc, char** argv, std::initializer_list<FlagSpec> spec);

  bool help() const { return help_; }
  bool Has(std::string_view name) const;
  std::string Get(std::string_view name, std::string_view fallback = "") const;
  // Integer in [lo, hi]; `fallback` when the flag is absent.
  absl::StatusOr<int64_t> GetInt(std::string_view name, int64_t fallback, int64_t lo,
                                 int64_t hi) const;
  // A date; `fallback` when the flag is absent.
  absl::StatusOr<Date> GetDate(std::string_view name, Date fallback) const;
  // Fails unless every flag in `names` was given.
  absl::Status Require(std::initializer_list<std::string_view> names) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  bool help_ = false;
  std::vector<std::pair<std::string, std::string>> values_;
  std::vector<std::string> positional_;
};

// Today in the local time zone.
Date Today();
// True when standard error is a terminal (progress messages go there only then).
bool StderrIsTerminal();
// Milliseconds on a monotonic clock, for timings.
double NowMs();

}  // namespace xiufu::cli

#endif  // XIUFU_CLI_FLAGS_H_
