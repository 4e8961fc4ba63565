// The blob writer: DecisionTable → one contiguous byte string (layout in runtime/blob.h).
#include "xiufu/serialize.h"

#include <fstream>
#include <type_traits>

#include "base/str_util.h"
#include "xiufu/runtime/detail/blob_format.h"

namespace xiufu {
namespace {

using internal::Fnv1a;
using internal::kMagic;

template <typename T>
void PutPod(std::string& out, const T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  static_assert(std::has_unique_object_representations_v<T>, "padding would make blobs vary");
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <typename T>
void PutVec(std::string& out, const std::vector<T>& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  static_assert(std::has_unique_object_representations_v<T>, "padding would make blobs vary");
  PutPod(out, static_cast<uint64_t>(v.size()));
  if (!v.empty()) out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

void PutStr(std::string& out, const std::string& s) {
  PutPod(out, static_cast<uint64_t>(s.size()));
  out.append(s);
}

void PutContext(std::string& out, const ContextConfig& c) {
  PutPod(out, c.abnormal_kinds);
  PutPod(out, c.serious_kinds);
  PutPod(out, c.serious_severities);
  PutPod(out, c.penalty_kinds);
  PutPod(out, c.serious_list_max.amount);
  PutPod(out, static_cast<uint8_t>(c.serious_list_max.unit));
  for (const Duration& d : c.list_term) {
    PutPod(out, d.amount);
    PutPod(out, static_cast<uint8_t>(d.unit));
  }
}

}  // namespace

std::string SerializeTable(const DecisionTable& table) {
  const internal::TableData& d = internal::Data(table);
  std::string p;
  PutPod(p, d.pack_name);
  PutPod(p, d.pack_version);
  PutPod(p, d.pack_zh);
  PutPod(p, d.pack_en);
  PutStr(p, d.strings.chars);
  PutVec(p, d.strings.offsets);
  PutVec(p, d.domains);
  PutVec(p, d.domain_values);
  PutPod(p, d.fact_domain);
  PutVec(p, d.columns);
  PutVec(p, d.materials);
  PutVec(p, d.material_map);
  PutVec(p, d.alerts);
  PutVec(p, d.actions);
  PutVec(p, d.tables);
  PutContext(p, d.context);
  PutPod(p, d.decisions);
  PutVec(p, d.rows);
  PutVec(p, d.partitions);
  PutVec(p, d.part_rows);
  PutVec(p, d.cells);
  PutVec(p, d.ranges);
  PutVec(p, d.indexes);
  PutVec(p, d.breakpoints);
  PutVec(p, d.masks);
  PutPod(p, d.calendar.first().days);
  PutVec(p, d.calendar.prefix());

  std::string out(kMagic, sizeof kMagic);
  PutPod(out, kBlobFormatVersion);
  PutPod(out, uint32_t{0});
  PutPod(out, d.pack_hash);
  PutPod(out, static_cast<uint64_t>(p.size()));
  PutPod(out, Fnv1a(p, Fnv1a(out)));  // the header so far, then the payload
  out += p;
  return out;
}

absl::Status SaveTable(const DecisionTable& table, const std::string& path) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return absl::UnavailableError(Cat("cannot write '", path, "'"));
  const std::string blob = SerializeTable(table);
  f.write(blob.data(), static_cast<std::streamsize>(blob.size()));
  if (!f) return absl::DataLossError(Cat("short write to '", path, "'"));
  return absl::OkStatus();
}

}  // namespace xiufu
