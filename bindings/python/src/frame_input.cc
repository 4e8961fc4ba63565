// ConvertFrames: entities and records columns → Population. The value rules are the CSV
// reader's (src/population_io.cc): YYYY-MM-DD dates (also YYYY/M/D), empty = missing, shown_on
// as platform codes joined by '|', repaired_on as platform:date joined by '|', a USCC with a
// wrong check character kept and flagged.
#include "frame_input.h"

#include <algorithm>
#include <cstring>

#include "absl/container/flat_hash_set.h"
#include "column_readers.h"
#include "parallel.h"
#include "base/str_util.h"
#include "uscc_input.h"

namespace xiufu::py {
namespace {

Column Get(const pyb::dict& d, const char* frame, const char* name, bool required) {
  if (!d.contains(name)) {
    if (required) throw InputError{frame, name, -1, "", "missing column"};
    return Column::From(pyb::none(), frame, name);
  }
  return Column::From(d[name], frame, name);
}

void ConvertEntities(const Dictionary& dict, const pyb::dict& in, bool with_text, int threads,
                     Population& pop) {
  const Column uscc = Get(in, "entities", "uscc", true);
  const Column name = Get(in, "entities", "name", false);
  const Column status_col = Get(in, "entities", "status", true);
  const Column reg_col = Get(in, "entities", "registration_date", true);
  const Column year = Get(in, "entities", "last_report_year", true);
  const Column unreach_col = Get(in, "entities", "unreachable", true);
  RequireKind(uscc, Column::Kind::kStrings, "text");
  const size_t n = uscc.size;
  for (const Column* c : {&name, &status_col, &reg_col, &year, &unreach_col}) {
    if (c->kind != Column::Kind::kAbsent && c->size != n) {
      c->Fail(-1, "", Cat("has ", c->size, " rows, uscc has ", n));
    }
  }
  const EnumColumn status(status_col, dict, InputDomain::kEntityStatus);
  const DayColumn registration(reg_col);
  const BoolColumn unreachable(unreach_col);
  if (year.kind != Column::Kind::kNumbers) year.Fail(-1, "", "expected numbers (a year or empty)");

  pop.uscc.resize(n);
  pop.entity_kind.resize(n);
  pop.entity_status.resize(n);
  pop.registration_date.resize(n);
  pop.last_report_year.resize(n);
  pop.entity_flags.resize(n);
  if (with_text) pop.name.resize(n);
  auto convert = [&](size_t e, std::string_view s) {
    bool valid = false;
    if (!FastUscc(s, &valid)) uscc.Fail(static_cast<int64_t>(e), std::string(s), UsccSyntaxProblem(s));
    std::copy_n(s.data(), 18, pop.uscc[e].begin());
    pop.entity_kind[e] = static_cast<uint8_t>(EntityKindFromUscc(s));
    pop.entity_status[e] = status(e);
    pop.registration_date[e] = registration(e);
    int64_t y = 0;
    if (IntAt(year, e, &y) && y != 0 && (y < 1900 || y > 2199)) {
      year.Fail(static_cast<int64_t>(e), Cat(y),
                "last_report_year must be a year (1900-2199) or empty for never");
    }
    pop.last_report_year[e] = static_cast<int16_t>(y);
    pop.entity_flags[e] = static_cast<uint8_t>((valid ? kFlagUsccValid : 0) |
                                               (unreachable(e) ? kFlagUnreachable : 0));
  };
  // Plain-ASCII USCCs are converted on worker threads; anything else (missing values, other
  // objects, non-ASCII text) afterwards on this thread, with the Python API.
  const int chunks = ChunkCount(n, threads, 16384);
  std::vector<std::vector<size_t>> deferred(chunks);
  ParallelChunks(n, chunks, [&](int c, size_t lo, size_t hi) {
    for (size_t e = lo; e < hi; ++e) {
      std::string_view s;
      if (WorkerText(uscc.ObjectAt(e), &s) != 1) {
        deferred[c].push_back(e);
        continue;
      }
      convert(e, s);
    }
  });
  for (const std::vector<size_t>& rows : deferred) {
    for (size_t e : rows) {
      std::string_view s;
      if (!TextAt(uscc, uscc.ObjectAt(e), static_cast<int64_t>(e), &s)) s = {};
      convert(e, s);
    }
  }
  if (with_text && name.kind == Column::Kind::kStrings) {
    for (size_t e = 0; e < n; ++e) {
      std::string_view nm;
      if (TextAt(name, name.ObjectAt(e), static_cast<int64_t>(e), &nm)) pop.name[e] = std::string(nm);
    }
  }
}

}  // namespace

std::vector<std::vector<std::string>> DomainCodes(const Dictionary& dict) {
  std::vector<std::vector<std::string>> out;
  for (int k = 0; k < kNumInputDomains; ++k) out.push_back(dict.Codes(static_cast<InputDomain>(k)));
  return out;
}

std::shared_ptr<Prepared> ConvertFrames(const Dictionary& dict, pyb::dict entities,
                                        pyb::dict records, bool with_text, int threads) {
  auto out = std::make_shared<Prepared>();
  out->domains = DomainCodes(dict);
  Population& pop = out->pop;
  pop.num_platforms = dict.num_platforms();
  ConvertEntities(dict, entities, with_text, threads, pop);
  const size_t n = pop.uscc.size();

  UsccIndex index(pop.uscc);
  for (uint32_t e = 0; e < n; ++e) {
    if (const int64_t first = index.Insert(e); first >= 0) {
      throw InputError{"entities", "uscc", e, std::string(pop.uscc[e].data(), 18),
                       Cat("USCC already used in row ", first)};
    }
  }

  // ---- records: owning entity of every row, then grouped by entity (stable) ----
  const Column rid = Get(records, "records", "record_id", true);
  const Column ruscc = Get(records, "records", "uscc", true);
  RequireKind(rid, Column::Kind::kStrings, "text");
  const size_t m = rid.size;
  out->input_records = m;
  std::vector<uint32_t> owner(m);
  if (ruscc.size != m) ruscc.Fail(-1, "", Cat("has ", ruscc.size, " rows, record_id has ", m));
  if (ruscc.kind == Column::Kind::kCodes) {
    std::vector<int64_t> lut(ruscc.NumUniques());
    for (size_t u = 0; u < lut.size(); ++u) {
      std::string_view s;
      if (!StrView(ruscc.UniqueAt(u), &s)) FailUnique(ruscc, u, "expected a USCC (text)");
      if ((lut[u] = index.Find(s)) < 0) FailUnique(ruscc, u, "USCC is not in entities");
    }
    for (size_t i = 0; i < m; ++i) {
      const int64_t code = ruscc.CodeAt(i);
      if (code < 0) ruscc.Fail(static_cast<int64_t>(i), "", "USCC is empty");
      owner[i] = static_cast<uint32_t>(lut[code]);
    }
  } else {
    RequireKind(ruscc, Column::Kind::kStrings, "text");
    for (size_t i = 0; i < m; ++i) {
      std::string_view s;
      if (!StrView(ruscc.ObjectAt(i), &s) &&
          !TextAt(ruscc, ruscc.ObjectAt(i), static_cast<int64_t>(i), &s)) {
        s = {};
      }
      const int64_t e = index.Find(s);
      if (e < 0) {
        std::string problem = UsccSyntaxProblem(s);
        ruscc.Fail(static_cast<int64_t>(i), std::string(s),
                   problem.empty() ? std::string("USCC is not in entities") : problem);
      }
      owner[i] = static_cast<uint32_t>(e);
    }
  }
  // Record ids: non-empty text, unique (the output frames use them as categories).
  {
    absl::flat_hash_set<absl::string_view> seen;
    seen.reserve(m);
    for (size_t i = 0; i < m; ++i) {
      std::string_view s;
      if ((!StrView(rid.ObjectAt(i), &s) &&
           !TextAt(rid, rid.ObjectAt(i), static_cast<int64_t>(i), &s)) || Trim(s).empty()) {
        rid.Fail(static_cast<int64_t>(i), "", "record_id is empty");
      }
      if (!seen.insert(AV(s)).second) {
        rid.Fail(static_cast<int64_t>(i), std::string(s), "record_id is used twice");
      }
    }
  }
  pop.record_begin.assign(n + 1, 0);
  for (size_t i = 0; i < m; ++i) ++pop.record_begin[owner[i] + 1];
  for (size_t e = 0; e < n; ++e) pop.record_begin[e + 1] += pop.record_begin[e];
  out->record_row.resize(m);
  {
    std::vector<uint32_t> next(pop.record_begin.begin(), pop.record_begin.end() - 1);
    for (size_t i = 0; i < m; ++i) out->record_row[next[owner[i]]++] = static_cast<uint32_t>(i);
  }

  // ---- record columns, in population order ----
  const char* kEnumNames[6] = {"department", "record_kind", "severity", "penalty", "procedure",
                               "sector"};
  constexpr InputDomain kEnumDomains[6] = {InputDomain::kDepartment, InputDomain::kRecordKind,
                                           InputDomain::kSeverity,   InputDomain::kPenalty,
                                           InputDomain::kProcedure,  InputDomain::kSector};
  std::vector<Column> enum_cols, date_cols;
  for (const char* nm : kEnumNames) enum_cols.push_back(Get(records, "records", nm, true));
  for (const char* nm : {"decision_date", "publication_date", "fulfilled_date", "corrected_date"}) {
    date_cols.push_back(Get(records, "records", nm, true));
  }
  const Column fine = Get(records, "records", "fine_yuan", true);
  const Column shown_col = Get(records, "records", "shown_on", true);
  const Column repaired = Get(records, "records", "repaired_on", true);
  for (const Column* c : {&fine, &shown_col, &repaired}) {
    if (c->size != m) c->Fail(-1, "", Cat("has ", c->size, " rows, record_id has ", m));
  }
  for (const std::vector<Column>* v : {&enum_cols, &date_cols}) {
    for (const Column& c : *v) {
      if (c.size != m) c.Fail(-1, "", Cat("has ", c.size, " rows, record_id has ", m));
    }
  }
  if (fine.kind != Column::Kind::kNumbers) fine.Fail(-1, "", "expected numbers (whole yuan)");
  std::vector<EnumColumn> enums;
  enums.reserve(6);
  for (int k = 0; k < 6; ++k) enums.emplace_back(enum_cols[k], dict, kEnumDomains[k]);
  std::vector<DayColumn> dates;
  dates.reserve(4);
  for (const Column& c : date_cols) dates.emplace_back(c);
  const ShownColumn shown(shown_col, dict);
  const bool repaired_all_empty = repaired.kind == Column::Kind::kNumbers;
  if (!repaired_all_empty && repaired.kind != Column::Kind::kStrings &&
      repaired.kind != Column::Kind::kCodes) {
    repaired.Fail(-1, "", "expected text (platform:YYYY-MM-DD joined by '|')");
  }

  std::vector<uint8_t>* enum_out[6] = {&pop.department, &pop.record_kind, &pop.severity,
                                       &pop.penalty,    &pop.procedure,   &pop.sector};
  std::vector<int32_t>* date_out[4] = {&pop.decision_date, &pop.publication_date, &pop.fulfilled_date,
                                       &pop.corrected_date};
  for (auto* v : enum_out) v->resize(m);
  for (auto* v : date_out) v->resize(m);
  pop.shown_mask.resize(m);
  pop.fine_yuan.resize(m);
  const int np = pop.num_platforms;
  pop.repaired.assign(m * np, kNoDay);
  if (with_text) pop.record_id.resize(m);
  // The repaired_on text of input row i: 1 text, 0 missing, -1 needs the main thread.
  auto repaired_text = [&](size_t i, std::string_view* s) -> int {
    if (repaired_all_empty) return 0;
    if (repaired.kind == Column::Kind::kStrings) return WorkerText(repaired.ObjectAt(i), s);
    const int64_t code = repaired.CodeAt(i);
    return code < 0 ? 0 : WorkerText(repaired.UniqueAt(code), s);
  };
  auto convert = [&](size_t r, bool on_worker) {
    const size_t i = out->record_row[r];
    for (int k = 0; k < 6; ++k) (*enum_out[k])[r] = enums[k](i);
    for (int k = 0; k < 4; ++k) (*date_out[k])[r] = dates[k](i);
    int64_t f = 0;
    if (IntAt(fine, i, &f) && (f < 0 || f > (int64_t{1} << 53))) {
      fine.Fail(static_cast<int64_t>(i), Cat(f), "fine_yuan must be a whole, non-negative number of yuan");
    }
    pop.fine_yuan[r] = f;
    pop.shown_mask[r] = shown(i);
    std::string_view s;
    int text = repaired_text(i, &s);
    if (text < 0) {
      if (on_worker) return false;
      PyObject* o = repaired.kind == Column::Kind::kStrings ? repaired.ObjectAt(i)
                                                            : repaired.UniqueAt(repaired.CodeAt(i));
      text = TextAt(repaired, o, static_cast<int64_t>(i), &s) ? 1 : 0;
    }
    if (text == 1 && !s.empty()) {
      ParseRepaired(repaired, static_cast<int64_t>(i), s, dict, &pop.repaired[r * np]);
    }
    return true;
  };
  const int chunks = ChunkCount(m, threads, 16384);
  std::vector<std::vector<size_t>> deferred(chunks);
  ParallelChunks(m, chunks, [&](int c, size_t lo, size_t hi) {
    for (size_t r = lo; r < hi; ++r) {
      if (!convert(r, true)) deferred[c].push_back(r);
    }
  });
  for (const std::vector<size_t>& rows : deferred) {
    for (size_t r : rows) convert(r, false);
  }
  if (with_text) {
    for (size_t r = 0; r < m; ++r) {
      std::string_view s;
      StrView(rid.ObjectAt(out->record_row[r]), &s);
      pop.record_id[r] = std::string(s);
    }
  }
  return out;
}

}  // namespace xiufu::py
