// Registration of the parts of the xiufu._core extension module, one function per file.
#ifndef XIUFU_BINDINGS_PYTHON_REGISTER_H_
#define XIUFU_BINDINGS_PYTHON_REGISTER_H_

#include <pybind11/pybind11.h>

namespace xiufu::py {

void RegisterPack(pybind11::module_& m);      // bind_pack.cc
void RegisterTable(pybind11::module_& m);     // bind_table.cc
void RegisterEvaluate(pybind11::module_& m);  // bind_evaluate.cc
void RegisterExplain(pybind11::module_& m);   // bind_explain.cc
void RegisterDiff(pybind11::module_& m);      // bind_diff.cc
void RegisterGenerate(pybind11::module_& m);  // bind_generate.cc
void RegisterPlan(pybind11::module_& m);      // bind_plan.cc

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_REGISTER_H_
