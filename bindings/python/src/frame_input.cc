// ConvertFrames: entities and records columns → xiufu::PopulationBuilder, row by row. The
// value rules (dates, codes, USCCs, shown_on / repaired_on, duplicates) are the builder's.
#include "frame_input.h"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>

#include "column_readers.h"
#include "xiufu/runtime/population_builder.h"

namespace xiufu::py {
namespace {

Column Get(const pyb::dict& d, const char* frame, std::string_view name) {
  const std::string key(name);
  if (!d.contains(key)) return Column::From(pyb::none(), frame, key);
  return Column::From(d[pyb::str(key)], frame, key);
}

// The columns of one frame, in the builder's field order, all of one length.
template <size_t N>
std::vector<Column> Columns(const pyb::dict& d, const char* frame,
                            const std::array<std::string_view, N>& names, size_t* rows) {
  std::vector<Column> cols;
  for (std::string_view name : names) cols.push_back(Get(d, frame, name));
  *rows = cols[0].size;
  for (const Column& c : cols) {
    if (c.kind != Column::Kind::kAbsent && c.size != *rows) {
      c.Fail(-1, "", Text("has ", c.size, " rows, ", names[0], " has ", *rows));
    }
  }
  return cols;
}

// The 1-based frame column of each field, when the caller gave one per field.
absl::Span<const int> ColumnsOrDefault(const std::vector<int>& columns, size_t fields) {
  return columns.size() == fields ? absl::MakeConstSpan(columns) : absl::Span<const int>();
}

}  // namespace

std::vector<std::vector<std::string>> DomainCodes(const Dictionary& dict) {
  std::vector<std::vector<std::string>> out;
  for (int k = 0; k < kNumInputDomains; ++k) out.push_back(dict.Codes(static_cast<InputDomain>(k)));
  return out;
}

std::shared_ptr<Prepared> ConvertFrames(const Dictionary& dict, pyb::dict entities,
                                        pyb::dict records, const std::vector<int>& entity_columns,
                                        const std::vector<int>& record_columns, bool with_text) {
  auto out = std::make_shared<Prepared>();
  out->domains = DomainCodes(dict);
  size_t n = 0, m = 0;
  const std::vector<Column> ec = Columns(entities, "entities", kEntityColumns, &n);
  const std::vector<Column> rc = Columns(records, "records", kRecordColumns, &m);
  out->input_entities = n;
  out->input_records = m;

  BuildOptions options;
  options.max_diagnostics = std::numeric_limits<size_t>::max();  // Python caps what it prints
  options.keep_text = with_text;
  PopulationBuilder builder(dict, options);
  builder.Reserve(n, m);
  TextStore store;

  // The pack's custom columns of each scope (by ordinal), read by name; a frame without one
  // gets the default (the builder notes it once).
  std::vector<Column> entity_custom, record_custom;
  std::vector<CustomReader> entity_readers, record_readers;
  for (FactScope scope : {FactScope::kEntity, FactScope::kRecord}) {
    const bool is_entity = scope == FactScope::kEntity;
    auto& cols = is_entity ? entity_custom : record_custom;
    const pyb::dict& frame = is_entity ? entities : records;
    const char* frame_name = is_entity ? "entities" : "records";
    for (int k = 0; k < dict.NumColumns(scope); ++k) {
      cols.push_back(Get(frame, frame_name, dict.Column(scope, k)->name));
      const Column& c = cols.back();
      if (c.kind == Column::Kind::kAbsent) builder.NoteMissingColumn(scope, k, frame_name);
      else if (c.size != (is_entity ? n : m)) {
        c.Fail(-1, "", Text("has ", c.size, " rows, ", is_entity ? "uscc" : "record_id", " has ",
                            is_entity ? n : m));
      }
    }
  }
  for (int k = 0; k < dict.NumColumns(FactScope::kEntity); ++k) {
    entity_readers.emplace_back(entity_custom[k], dict.Column(FactScope::kEntity, k)->type, &store);
  }
  for (int k = 0; k < dict.NumColumns(FactScope::kRecord); ++k) {
    record_readers.emplace_back(record_custom[k], dict.Column(FactScope::kRecord, k)->type, &store);
  }
  std::vector<Input<int64_t>> custom_values;
  auto custom_row = [&](const std::vector<CustomReader>& readers, size_t i) {
    custom_values.clear();
    for (const CustomReader& r : readers) custom_values.push_back(r(i));
    return absl::MakeConstSpan(custom_values);
  };

  {
    const TextReader uscc(ec[0], &store), name(ec[1], &store);
    const CodeReader status(ec[2], dict, InputDomain::kEntityStatus, &store);
    const DateReader registration(ec[3], &store);
    const IntReader year(ec[4], &store);
    const BoolReader unreachable(ec[5], &store);
    InputRow where{"entities", 0,
                   ColumnsOrDefault(entity_columns, kEntityColumns.size() + entity_readers.size())};
    out->entity_row.reserve(n);
    for (size_t e = 0; e < n; ++e) {
      where.line = static_cast<int>(e);
      const EntityInput in{.uscc = uscc(e),
                           .name = with_text ? name(e) : std::string_view(),
                           .status = status(e),
                           .registration_date = registration(e),
                           .last_report_year = year(e),
                           .unreachable = unreachable(e),
                           .custom = custom_row(entity_readers, e)};
      if (builder.AddEntity(in, where)) out->entity_row.push_back(static_cast<uint32_t>(e));
    }
  }
  {
    const TextReader id(rc[0], &store), uscc(rc[1], &store);
    std::vector<CodeReader> enums;
    enums.reserve(6);
    constexpr InputDomain kDomains[6] = {InputDomain::kDepartment, InputDomain::kRecordKind,
                                         InputDomain::kSeverity,   InputDomain::kPenalty,
                                         InputDomain::kProcedure,  InputDomain::kSector};
    for (int k = 0; k < 6; ++k) enums.emplace_back(rc[2 + k], dict, kDomains[k], &store);
    const DateReader decision(rc[8], &store), publication(rc[9], &store);
    const IntReader fine(rc[10], &store);
    const DateReader fulfilled(rc[11], &store), corrected(rc[12], &store);
    const TextReader shown(rc[13], &store), repaired(rc[14], &store);
    InputRow where{"records", 0,
                   ColumnsOrDefault(record_columns, kRecordColumns.size() + record_readers.size())};
    for (size_t i = 0; i < m; ++i) {
      where.line = static_cast<int>(i);
      const RecordInput in{.record_id = id(i),
                           .uscc = uscc(i),
                           .department = enums[0](i),
                           .record_kind = enums[1](i),
                           .severity = enums[2](i),
                           .penalty = enums[3](i),
                           .procedure = enums[4](i),
                           .sector = enums[5](i),
                           .decision_date = decision(i),
                           .publication_date = publication(i),
                           .fine_yuan = fine(i),
                           .fulfilled_date = fulfilled(i),
                           .corrected_date = corrected(i),
                           .shown_on = Input<uint32_t>(shown(i)),
                           .repaired_on = Input<absl::Span<const Date>>(repaired(i)),
                           .custom = custom_row(record_readers, i)};
      builder.AddRecord(in, where);
    }
  }

  PopulationBuild built = std::move(builder).Finish();
  out->pop = std::move(built.population);
  out->record_row = std::move(built.record_row);
  out->diagnostics = std::move(built.diagnostics);
  out->dropped_diagnostics = built.dropped_diagnostics;
  out->rejected_entities = built.rejected_entities;
  out->rejected_records = built.rejected_records;
  for (const Diagnostic& d : built.notices) out->notices.push_back(d.message);

  out->accepted_records = out->record_row;
  std::sort(out->accepted_records.begin(), out->accepted_records.end());
  std::vector<int32_t> rank(m, -1);
  for (size_t k = 0; k < out->accepted_records.size(); ++k) {
    rank[out->accepted_records[k]] = static_cast<int32_t>(k);
  }
  out->record_code.resize(out->record_row.size());
  for (size_t r = 0; r < out->record_row.size(); ++r) out->record_code[r] = rank[out->record_row[r]];
  return out;
}

}  // namespace xiufu::py
