// _core.Pack: a loaded rule pack with its diagnostics; lint, compile and one-cell edits.
#include <pybind11/stl.h>

#include "handles.h"
#include "xiufu/pack_edit.h"
#include "register.h"
#include "xiufu/compile.h"
#include "xiufu/lint.h"

namespace xiufu::py {
namespace {

pyb::list DiagnosticTuples(const std::vector<Diagnostic>& ds) {
  pyb::list out;
  for (const Diagnostic& d : ds) {
    out.append(pyb::make_tuple(SeverityName(d.severity), d.code, d.loc.file, d.loc.line,
                               d.loc.column, d.field, d.value, d.message));
  }
  return out;
}

std::shared_ptr<PackHandle> Load(const std::string& path, size_t max_diagnostics) {
  absl::StatusOr<LoadResult> r;
  {
    pyb::gil_scoped_release nogil;
    r = LoadPack(path, max_diagnostics);
  }
  if (!r.ok()) ThrowStatus(r.status(), Text("cannot load rule pack ", path));
  auto h = std::make_shared<PackHandle>();
  h->pack = std::move(r->pack);
  h->diagnostics = std::move(r->diagnostics);
  h->error_count = r->error_count;
  h->dropped = r->dropped;
  return h;
}

pyb::list Tables(const PackHandle& h) {
  pyb::list out;
  for (const Table& t : h.pack.tables) {
    std::vector<std::string> inputs;
    for (const InputColumn& c : t.inputs) inputs.push_back(c.header);
    pyb::dict d;
    d["name"] = t.name;
    d["file"] = t.file;
    d["decision"] = std::string(DecisionName(t.decision));
    d["complete"] = t.complete;
    d["description"] = t.description;
    d["inputs"] = inputs;
    d["outputs"] = t.output_headers;
    d["rows"] = t.rows.size();
    out.append(d);
  }
  return out;
}

pyb::list PackRules(const PackHandle& h) {
  pyb::list out;
  for (const Table& t : h.pack.tables) {
    for (size_t i = 0; i < t.rows.size(); ++i) {
      const Row& r = t.rows[i];
      // A row split per parameter period is listed once, as written.
      if (i > 0 && t.rows[i - 1].rule_id == r.rule_id && t.rows[i - 1].loc.line == r.loc.line) continue;
      out.append(pyb::make_tuple(r.rule_id, t.name, std::string(DecisionName(t.decision)),
                                 t.file, r.loc.line, RowCells(h.pack, t, r)));
    }
  }
  return out;
}

pyb::tuple WithCell(const PackHandle& h, const std::string& rule_id, const std::string& column,
                    const std::string& text) {
  EditResult r = EditCell(h.pack, rule_id, column, text);
  if (!r.errors.empty()) return pyb::make_tuple(pyb::none(), DiagnosticTuples(r.errors));
  auto out = std::make_shared<PackHandle>(h);
  out->pack = std::move(r.pack);
  out->edits.push_back(CellEdit{rule_id, column, r.old_text, text});
  return pyb::make_tuple(out, pyb::list());
}

pyb::list Parameters(const PackHandle& h) {
  pyb::list out;
  for (size_t i = 0; i < h.pack.parameters.size(); ++i) {
    const Parameter& p = h.pack.parameters[i];
    std::vector<std::string> users;
    for (const Table& t : h.pack.tables) {
      for (const Row& r : t.rows) {
        if (i < 32 && ((r.parameters >> i) & 1) &&
            (users.empty() || users.back() != r.rule_id)) {
          users.push_back(r.rule_id);
        }
      }
    }
    for (const Parameter::Value& v : p.values) {
      out.append(pyb::make_tuple(p.name, std::string(ParamTypeName(p.type)), p.domain, v.text,
                                 v.from.days == kNoDay ? pyb::object(pyb::none())
                                                       : pyb::object(pyb::int_(v.from.days)),
                                 p.zh, p.en, p.source, users));
    }
  }
  return out;
}

pyb::list Columns(const PackHandle& h) {
  pyb::list out;
  for (const CustomColumn& c : h.pack.columns) {
    std::vector<std::string> tables;
    for (const Table& t : h.pack.tables) {
      for (const InputColumn& in : t.inputs) {
        if ((in.fact == c.fact || (c.has_since() && in.fact == c.since)) &&
            (tables.empty() || tables.back() != t.name)) {
          tables.push_back(t.name);
        }
      }
    }
    out.append(pyb::make_tuple(c.name, std::string(ScopeCode(c.scope)),
                               std::string(FactTypeCode(c.type)), c.domain, c.default_text,
                               c.since_name, c.zh, c.en, c.source, tables));
  }
  return out;
}

pyb::tuple WithParameter(const PackHandle& h, const std::string& name, const std::string& text) {
  EditResult r = EditParameter(h.pack, name, text);
  if (!r.errors.empty()) return pyb::make_tuple(pyb::none(), DiagnosticTuples(r.errors));
  auto out = std::make_shared<PackHandle>(h);
  out->pack = std::move(r.pack);
  out->edits.push_back(CellEdit{"$" + name, "value", r.old_text, text});
  return pyb::make_tuple(out, pyb::list());
}

}  // namespace

void RegisterPack(pyb::module_& m) {
  pyb::class_<PackHandle, std::shared_ptr<PackHandle>>(m, "Pack", "A loaded rule pack.")
      .def_static("load", &Load, pyb::arg("path"), pyb::arg("max_diagnostics") = 100)
      .def_property_readonly("name", [](const PackHandle& h) { return h.pack.name; })
      .def_property_readonly("version", [](const PackHandle& h) { return h.pack.version; })
      .def_property_readonly("zh", [](const PackHandle& h) { return h.pack.zh; })
      .def_property_readonly("en", [](const PackHandle& h) { return h.pack.en; })
      .def_property_readonly("dir", [](const PackHandle& h) { return h.pack.dir; })
      .def_property_readonly("hash", [](const PackHandle& h) { return h.pack.hash; })
      .def_property_readonly("error_count", [](const PackHandle& h) { return h.error_count; })
      .def_property_readonly("dropped", [](const PackHandle& h) { return h.dropped; })
      .def_property_readonly("edits", [](const PackHandle& h) {
        pyb::list out;
        for (const CellEdit& e : h.edits) {
          out.append(pyb::make_tuple(e.rule_id, e.column, e.old_text, e.new_text));
        }
        return out;
      })
      .def("diagnostics", [](const PackHandle& h) { return DiagnosticTuples(h.diagnostics); })
      .def("lint", [](const PackHandle& h, size_t cap) {
        std::vector<Diagnostic> ds;
        {
          pyb::gil_scoped_release nogil;
          ds = Lint(h.pack, cap);
        }
        return DiagnosticTuples(ds);
      }, pyb::arg("cap") = 100)
      .def("compile", [](const PackHandle& h) {
        absl::StatusOr<DecisionTable> t;
        {
          pyb::gil_scoped_release nogil;
          t = Compile(LoadResult{h.pack, h.diagnostics, h.error_count, h.dropped});
        }
        if (!t.ok()) ThrowStatus(t.status(), "cannot compile the pack");
        return TableHandle::Make(*std::move(t));
      })
      .def("tables", &Tables)
      .def("rules", &PackRules)
      .def("with_cell", &WithCell, pyb::arg("rule_id"), pyb::arg("column"), pyb::arg("text"),
           "(edited pack, []) or (None, diagnostics).")
      .def("parameters", &Parameters,
           "(name, type, domain, value, from_days|None, zh, en, source, rule_ids) per value.")
      .def("columns", &Columns,
           "(name, scope, type, domain, default, since_name, zh, en, source, tables) per column.")
      .def("with_parameter", &WithParameter, pyb::arg("name"), pyb::arg("value"),
           "(edited pack, []) or (None, diagnostics).");
}

}  // namespace xiufu::py
