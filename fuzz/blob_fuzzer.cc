// Fuzzes the blob loader (xiufu/runtime/blob.h DeserializeTable), the runtime's only parser of
// untrusted bytes (a host loads whatever table file it is given).
//
// Input: a table blob. Each input is loaded twice: as it is (the header checks: magic,
// version, sizes, checksum) and with its header repaired (magic, version, payload size and
// checksum set to match), so mutations of the payload reach the section reader and the validation of
// every index instead of stopping at the checksum.
//
// Checks: no crash or hang; a blob that loads serializes back byte-identically, and evaluates
// and explains a population made of its own codes without fault — validation must refuse
// every blob the evaluator cannot run.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "fuzz_support.h"
#include "xiufu/runtime/blob.h"
#include "xiufu/runtime/detail/blob_format.h"
#include "xiufu/serialize.h"

namespace {

void LoadAndRun(std::string_view blob) {
  using namespace xiufu;
  absl::StatusOr<DecisionTable> table = DeserializeTable(blob);
  if (!table.ok()) return;
  const std::string again = SerializeTable(*table);
  if (again != blob) {
    size_t at = 0;
    while (at < again.size() && at < blob.size() && again[at] == blob[at]) ++at;
    fuzz::Fail("a loaded blob does not serialize back: first difference at byte " +
               std::to_string(at) + " of " + std::to_string(blob.size()));
  }
  fuzz::ExerciseTable(*table);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace xiufu;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  LoadAndRun(input);
  if (size < internal::kHeaderSize) return 0;
  std::string fixed(input);
  const std::string_view payload = std::string_view(fixed).substr(internal::kHeaderSize);
  const uint32_t version = kBlobFormatVersion;
  const uint64_t payload_size = payload.size();
  std::memcpy(fixed.data(), internal::kMagic, sizeof internal::kMagic);
  std::memcpy(fixed.data() + 8, &version, sizeof version);
  std::memcpy(fixed.data() + 24, &payload_size, sizeof payload_size);
  // FNV-1a over the payload; from format 5 on over the header before the checksum first.
  const std::string_view checked = kBlobFormatVersion >= 5
                                       ? std::string_view(fixed).substr(0, 32)
                                       : std::string_view();
  const uint64_t checksum = internal::Fnv1a(std::string(checked) + std::string(payload));
  std::memcpy(fixed.data() + 32, &checksum, sizeof checksum);
  if (fixed != input) LoadAndRun(fixed);
  return 0;
}
