// _core.evaluate (prepared population → output columns) and _core.bench_evaluate (the C++
// batch path alone, for the benchmark's baseline).
#include <pybind11/stl.h>

#include <chrono>

#include "handles.h"
#include "outcome_arrays.h"
#include "register.h"

namespace xiufu::py {
namespace {

pyb::dict Evaluate(const TableHandle& h, const Prepared& p, int32_t as_of, int threads,
                   bool alerts) {
  h.CheckCompatible(p);
  BatchResult batch;
  {
    pyb::gil_scoped_release nogil;
    EvaluateBatch(h.table, p.pop, Date{as_of}, batch, threads);
  }
  pyb::dict out;
  out["records"] = RecordColumns(h, p, batch, Date{as_of});
  out["entities"] = EntityColumns(h, p, batch);
  if (alerts) out["alerts"] = AlertColumns(h, p, batch, Date{as_of});
  return out;
}

// Milliseconds of each of `repeats` EvaluateBatch runs on an already converted population.
std::vector<double> BenchEvaluate(const TableHandle& h, const Prepared& p, int32_t as_of,
                                  int threads, int repeats) {
  h.CheckCompatible(p);
  std::vector<double> ms;
  pyb::gil_scoped_release nogil;
  BatchResult batch;
  for (int i = 0; i < repeats; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    EvaluateBatch(h.table, p.pop, Date{as_of}, batch, threads);
    const auto t1 = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  return ms;
}

}  // namespace

void RegisterEvaluate(pyb::module_& m) {
  m.attr("STATUS_CODES") = StatusCategories();
  m.def("evaluate", &Evaluate, pyb::arg("table"), pyb::arg("prepared"), pyb::arg("as_of"),
        pyb::arg("threads") = 0, pyb::arg("alerts") = true,
        "Evaluates a prepared population; returns the output frames' columns as numpy arrays.\n"
        "The evaluation itself runs without the GIL.");
  m.def("bench_evaluate", &BenchEvaluate, pyb::arg("table"), pyb::arg("prepared"),
        pyb::arg("as_of"), pyb::arg("threads") = 0, pyb::arg("repeats") = 1,
        "Times EvaluateBatch alone (no conversion, no output arrays): milliseconds per run.");
}

}  // namespace xiufu::py
