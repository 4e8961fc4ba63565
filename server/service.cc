#include "service.h"

#include <chrono>
#include <ctime>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "str.h"
#include "json_input.h"
#include "json_out.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/explain.h"
#include "xiufu/runtime/outcome_text.h"
#if __has_include("xiufu/runtime/plan.h")
#include "xiufu/runtime/plan.h"
#define XIUFU_SERVER_HAS_PLAN 1
#endif

namespace xiufu::server {
namespace {

using Clock = std::chrono::steady_clock;

std::string Day(int32_t days) { return days == kNoDay ? std::string() : FormatDate(Date{days}); }

std::string_view Path(std::string_view target) {
  const size_t q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

void WriteTableRef(JsonOut& o, const TableSnapshot& s) {
  o.Key("table")
      .BeginObject()
      .Field("hash", s.hash)
      .Field("pack", s.table.PackName())
      .Field("version", s.table.PackVersion())
      .EndObject();
}

// Blocked record × platform pairs name the actions that unblock them — when the runtime has
// them (RecordOutcome::actions, DecisionTable::ActionCode).
template <typename Table, typename Outcome>
void WriteActions(JsonOut& o, const Table& t, const Outcome& oc) {
  if constexpr (requires { oc.actions; t.ActionCode(0); t.ActionZh(0); t.ActionEn(0); }) {
    if (oc.actions == 0) return;
    o.Key("actions").BeginArray();
    for (int i = 0; i < t.NumActions() && i < 32; ++i) {
      if (!((oc.actions >> i) & 1)) continue;
      o.BeginObject()
          .Field("code", t.ActionCode(i))
          .Field("zh", t.ActionZh(i))
          .Field("en", t.ActionEn(i))
          .FieldOrNull("source", t.ActionSource(i))
          .EndObject();
    }
    o.EndArray();
  }
}

template <typename Table, typename Outcome>
bool HasActions(const Table& t, const Outcome& oc) {
  if constexpr (requires { oc.actions; t.ActionCode(0); }) {
    return oc.actions != 0;
  } else {
    return false;
  }
}

void WriteAlert(JsonOut& o, const DecisionTable& t, int a, int32_t due, const MessageArgs& args) {
  o.BeginObject()
      .Field("code", t.AlertCode(a))
      .Field("severity", t.AlertSeverity(a))
      .FieldOrNull("due", Day(due))
      .Field("zh", RenderAlert(t, a, args, Lang::kZh))
      .Field("en", RenderAlert(t, a, args, Lang::kEn))
      .EndObject();
}

void WriteMaterials(JsonOut& o, const DecisionTable& t, const Bits128& set, bool detail) {
  o.BeginArray();
  for (int i = 0; i < t.NumMaterials() && i < kMaxMaterials; ++i) {
    if (!set.Test(i)) continue;
    if (!detail) {
      o.String(t.MaterialCode(i));
      continue;
    }
    o.BeginObject()
        .Field("code", t.MaterialCode(i))
        .Field("zh", t.MaterialZh(i))
        .Field("en", t.MaterialEn(i))
        .FieldOrNull("requested_by", t.MaterialRequestedBy(i))
        .FieldOrNull("source", t.MaterialSource(i))
        .EndObject();
  }
  o.EndArray();
}

struct Evaluated {
  std::vector<RecordOutcome> records;
  EntityOutcome entity;
};

// The engine on the request's one entity, timed on its own for /metrics.
void EvaluateOne(const TableSnapshot& s, const Population& pop, Date as_of, Metrics& metrics,
                 Evaluated* out) {
  thread_local Scratch scratch;
  const int np = pop.num_platforms;
  out->records.assign(static_cast<size_t>(pop.num_records()) * np, RecordOutcome{});
  const Clock::time_point t0 = Clock::now();
  EvaluateEntity(s.table, pop, 0, as_of, scratch, out->records.data(), &out->entity);
  metrics.Engine(std::chrono::duration<double>(Clock::now() - t0).count());
  metrics.Decisions(1);
}

std::string_view UsccOf(const Population& pop) {
  return std::string_view(pop.uscc[0].data(), pop.uscc[0].size());
}

// The answer of /v1/evaluate (and of each batch line).
void WriteEvaluation(JsonOut& o, const TableSnapshot& s, const Population& pop, Date as_of,
                     const Evaluated& ev, std::string_view request_id) {
  const DecisionTable& t = s.table;
  const int np = pop.num_platforms;
  const int ddom = t.DomainIndex("department");
  if (!request_id.empty()) o.Field("request_id", request_id);
  WriteTableRef(o, s);
  o.Field("as_of", FormatDate(as_of));
  o.Key("entity")
      .BeginObject()
      .Field("uscc", UsccOf(pop))
      .Field("name", pop.name[0])
      .Key("uscc_valid").Bool((pop.entity_flags[0] & kFlagUsccValid) != 0)
      .EndObject();
  bool any_blocked = false;
  EntityAlertDues due_of(t, pop, 0, as_of);  // the entity's records scanned once
  o.Key("records").BeginArray();
  for (uint32_t r = pop.RecordsBegin(0); r < pop.RecordsEnd(0); ++r) {
    o.BeginObject().Field("record_id", pop.record_id[r]).Key("outcomes").BeginArray();
    for (int p = 0; p < np; ++p) {
      const RecordOutcome& oc = ev.records[static_cast<size_t>(r) * np + p];
      const bool shown = ShownOn(pop, r, p, as_of);
      const MessageArgs args = MessageArgsFor(pop, r, p, &oc);
      o.BeginObject()
          .Field("platform", t.PlatformCode(p))
          .Field("status", StatusCodeOf(oc, shown))
          .Field("status_zh", StatusNameOf(oc, shown, Lang::kZh))
          .Field("status_en", StatusNameOf(oc, shown, Lang::kEn))
          .FieldOrNull("eligible_from", Day(oc.eligible_from))
          .FieldOrNull("expires_on", Day(oc.expires_on))
          .FieldOrNull("rule_id", t.RuleId(oc.rule))
          .FieldOrNull("source", t.Source(oc.rule))
          .FieldOrNull("channel", oc.channel >= 0 ? t.PlatformCode(oc.channel) : std::string_view())
          .FieldOrNull("channel_zh", oc.channel >= 0 ? t.PlatformZh(oc.channel) : std::string_view())
          .FieldOrNull("authority", oc.authority >= 0 ? t.ValueCode(ddom, oc.authority) : std::string_view())
          .FieldOrNull("authority_zh", oc.authority >= 0 ? t.ValueZh(ddom, oc.authority) : std::string_view())
          .FieldOrNull("reason_zh", RenderReason(t, oc.rule, args, Lang::kZh))
          .FieldOrNull("reason_en", RenderReason(t, oc.rule, args, Lang::kEn));
      o.Key("materials");
      WriteMaterials(o, t, oc.materials, /*detail=*/false);
      o.Key("alerts").BeginArray();
      for (int a = 0; a < t.NumAlerts() && a < kMaxAlerts; ++a) {
        if (t.AlertIsEntityScope(a) || !((oc.alerts >> a) & 1)) continue;
        WriteAlert(o, t, a, due_of(r, &oc, a), args);
      }
      o.EndArray();
      WriteActions(o, t, oc);
      any_blocked = any_blocked || HasActions(t, oc);
      o.EndObject();
    }
    o.EndArray().EndObject();
  }
  o.EndArray();
  if (any_blocked) {
    // Every blocked pair in one list: what has to be done before a repair can be applied for.
    o.Key("blocked").BeginArray();
    for (uint32_t r = pop.RecordsBegin(0); r < pop.RecordsEnd(0); ++r) {
      for (int p = 0; p < np; ++p) {
        const RecordOutcome& oc = ev.records[static_cast<size_t>(r) * np + p];
        if (!HasActions(t, oc)) continue;
        o.BeginObject().Field("record_id", pop.record_id[r]).Field("platform", t.PlatformCode(p));
        WriteActions(o, t, oc);
        o.EndObject();
      }
    }
    o.EndArray();
  }
  o.Key("materials").BeginObject().Key("canonical");
  WriteMaterials(o, t, ev.entity.canonical_materials, /*detail=*/true);
  o.Key("raw");
  WriteMaterials(o, t, ev.entity.raw_materials, /*detail=*/true);
  o.EndObject();
  o.Key("alerts").BeginArray();
  const MessageArgs entity_args = MessageArgsFor(pop, -1, -1, nullptr);
  for (int a = 0; a < t.NumAlerts() && a < kMaxAlerts; ++a) {
    if (!t.AlertIsEntityScope(a) || !((ev.entity.alerts >> a) & 1)) continue;
    WriteAlert(o, t, a, due_of(-1, nullptr, a), entity_args);
  }
  o.EndArray();
  o.Key("alert_codes").String(AlertCodes(t, ev.entity.alerts));
  o.FieldOrNull("clean_by", Day(ev.entity.clean_by));
  o.Key("shown").Uint(ev.entity.shown);
}

// One decision-log line: who, when, on which table, and what was decided by which rules.
std::string DecisionLine(const TableSnapshot& s, const Population& pop, Date as_of,
                         const Evaluated& ev, std::string_view request_id,
                         std::string_view endpoint) {
  const DecisionTable& t = s.table;
  const int np = pop.num_platforms;
  std::string line;
  line.reserve(512);
  JsonOut o(&line);
  o.BeginObject()
      .Field("time", Rfc3339(std::chrono::system_clock::now()))
      .Field("request_id", request_id)
      .Field("endpoint", endpoint)
      .Field("uscc", UsccOf(pop))
      .Field("as_of", FormatDate(as_of))
      .Field("table_hash", s.hash)
      .Field("pack_version", t.PackVersion());
  o.Key("outcome").BeginObject().Key("shown").Uint(ev.entity.shown);
  o.FieldOrNull("clean_by", Day(ev.entity.clean_by));
  o.Field("alerts", AlertCodes(t, ev.entity.alerts));
  o.Field("canonical_materials", MaterialCodes(t, ev.entity.canonical_materials));
  o.Key("decisions").BeginArray();
  for (uint32_t r = pop.RecordsBegin(0); r < pop.RecordsEnd(0); ++r) {
    for (int p = 0; p < np; ++p) {
      const RecordOutcome& oc = ev.records[static_cast<size_t>(r) * np + p];
      const bool shown = ShownOn(pop, r, p, as_of);
      if (oc.rule == kNoRow && !shown) continue;
      o.BeginObject()
          .Field("record_id", pop.record_id[r])
          .Field("platform", t.PlatformCode(p))
          .Field("status", StatusCodeOf(oc, shown))
          .FieldOrNull("eligible_from", Day(oc.eligible_from))
          .FieldOrNull("rule_id", t.RuleId(oc.rule))
          .FieldOrNull("source", t.Source(oc.rule))
          .EndObject();
    }
  }
  o.EndArray().EndObject().EndObject();
  return line;
}

std::string ErrorBody(const TableSnapshot* s, int status, std::string_view code,
                      std::string_view message, const std::vector<Problem>* problems,
                      std::string_view request_id, int64_t line = -1) {
  std::string body;
  JsonOut o(&body);
  o.BeginObject();
  if (line >= 0) o.Key("line").Int(line);
  if (!request_id.empty()) o.Field("request_id", request_id);
  o.Key("error").BeginObject().Key("status").Int(status).Field("code", code).Field("message", message);
  o.Key("problems");
  if (problems != nullptr) {
    WriteProblems(o, *problems);
  } else {
    o.BeginArray().EndArray();
  }
  o.EndObject();
  if (s != nullptr) WriteTableRef(o, *s);
  o.EndObject();
  return body;
}

std::string ProblemsMessage(const std::vector<Problem>& problems) {
  return problems.size() == 1 ? Cat("1 problem in the request: ", problems[0].message)
                              : Cat(problems.size(), " problems in the request");
}

Answer Json(int status, std::string body, const TableSnapshot& s) {
  Answer a;
  a.status = status;
  a.body = std::move(body);
  a.table_hash = s.hash;
  return a;
}

// Parses and builds one entity request against snapshot `s`; on problems fills *error.
bool ReadRequest(std::string_view text, const TableSnapshot& s, Date today, RequestKind kind,
                 EntityRequest* req, int* status, std::vector<Problem>* problems) {
  boost::json::value v;
  if (!ParseJson(text, &v, problems)) {
    *status = 400;
    return false;
  }
  *req = ReadEntityRequest(v, s.dict, today, kind);
  if (!req->ok()) {
    *status = req->status();
    *problems = std::move(req->problems);
    return false;
  }
  return true;
}

class BatchRunImpl : public BatchRun {
 public:
  BatchRunImpl(std::shared_ptr<const TableSnapshot> snap, std::string body, std::string request_id,
               Metrics& metrics, DecisionLog* log, Date today)
      : snap_(std::move(snap)), body_(std::move(body)), request_id_(std::move(request_id)),
        metrics_(metrics), log_(log), today_(today) {}

  bool Next(std::string* out) override {
    if (pos_ >= body_.size()) return false;
    const size_t start = out->size();
    int done = 0;
    while (pos_ < body_.size() && done < 256 && out->size() - start < (64u << 10)) {
      size_t eol = body_.find('\n', pos_);
      if (eol == std::string::npos) eol = body_.size();
      std::string_view text(body_.data() + pos_, eol - pos_);
      pos_ = eol + 1;
      ++line_;
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      if (text.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank line
      ++lines_;
      ++done;
      Line(text, out);
    }
    return out->size() > start || pos_ < body_.size();
  }
  const std::string& table_hash() const override { return snap_->hash; }
  uint64_t lines() const override { return lines_; }
  uint64_t failed_lines() const override { return failed_; }

 private:
  void Line(std::string_view text, std::string* out) {
    EntityRequest req;
    int status = 0;
    std::vector<Problem> problems;
    if (!ReadRequest(text, *snap_, today_, RequestKind::kEvaluate, &req, &status, &problems)) {
      ++failed_;
      out->append(ErrorBody(snap_.get(), status, status == 400 ? "bad-request" : "invalid-input",
                                 ProblemsMessage(problems), &problems, "", line_));
      out->push_back('\n');
      return;
    }
    Evaluated ev;
    EvaluateOne(*snap_, req.built.population, req.as_of, metrics_, &ev);
    JsonOut o(out);
    o.BeginObject().Key("line").Int(line_);
    WriteEvaluation(o, *snap_, req.built.population, req.as_of, ev, "");
    o.EndObject();
    out->push_back('\n');
    if (log_ != nullptr) {
      log_->Push(DecisionLine(*snap_, req.built.population, req.as_of, ev,
                              Cat(request_id_, "#", line_), "evaluate_batch"));
    }
  }

 private:
  std::shared_ptr<const TableSnapshot> snap_;
  std::string body_;
  std::string request_id_;
  Metrics& metrics_;
  DecisionLog* log_;
  Date today_;
  size_t pos_ = 0;
  int64_t line_ = 0;
  uint64_t lines_ = 0, failed_ = 0;
};

}  // namespace

Service::Service(TableStore& store, Metrics& metrics, DecisionLog* log, ServiceOptions options)
    : store_(store), metrics_(metrics), log_(log), options_(std::move(options)) {}

Date Service::Today() const {
  if (options_.today) return options_.today();
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return FromYmd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

Endpoint Service::Route(std::string_view method, std::string_view target) {
  (void)method;
  const std::string_view path = Path(target);
  if (path == "/healthz") return Endpoint::kHealthz;
  if (path == "/v1/table") return Endpoint::kTable;
  if (path == "/metrics") return Endpoint::kMetrics;
  if (path == "/v1/evaluate") return Endpoint::kEvaluate;
  if (path == "/v1/evaluate/batch") return Endpoint::kEvaluateBatch;
  if (path == "/v1/explain") return Endpoint::kExplain;
  if (path == "/v1/plan") return Endpoint::kPlan;
  if (path == "/v1/admin/reload") return Endpoint::kAdminReload;
  return Endpoint::kOther;
}

Answer Service::Error(int status, std::string_view code, std::string_view message) {
  const std::shared_ptr<const TableSnapshot> s = store_.Current();
  Answer a;
  a.status = status;
  a.body = ErrorBody(s.get(), status, code, message, nullptr, "");
  if (s) a.table_hash = s->hash;
  return a;
}

Answer Service::Handle(const Request& req, Endpoint e) {
  const bool get = req.method == "GET" || req.method == "HEAD";
  const bool post = req.method == "POST";
  switch (e) {
    case Endpoint::kHealthz:
    case Endpoint::kTable:
    case Endpoint::kMetrics:
      if (!get) {
        Answer a = Error(405, "method-not-allowed", Cat(Path(req.target), " takes GET"));
        a.allow = "GET, HEAD";
        return a;
      }
      return e == Endpoint::kHealthz ? Healthz() : e == Endpoint::kTable ? Table() : MetricsText();
    case Endpoint::kEvaluate:
    case Endpoint::kEvaluateBatch:
    case Endpoint::kExplain:
    case Endpoint::kPlan:
    case Endpoint::kAdminReload:
      if (!post) {
        Answer a = Error(405, "method-not-allowed", Cat(Path(req.target), " takes POST"));
        a.allow = "POST";
        return a;
      }
      if (e == Endpoint::kEvaluate) return Evaluate(req);
      if (e == Endpoint::kExplain) return Explain(req);
      if (e == Endpoint::kPlan) return Plan(req);
      if (e == Endpoint::kAdminReload) return AdminReload(req);
      return Error(500, "internal", "the batch endpoint is streamed by the HTTP layer");
    case Endpoint::kOther:
      break;
  }
  return Error(404, "not-found",
               Cat("no endpoint ", Path(req.target),
                            " (GET /healthz, /v1/table, /metrics; POST /v1/evaluate, "
                            "/v1/evaluate/batch, /v1/explain, /v1/plan, /v1/admin/reload)"));
}

Answer Service::Healthz() {
  const std::shared_ptr<const TableSnapshot> s = store_.Current();
  std::string body;
  JsonOut o(&body);
  o.BeginObject().Field("status", "ok");
  WriteTableRef(o, *s);
  o.EndObject();
  return Json(200, std::move(body), *s);
}

Answer Service::Table() {
  const std::shared_ptr<const TableSnapshot> s = store_.Current();
  const DecisionTable& t = s->table;
  std::string body;
  JsonOut o(&body);
  o.BeginObject()
      .Field("pack", t.PackName())
      .Field("version", t.PackVersion())
      .Field("zh", t.PackZh())
      .Field("en", t.PackEn())
      .Field("hash", s->hash)
      .Field("source", s->source)
      .Field("compiled_at", s->compiled_at)
      .Field("loaded_at", s->loaded_at)
      .Key("generation").Uint(s->generation)
      .Key("rows").Uint(t.NumRows());
  o.Key("regimes").BeginArray();
  for (const TableSnapshot::Regime& r : s->regimes) {
    o.BeginObject().FieldOrNull("from", Day(r.from)).FieldOrNull("to", Day(r.to)).EndObject();
  }
  o.EndArray();
  o.Key("platforms").BeginArray();
  for (int p = 0; p < t.NumPlatforms(); ++p) {
    o.BeginObject()
        .Field("code", t.PlatformCode(p))
        .Field("zh", t.PlatformZh(p))
        .Field("en", t.PlatformEn(p))
        .EndObject();
  }
  o.EndArray();
#ifdef XIUFU_SERVER_HAS_PLAN
  constexpr bool kHasPlan = true;
#else
  constexpr bool kHasPlan = false;
#endif
  // What this build answers: /v1/plan needs the runtime's PlanEntity.
  o.Key("features").BeginObject().Key("plan").Bool(kHasPlan).EndObject();
  o.Key("reloads")
      .BeginObject()
      .Key("ok").Uint(store_.reloads_ok())
      .Key("failed").Uint(store_.reloads_failed())
      .FieldOrNull("last_error", store_.last_error())
      .EndObject();
  o.EndObject();
  return Json(200, std::move(body), *s);
}

Answer Service::MetricsText() {
  const std::shared_ptr<const TableSnapshot> s = store_.Current();
  MetricsSnapshotInputs in;
  in.table_hash = s->hash;
  in.pack = std::string(s->table.PackName());
  in.version = std::string(s->table.PackVersion());
  in.loaded_at = s->loaded_at;
  in.generation = s->generation;
  in.reloads_ok = store_.reloads_ok();
  in.reloads_failed = store_.reloads_failed();
  if (log_ != nullptr) {
    in.decision_log = true;
    in.log_written = log_->written();
    in.log_dropped = log_->dropped();
    in.log_queue = log_->queued();
  }
  Answer a;
  a.content_type = "text/plain; version=0.0.4; charset=utf-8";
  a.body = metrics_.Render(in);
  a.table_hash = s->hash;
  return a;
}

Answer Service::Evaluate(const Request& req) {
  const std::shared_ptr<const TableSnapshot> s = store_.Current();
  EntityRequest er;
  int status = 0;
  std::vector<Problem> problems;
  if (!ReadRequest(req.body, *s, Today(), RequestKind::kEvaluate, &er, &status, &problems)) {
    return Json(status,
                ErrorBody(s.get(), status, status == 400 ? "bad-request" : "invalid-input",
                          ProblemsMessage(problems), &problems, req.request_id),
                *s);
  }
  Evaluated ev;
  EvaluateOne(*s, er.built.population, er.as_of, metrics_, &ev);
  std::string body;
  body.reserve(4096);
  JsonOut o(&body);
  o.BeginObject();
  WriteEvaluation(o, *s, er.built.population, er.as_of, ev, req.request_id);
  o.EndObject();
  if (log_ != nullptr) {
    log_->Push(DecisionLine(*s, er.built.population, er.as_of, ev, req.request_id, "evaluate"));
  }
  return Json(200, std::move(body), *s);
}

Answer Service::Explain(const Request& req) {
  const std::shared_ptr<const TableSnapshot> s = store_.Current();
  EntityRequest er;
  int status = 0;
  std::vector<Problem> problems;
  if (!ReadRequest(req.body, *s, Today(), RequestKind::kExplain, &er, &status, &problems)) {
    return Json(status,
                ErrorBody(s.get(), status, status == 400 ? "bad-request" : "invalid-input",
                          ProblemsMessage(problems), &problems, req.request_id),
                *s);
  }
  const Population& pop = er.built.population;
  absl::StatusOr<xiufu::Explanation> why =
      xiufu::Explain(s->table, pop, 0, static_cast<size_t>(er.record), er.platform, er.as_of);
  if (!why.ok()) {
    return Json(500, ErrorBody(s.get(), 500, "explain-failed", why.status().ToString(), nullptr,
                               req.request_id),
                *s);
  }
  const bool shown = ShownOn(pop, static_cast<size_t>(er.record), er.platform, er.as_of);
  std::string body;
  JsonOut o(&body);
  o.BeginObject().Field("request_id", req.request_id);
  WriteTableRef(o, *s);
  o.Field("as_of", why->as_of)
      .Field("uscc", why->uscc)
      .Field("record_id", why->record_id)
      .Field("platform", why->platform)
      .Field("status", why->status)
      .Field("status_zh", StatusNameOf(why->outcome, shown, Lang::kZh))
      .Field("status_en", StatusNameOf(why->outcome, shown, Lang::kEn))
      .FieldOrNull("eligible_from", why->eligible_from)
      .FieldOrNull("expires_on", why->expires_on)
      .FieldOrNull("rule_id", why->rule_id)
      .FieldOrNull("source", why->source)
      .FieldOrNull("reason_zh", why->reason_zh)
      .FieldOrNull("reason_en", why->reason_en);
  WriteActions(o, s->table, why->outcome);
  o.Key("steps").BeginArray();
  for (const ExplainStep& st : why->steps) {
    o.BeginObject()
        .Field("rule_id", st.rule_id)
        .Field("table", st.table)
        .Key("line").Int(st.line)
        .Key("in_force").Bool(st.in_force)
        .Key("matched").Bool(st.matched);
    if (!st.matched && st.in_force) {
      o.Field("column", st.column).Field("cell", st.cell).Field("actual", st.actual);
    }
    o.EndObject();
  }
  o.EndArray();
  o.Field("text_zh", why->ToText(true)).Field("text_en", why->ToText(false));
  o.EndObject();
  return Json(200, std::move(body), *s);
}

Answer Service::Plan(const Request& req) {
  const std::shared_ptr<const TableSnapshot> s = store_.Current();
#ifdef XIUFU_SERVER_HAS_PLAN
  EntityRequest er;
  int status = 0;
  std::vector<Problem> problems;
  if (!ReadRequest(req.body, *s, Today(), RequestKind::kPlan, &er, &status, &problems)) {
    return Json(status,
                ErrorBody(s.get(), status, status == 400 ? "bad-request" : "invalid-input",
                          ProblemsMessage(problems), &problems, req.request_id),
                *s);
  }
  const Population& pop = er.built.population;
  absl::StatusOr<RepairPlan> plan = PlanEntity(s->table, pop, 0, er.as_of);
  if (!plan.ok()) {
    return Json(500, ErrorBody(s.get(), 500, "plan-failed", plan.status().ToString(), nullptr,
                               req.request_id),
                *s);
  }
  std::string body;
  JsonOut o(&body);
  o.BeginObject().Field("request_id", req.request_id);
  WriteTableRef(o, *s);
  o.Field("as_of", FormatDate(er.as_of)).Field("uscc", UsccOf(pop));
  o.Key("plan").Raw(PlanJson(s->table, pop, *plan));
  o.Field("text_zh", PlanText(s->table, pop, *plan, Lang::kZh))
      .Field("text_en", PlanText(s->table, pop, *plan, Lang::kEn));
  o.EndObject();
  return Json(200, std::move(body), *s);
#else
  return Json(501,
              ErrorBody(s.get(), 501, "not-implemented",
                        "repair plans are not in this build: /v1/plan answers with the runtime's "
                        "PlanEntity (xiufu/runtime/plan.h), which the linked runtime does not "
                        "have yet; /v1/evaluate gives every record's status, dates and materials",
                        nullptr, req.request_id),
              *s);
#endif
}

Answer Service::AdminReload(const Request& req) {
  if (!req.loopback) {
    return Error(403, "forbidden", "/v1/admin/reload answers loopback clients only");
  }
  const absl::Status st = store_.Reload("admin request");
  const std::shared_ptr<const TableSnapshot> s = store_.Current();
  if (!st.ok()) {
    return Json(422,
                ErrorBody(s.get(), 422, "reload-refused",
                          Cat("the new table was refused; still serving ", s->hash, ": ",
                                       st.ToString()),
                          nullptr, req.request_id),
                *s);
  }
  std::string body;
  JsonOut o(&body);
  o.BeginObject().Key("reloaded").Bool(true).Key("generation").Uint(s->generation);
  WriteTableRef(o, *s);
  o.EndObject();
  return Json(200, std::move(body), *s);
}

std::unique_ptr<BatchRun> Service::StartBatch(std::string body, std::string request_id) {
  return std::make_unique<BatchRunImpl>(store_.Current(), std::move(body), std::move(request_id),
                                        metrics_, log_, Today());
}

}  // namespace xiufu::server
