// _core.evaluate (prepared population → output columns) and _core.bench_evaluate (the C++
// batch path alone, for the benchmark's baseline).
#include <pybind11/stl.h>

#include <chrono>

#include "handles.h"
#include "evaluate_columns.h"
#include "outcome_arrays.h"
#include "register.h"
#include "xiufu/synth/generate.h"
#include "xiufu/population_io.h"
#include "xiufu/report.h"
#include "xiufu/text_decode.h"

namespace xiufu::py {
namespace {

pyb::dict Evaluate(const TableHandle& h, const Prepared& p, int32_t as_of, int threads,
                   bool alerts, bool reasons) {
  return EvaluateColumns(h, p, Date{as_of}, threads, alerts, reasons);
}

// Milliseconds of each of `repeats` EvaluateBatch runs on an already converted population, each
// into a fresh BatchResult (what one evaluation allocates, as the Python path does).
std::vector<double> BenchEvaluate(const TableHandle& h, const Prepared& p, int32_t as_of,
                                  int threads, int repeats) {
  h.CheckCompatible(p);
  std::vector<double> ms;
  absl::Status st;
  {
    pyb::gil_scoped_release nogil;
    for (int i = 0; i < repeats && st.ok(); ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      BatchResult batch;
      st = EvaluateBatch(h.table, p.pop, Date{as_of}, batch, threads);
      const auto t1 = std::chrono::steady_clock::now();
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
  }
  if (!st.ok()) ThrowStatus(st);
  return ms;
}

// Test outputs without the Excel conveniences (BOM, ="…" identifiers), for pandas comparisons.
constexpr CsvStyle kPlain{.bom = false, .excel_text = false};

// The one text decoder (xiufu/text_decode.h) for Python's CSV readers: (text, note); note is
// "" for UTF-8. ValueError names the byte offset of the first invalid sequence.
pyb::tuple DecodeTextBytes(const pyb::bytes& data, const std::string& encoding,
                           const std::string& name) {
  absl::StatusOr<TextEncoding> enc = ParseTextEncoding(encoding);
  if (!enc.ok()) throw pyb::value_error(std::string(enc.status().message()));
  absl::StatusOr<DecodedText> d = DecodeText(std::string(data), name, *enc);
  if (!d.ok()) throw pyb::value_error(std::string(d.status().message()));
  return pyb::make_tuple(pyb::str(d->text), d->note);
}

// The C++ path end to end, for tests: the CSV reader, EvaluateBatch and the report writers
// (decisions, entity results, alerts) — what `xiufu evaluate` / `xiufu run` write.
pyb::tuple ReferenceOutputs(const TableHandle& h, const std::string& entities_path,
                            const std::string& records_path, int32_t as_of) {
  const ReadOptions options;  // named: a defaulted temporary trips GCC 12's -Wmaybe-uninitialized
  absl::StatusOr<PopulationReadResult> read =
      ReadPopulation(h.dict, entities_path, records_path, options);
  if (!read.ok()) ThrowStatus(read.status());
  if (read->rejected() > 0) {
    throw pyb::value_error(Text("the CSV reader rejected ", read->rejected(), " rows: ",
                               read->diagnostics.empty() ? std::string()
                                                         : FormatDiagnostic(read->diagnostics[0])));
  }
  BatchResult batch;
  if (absl::Status st = EvaluateBatch(h.table, read->population, Date{as_of}, batch, 1); !st.ok()) {
    ThrowStatus(st);
  }
  return pyb::make_tuple(
      pyb::bytes(DecisionsCsv(h.table, read->population, batch, Date{as_of}, kPlain)),
      pyb::bytes(EntityResultsCsv(h.table, read->population, batch, kPlain)),
      pyb::bytes(AlertsCsv(h.table, read->population, batch, Date{as_of}, kPlain)));
}

// The C++ CSV reader's diagnostics and counts for two files (what `xiufu evaluate` reports on
// stderr), for tests comparing the two ways in.
pyb::dict ReadCsvDiagnostics(const TableHandle& h, const std::string& entities_path,
                             const std::string& records_path) {
  ReadOptions options;
  options.max_diagnostics = 1'000'000;
  absl::StatusOr<PopulationReadResult> read =
      ReadPopulation(h.dict, entities_path, records_path, options);
  if (!read.ok()) ThrowStatus(read.status());
  pyb::list diagnostics;
  for (const Diagnostic& d : read->diagnostics) {
    diagnostics.append(pyb::make_tuple(d.code, d.loc.file, d.loc.line, d.loc.column, d.field,
                                       d.value, d.message, FormatDiagnostic(d)));
  }
  pyb::dict out;
  out["diagnostics"] = diagnostics;
  out["entity_rows"] = read->entity_rows;
  out["record_rows"] = read->record_rows;
  out["rejected_entities"] = read->rejected_entities;
  out["rejected_records"] = read->rejected_records;
  out["entities"] = read->population.num_entities();
  out["records"] = read->population.num_records();
  return out;
}

// The generator's own CSV writers (what `xiufu gen` writes).
pyb::tuple DistrictCsv(size_t entities, uint64_t seed, bool dense) {
  GenOptions opt;
  opt.entities = entities;
  opt.seed = seed;
  opt.dense = dense;
  const District d = GenerateDistrict(opt);
  return pyb::make_tuple(pyb::bytes(DistrictEntitiesCsv(d)), pyb::bytes(DistrictRecordsCsv(d)));
}

}  // namespace

void RegisterEvaluate(pyb::module_& m) {
  m.attr("STATUS_CODES") = StatusCategories();
  // The `warnings` column's categories: entry b = the codes of warning bits b joined by '|'.
  std::vector<std::string> warning_sets;
  for (int b = 0; b < (1 << kNumRecordWarnings); ++b) {
    warning_sets.push_back(RecordWarningCodes(static_cast<uint8_t>(b)));
  }
  m.attr("RECORD_WARNINGS") = warning_sets;
  m.def("decode_text", &DecodeTextBytes, pyb::arg("data"), pyb::arg("encoding") = "auto",
        pyb::arg("name") = "",
        "Decodes a text file's bytes as the C++ readers do (UTF-8, UTF-16 with or without BOM,\n"
        "GB18030/GBK): (text, note); note is '' for UTF-8. ValueError when undecodable.");
  m.def("evaluate", &Evaluate, pyb::arg("table"), pyb::arg("prepared"), pyb::arg("as_of"),
        pyb::arg("threads") = 0, pyb::arg("alerts") = true, pyb::arg("reasons") = false,
        "Evaluates a prepared population; returns the output frames' columns as numpy arrays.\n"
        "The evaluation itself runs without the GIL.");
  m.def("bench_evaluate", &BenchEvaluate, pyb::arg("table"), pyb::arg("prepared"),
        pyb::arg("as_of"), pyb::arg("threads") = 0, pyb::arg("repeats") = 1,
        "Times EvaluateBatch alone (no conversion, no output arrays): milliseconds per run.");
  m.def("reference_outputs", &ReferenceOutputs, pyb::arg("table"), pyb::arg("entities_path"),
        pyb::arg("records_path"), pyb::arg("as_of"),
        "Testing: (decisions.csv, entity results csv, alerts.csv) bytes from the C++ CSV path\n"
        "(without BOM and =\"...\" identifiers).");
  m.def("read_csv_diagnostics", &ReadCsvDiagnostics, pyb::arg("table"),
        pyb::arg("entities_path"), pyb::arg("records_path"),
        "Testing: the C++ CSV reader's diagnostics (code, file, line, column, field, value,\n"
        "message, formatted) and row counts.");
  m.def("district_csv", &DistrictCsv, pyb::arg("entities"), pyb::arg("seed"),
        pyb::arg("dense") = false, "Testing: (entities.csv, records.csv) bytes of xiufu gen.");
}

}  // namespace xiufu::py
