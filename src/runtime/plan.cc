// PlanEntity: the company follows its plan in a simulated copy of the entity (see plan.h).
#include "xiufu/runtime/plan.h"

#include <algorithm>
#include <tuple>

#include "xiufu/runtime/json_string.h"
#include "base/str_util.h"
#include "runtime/plan_candidates.h"
#include "runtime/plan_listings.h"
#include "xiufu/runtime/evaluate.h"

namespace xiufu {
namespace {

using internal::TableData;

// Rounds in a row without progress (actions added, the date moved on, an application that
// covered no record × platform more) after which a plan stops: far above any real entity;
// stops a pack that cycles. Applications that cover a record × platform more end by themselves,
// so they are not counted: an entity with hundreds of records gets every application.
constexpr int kMaxIdleRounds = 64;

bool Eligible(RepairStatus s) {
  return s == RepairStatus::kEligibleNow || s == RepairStatus::kEligibleLater;
}

// Report years still missing as of `at` (the years FillEntitySlots counts as missed_reports).
std::vector<int> MissingReportYears(const Population& p, Date at) {
  const YearMonthDay today = ToYmd(at);
  const int32_t reg = p.registration_date[0];
  const int32_t reg_year = reg == kNoDay ? today.year : ToYmd(Date{reg}).year;
  const int32_t last_due = at > FromYmd(today.year, 6, 30) ? today.year - 1 : today.year - 2;
  const int32_t covered = std::max<int32_t>(p.last_report_year[0], reg_year - 1);
  std::vector<int> years;
  for (int32_t y = covered + 1; y <= last_due; ++y) years.push_back(y);
  return years;
}

// What a plan changes as it goes: the simulated entity and its outcomes. Kept per thread from
// plan to plan (PlanEntity), so a district's plans reuse their capacity instead of allocating
// two dozen columns and vectors each.
struct PlanBuffers {
  Population sim;
  std::vector<RecordOutcome> now, before;
  std::vector<uint8_t> covered;
  internal::PlanCandidates open;
  std::vector<uint32_t> needs;
  internal::EntityFacts facts;
  internal::PlanListings listings;
  bool busy = false;  // in use by a Planner of this thread
};

class Planner {
 public:
  // `by_record`: after an application that can change only its record's outcomes, decide that
  // record again, and look for due actions only when a record's needs changed; false decides
  // the whole entity again after every application and looks every round (the reference the
  // tests hold the first to).
  Planner(const DecisionTable& table, const Population& pop, size_t e, Date as_of,
          Scratch& scratch, PlanBuffers& buffers, bool by_record = true)
      : by_record_(by_record), t_(table), d_(internal::Data(table)), e_(e), as_of_(as_of),
        np_(pop.num_platforms), begin_(pop.RecordsBegin(e)), sim_(buffers.sim),
        scratch_(scratch), now_(buffers.now), before_(buffers.before),
        covered_(buffers.covered), open_(buffers.open), needs_(buffers.needs),
        facts_(buffers.facts), listings_(buffers.listings),
        env_(internal::EnvOf(d_, ToYmd(as_of), nullptr)) {
    // The entity alone, in a population the plan may change.
    internal::SimulateActions(pop, e, begin_, 0, as_of, d_.context, &sim_);
    n_ = sim_.num_records();
    covered_.assign(static_cast<size_t>(n_) * np_, 0);
    facts_.day = kNoDay;  // made by the first DecideAll
    if (by_record_) listings_.Reset(env_, sim_);
  }

  RepairPlan Run() {
    RepairPlan plan;
    plan.entity = e_;
    plan.as_of = as_of_.days;
    Date t = as_of_;
    std::vector<PlanStep> actions, applications;
    bool decided = false;  // now_ holds sim_ decided as of t
    for (int idle = 0; idle < kMaxIdleRounds; ++idle) {
      if (!decided) DecideAll(t);
      decided = true;
      // The actions due: only when what the records need changed since they were last looked
      // at (then nothing new would be found).
      if (needs_changed_ || !by_record_) {
        needs_changed_ = false;
        if (AddActions(t, &actions)) {  // done today: decide again
          decided = false;
          continue;
        }
      }
      const internal::PlanCandidates::Key* best = open_.Top();
      if (best == nullptr) break;
      const auto [from, abnormal_first, r, c, p] = *best;
      (void)abnormal_first;
      (void)p;
      if (from > t.days) {  // decide again on that day: the regime then in force applies
        t = Date{from};
        decided = false;
        continue;
      }
      const size_t covered_before = CoveredPairs(r);
      applications.push_back(Apply(t, r, c));  // decides again what it changes, as of t
      if (CoveredPairs(r) > covered_before) idle = -1;  // else a pack that cycles: idle
    }
    if (!decided) Evaluate(t, &now_);
    std::vector<PlanStep> rest = Remaining(t);
    // Assemble: actions, applications (already in date order), the rest by date.
    for (PlanStep& s : actions) plan.steps.push_back(std::move(s));
    for (PlanStep& s : applications) plan.steps.push_back(std::move(s));
    for (PlanStep& s : rest) plan.steps.push_back(std::move(s));
    plan.clean_by = CleanBy(plan);
    return plan;
  }

 private:
  void Evaluate(Date at, std::vector<RecordOutcome>* out) {
    out->assign(static_cast<size_t>(n_) * np_, RecordOutcome{});
    EntityOutcome eo;
    EvaluateEntity(t_, sim_, 0, at, scratch_, out->data(), &eo);
  }

  // The whole entity decided as of `at`, and every record's open pairs and needs from it; the
  // entity's facts on `at` kept for the records decided again one by one after it (DecideRecord).
  // (The whole entity by EvaluateEntity, not by EvaluateEntityRecords with those facts: the
  // district's evaluator, inlined as the district needs it, decides a record faster.)
  void DecideAll(Date at) {
    Evaluate(at, &now_);
    if (by_record_) internal::MakeEntityFacts(t_, sim_, 0, at, scratch_, &facts_);
    open_.Reset(n_, np_);
    needs_.assign(n_, 0);
    for (uint32_t r = 0; r < n_; ++r) Track(r, at);
    needs_changed_ = true;
  }

  // Record r decided again as of `at`, the others as they were (Apply: when only r's outcomes
  // can have changed, the entity's facts — its listings on `at` and on the regime changes after
  // it — did not: those DecideAll made on `at` hold).
  void DecideRecord(Date at, uint32_t r) {
    if (facts_.day != at.days || facts_.pop != &sim_) {  // not reached: DecideAll(at) came first
      DecideAll(at);
      return;
    }
    internal::EvaluateEntityRecords(t_, sim_, 0, r, r + 1, at, scratch_, facts_, now_.data());
  }

  // Record r's open pairs and needed actions from now_ and covered_ (on day `at`).
  void Track(uint32_t r, Date at) {
    const size_t k = static_cast<size_t>(r) * np_;
    open_.Set(r, now_.data() + k, covered_.data() + k,
              internal::InMask(d_.context.abnormal_kinds, sim_.record_kind[r]), at);
    uint32_t needs = 0;
    for (int p = 0; p < np_; ++p) {
      const RecordOutcome& o = now_[k + p];
      if (o.status == RepairStatus::kBlocked && Shown(r, p, o)) needs |= o.actions;
    }
    if (needs != needs_[r]) {
      needs_[r] = needs;
      needs_changed_ = true;
    }
  }

  // Makes `change` (a repair of record r on `at`) and says whether only r's outcomes can have
  // changed: a record of a kind that lists the entity changes the others' only through the
  // listings (on the abnormal list, since when, on a serious list), when they stay as they were
  // on every day an evaluation as of `at` reads them (that day and each regime change after it).
  template <typename Change>
  bool OnlyRecordChanges(uint32_t r, Date at, Change change) {
    const uint8_t kind = sim_.record_kind[r];
    const uint64_t abnormal = d_.context.abnormal_kinds, serious = d_.context.serious_kinds;
    if (!by_record_) {
      change();
      return false;
    }
    if (!internal::InMask(abnormal | serious, kind)) {
      change();
      return true;
    }
    // A kind on both lists: leaving the abnormal list in a simulation would change the serious
    // one too, which the entity's own listings do not show.
    if ((abnormal & serious) != 0) {
      change();
      return false;
    }
    const int32_t* later =
        std::upper_bound(d_.regime_changes.data(),
                         d_.regime_changes.data() + d_.regime_changes.size(), at.days);
    const bool keeps = listings_.RepairKeeps(env_, sim_, r, at, later,
                                             d_.regime_changes.data() + d_.regime_changes.size());
    change();
    return keeps;
  }

  // How many of record r's platforms are applied for or follow an application.
  size_t CoveredPairs(uint32_t r) const {
    const uint8_t* c = covered_.data() + static_cast<size_t>(r) * np_;
    return static_cast<size_t>(std::count(c, c + np_, uint8_t{1}));
  }

  bool Shown(uint32_t r, int p, const RecordOutcome& o) const {
    return IsShownStatus(o.status) && !covered_[static_cast<size_t>(r) * np_ + p] &&
           ((sim_.shown_mask[r] >> p) & 1);
  }

  // Adds (and simulates, as done on `at`) the actions blocked records need that were not done
  // yet. Actions that leave the abnormal list are the abnormal records' own applications, so
  // they are not simulated here. Returns whether anything new was done.
  bool AddActions(Date at, std::vector<PlanStep>* steps) {
    bool any = false;
    for (int a = 0; a < t_.NumActions(); ++a) {
      const ActionEffect fx = t_.ActionEffectOf(a);
      PlanStep step;
      step.kind = PlanStep::Kind::kAction;
      step.action = a;
      step.date = at.days;
      for (uint32_t r = 0; r < n_; ++r) {
        if ((needs_[r] >> a) & 1) step.records.push_back(begin_ + r);  // Track
      }
      if (step.records.empty()) continue;
      if (fx == ActionEffect::kFileReports) step.report_years = MissingReportYears(sim_, at);
      // Once per action, record set and (for reports) years: an action already listed that
      // could not change anything is not listed again.
      const auto key = std::make_tuple(a, step.records, step.report_years);
      if (std::find(done_.begin(), done_.end(), key) != done_.end()) continue;
      done_.push_back(key);
      if (fx == ActionEffect::kLeaveAbnormal) continue;  // the abnormal record's application
      for (uint32_t abs : step.records) Simulate(fx, abs - begin_, at);
      steps->push_back(std::move(step));
      any = true;
    }
    return any;
  }

  void Simulate(ActionEffect fx, uint32_t r, Date at) {
    switch (fx) {
      case ActionEffect::kFulfil: internal::DoneBy(sim_.fulfilled_date[r], at); break;
      case ActionEffect::kCorrect: internal::DoneBy(sim_.corrected_date[r], at); break;
      case ActionEffect::kFileReports:
        sim_.last_report_year[0] = std::max<int16_t>(sim_.last_report_year[0],
                                                     static_cast<int16_t>(ToYmd(at).year - 1));
        break;
      case ActionEffect::kReachable:
        sim_.entity_flags[0] &= static_cast<uint8_t>(~kFlagUnreachable);
        break;
      case ActionEffect::kLeaveAbnormal:
      case ActionEffect::kNone:
      case ActionEffect::kCount_: break;
    }
  }

  // Applies for record r on platform c on `at` (granted that day), then asks the pack which
  // other platforms follow and by when. A platform the pack does not have follow but whose rule
  // still has the record applied for through c today is repaired by the same application: it
  // is listed as following on `at`. (Before, it stayed eligible through c, and the next round
  // applied on c again: the same step listed until the plan's round limit.)
  PlanStep Apply(Date at, uint32_t r, int c) {
    const size_t k = static_cast<size_t>(r) * np_;
    const RecordOutcome o = FirstEligible(r, c);
    PlanStep step;
    step.kind = PlanStep::Kind::kApply;
    step.records.push_back(begin_ + r);
    step.platform = c;
    step.authority = o.authority;
    step.date = at.days;
    step.rule = o.rule;
    for (int p = 0; p < np_; ++p) step.raw_materials |= now_[k + p].materials;
    step.materials = internal::MapMaterials(d_, step.raw_materials, at);
    before_.assign(now_.begin() + k, now_.begin() + k + np_);  // r's outcomes before
    const bool alone = OnlyRecordChanges(r, at, [&] { sim_.repaired.Set(r, c, at.days); });
    covered_[k + c] = 1;
    if (alone) {
      DecideRecord(at, r);
    } else {
      DecideAll(at);
    }
    for (int q = 0; q < np_; ++q) {
      if (q == c || covered_[k + q] || !IsShownStatus(before_[q].status)) continue;
      const RecordOutcome& after = now_[k + q];
      if (after.status == RepairStatus::kDropsOff && before_[q].rule != after.rule) {
        step.followers |= static_cast<uint8_t>(1u << q);
        step.followed_by = std::max(step.followed_by, after.expires_on == kNoDay ? at.days
                                                                                 : after.expires_on);
        covered_[k + q] = 1;
      }
    }
    // A platform whose rule still has the record applied for through c today, which the pack
    // does not have follow: this application is its own too, granted on `at` as c's.
    for (int q = 0; q < np_; ++q) {
      if (q == c || covered_[k + q] || !AppliedThrough(now_[k + q], q, c, at)) continue;
      sim_.repaired.Set(r, q, at.days);
      covered_[k + q] = 1;
      step.followers |= static_cast<uint8_t>(1u << q);
      step.followed_by = std::max(step.followed_by, at.days);
    }
    Track(r, at);
    return step;
  }

  // Whether outcome `o` of a record on platform q has it applied for through platform c on `at`.
  static bool AppliedThrough(const RecordOutcome& o, int q, int c, Date at) {
    return Eligible(o.status) && (o.channel >= 0 ? o.channel : q) == c &&
           (o.eligible_from == kNoDay || o.eligible_from <= at.days);
  }

  // The outcome of record r that names channel c (the application's rule and authority):
  // platform c's own when it is eligible, else the first that applies through c.
  RecordOutcome FirstEligible(uint32_t r, int c) const {
    const RecordOutcome& own = now_[static_cast<size_t>(r) * np_ + c];
    if (Eligible(own.status)) return own;
    for (int p = 0; p < np_; ++p) {
      const RecordOutcome& o = now_[static_cast<size_t>(r) * np_ + p];
      if (Eligible(o.status) && (o.channel >= 0 ? o.channel : p) == c) return o;
    }
    return RecordOutcome{};
  }

  // What is still published when no application is left: it drops off on a date, or stays.
  std::vector<PlanStep> Remaining(Date at) {
    std::vector<PlanStep> out;
    for (uint32_t r = 0; r < n_; ++r) {
      for (int p = 0; p < np_; ++p) {
        const RecordOutcome& o = now_[static_cast<size_t>(r) * np_ + p];
        if (!Shown(r, p, o) || !internal::RecordExists(sim_, r, at)) continue;
        PlanStep step;
        step.records.push_back(begin_ + r);
        step.platform = p;
        step.rule = o.rule;
        const bool dated = o.expires_on != kNoDay;
        step.kind = dated ? PlanStep::Kind::kDropsOff : PlanStep::Kind::kStays;
        step.date = dated ? std::max(o.expires_on, at.days) : kNoDay;
        out.push_back(std::move(step));
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const PlanStep& a, const PlanStep& b) {
      const int32_t x = a.date == kNoDay ? INT32_MAX : a.date;
      const int32_t y = b.date == kNoDay ? INT32_MAX : b.date;
      return x < y;
    });
    return out;
  }

  int32_t CleanBy(const RepairPlan& plan) const {
    int32_t clean = as_of_.days;
    for (const PlanStep& s : plan.steps) {
      switch (s.kind) {
        case PlanStep::Kind::kStays: return kNoDay;
        case PlanStep::Kind::kApply:
          clean = std::max({clean, s.date, s.followed_by});
          break;
        case PlanStep::Kind::kDropsOff: clean = std::max(clean, s.date); break;
        case PlanStep::Kind::kAction: clean = std::max(clean, s.date); break;
      }
    }
    return clean;
  }

  const bool by_record_;
  const DecisionTable& t_;
  const TableData& d_;
  size_t e_;
  Date as_of_;
  int np_;
  uint32_t begin_;
  uint32_t n_ = 0;
  Population& sim_;
  Scratch& scratch_;
  std::vector<RecordOutcome>& now_;
  std::vector<RecordOutcome>& before_;  // the applied record's outcomes before (Apply)
  std::vector<uint8_t>& covered_;  // record × platform: applied for, or follows an application
  internal::PlanCandidates& open_;  // the pairs still to apply for (Track)
  // Per record: the actions its blocked platforms still shown need (bit per action; Track).
  std::vector<uint32_t>& needs_;
  internal::EntityFacts& facts_;  // the entity's facts on the day DecideAll last decided it
  internal::PlanListings& listings_;  // whether an application changes the listings
  const internal::FactEnv env_;  // the table's context and calendar (the listings read those)
  bool needs_changed_ = true;  // a record's needs changed since AddActions last looked
  std::vector<std::tuple<int, std::vector<uint32_t>, std::vector<int>>> done_;
};

std::string Day(int32_t d) { return FormatDate(Date{d}); }

std::string_view PlatformName(const DecisionTable& t, int p, Lang lang) {
  const std::string_view s = lang == Lang::kZh ? t.PlatformZh(p) : t.PlatformEn(p);
  return s.empty() ? t.PlatformCode(p) : s;
}

std::string_view DepartmentName(const DecisionTable& t, int d, Lang lang) {
  const std::string_view s = lang == Lang::kZh ? t.DepartmentZh(d) : t.DepartmentEn(d);
  return s.empty() ? t.DepartmentCode(d) : s;
}

void AppendRecordIds(std::string* out, const Population& pop, const PlanStep& s) {
  bool first = true;
  for (uint32_t r : s.records) {
    if (!first) out->append(", ");
    first = false;
    if (r < pop.record_id.size() && !pop.record_id[r].empty()) {
      out->append(pop.record_id[r]);
    } else {
      Append(out, "#", r);
    }
  }
}

void AppendMaterials(std::string* out, const DecisionTable& t, const Bits128& set, Lang lang) {
  bool first = true;
  for (int i = 0; i < t.NumMaterials() && i < kMaxMaterials; ++i) {
    if (!set.Test(i)) continue;
    if (!first) out->append(lang == Lang::kZh ? "、" : "; ");
    first = false;
    const std::string_view name = lang == Lang::kZh ? t.MaterialZh(i) : t.MaterialEn(i);
    out->append(name.empty() ? t.MaterialCode(i) : name);
  }
}

void JsonStr(std::string* out, std::string_view s) { AppendJsonString(out, s); }

}  // namespace

absl::StatusOr<RepairPlan> PlanEntity(const DecisionTable& table, const Population& pop,
                                      size_t entity, Date as_of, Scratch& scratch) {
  if (!table.valid()) return absl::InvalidArgumentError("the decision table is empty");
  if (entity >= pop.num_entities()) return absl::OutOfRangeError("entity index out of range");
  if (pop.num_platforms != table.NumPlatforms()) {
    return absl::FailedPreconditionError("the population was built for another table");
  }
  thread_local PlanBuffers kept;
  if (kept.busy) {  // not reached today: a plan made while this thread makes another
    PlanBuffers own;
    return Planner(table, pop, entity, as_of, scratch, own).Run();
  }
  kept.busy = true;
  struct Release {
    PlanBuffers& b;
    ~Release() { b.busy = false; }
  } release{kept};
  return Planner(table, pop, entity, as_of, scratch, kept).Run();
}

absl::StatusOr<RepairPlan> PlanEntity(const DecisionTable& table, const Population& pop,
                                      size_t entity, Date as_of) {
  Scratch scratch;
  return PlanEntity(table, pop, entity, as_of, scratch);
}

namespace internal {
absl::StatusOr<RepairPlan> PlanEntityDecidingAll(const DecisionTable& table,
                                                 const Population& pop, size_t entity,
                                                 Date as_of) {
  if (!table.valid()) return absl::InvalidArgumentError("the decision table is empty");
  if (entity >= pop.num_entities()) return absl::OutOfRangeError("entity index out of range");
  Scratch scratch;
  PlanBuffers own;
  return Planner(table, pop, entity, as_of, scratch, own, /*by_record=*/false).Run();
}
}  // namespace internal

std::string_view StepKindCode(PlanStep::Kind k) {
  switch (k) {
    case PlanStep::Kind::kAction: return "action";
    case PlanStep::Kind::kApply: return "apply";
    case PlanStep::Kind::kDropsOff: return "drops_off";
    case PlanStep::Kind::kStays: return "stays";
  }
  return "";
}

void AppendStepText(std::string* out, const DecisionTable& t, const Population& pop,
                    const PlanStep& s, Lang lang) {
  const bool zh = lang == Lang::kZh;
  switch (s.kind) {
    case PlanStep::Kind::kAction: {
      out->append(zh ? t.ActionZh(s.action) : t.ActionEn(s.action));
      if (!s.report_years.empty()) {
        out->append(zh ? "（" : " (");
        for (size_t i = 0; i < s.report_years.size(); ++i) {
          if (i > 0) out->append(zh ? "、" : ", ");
          Append(out, s.report_years[i]);
        }
        out->append(zh ? "年度）" : ")");
      }
      out->append(zh ? "；涉及记录 " : "; for record(s) ");
      AppendRecordIds(out, pop, s);
      return;
    }
    case PlanStep::Kind::kApply: {
      if (zh) {
        Append(out, "自", Day(s.date), "起向", PlatformName(t, s.platform, lang), "申请修复记录 ");
      } else {
        Append(out, "apply on ", PlatformName(t, s.platform, lang), " from ", Day(s.date),
               " to repair record ");
      }
      AppendRecordIds(out, pop, s);
      if (s.authority >= 0) {
        if (zh) Append(out, "（由", DepartmentName(t, s.authority, lang), "审核）");
        else Append(out, " (decided by ", DepartmentName(t, s.authority, lang), ")");
      }
      if (s.materials.Any()) {
        out->append(zh ? "；材料：" : "; materials: ");
        AppendMaterials(out, t, s.materials, lang);
      }
      if (s.followers) {
        out->append(zh ? "；" : "; ");
        bool first = true;
        for (int q = 0; q < t.NumPlatforms(); ++q) {
          if (!((s.followers >> q) & 1)) continue;
          if (!first) out->append(zh ? "、" : ", ");
          first = false;
          out->append(PlatformName(t, q, lang));
        }
        if (zh) Append(out, "随之同步修复（最迟", Day(s.followed_by), "）");
        else Append(out, " follow automatically (by ", Day(s.followed_by), ")");
      }
      if (s.rule != kNoRow) Append(out, zh ? "；依据 " : "; rule ", t.RuleId(s.rule));
      return;
    }
    case PlanStep::Kind::kDropsOff:
      if (zh) {
        out->append("无需办理：记录 ");
        AppendRecordIds(out, pop, s);
        Append(out, " 于", Day(s.date), "在", PlatformName(t, s.platform, lang), "停止公示");
      } else {
        out->append("nothing to do: record ");
        AppendRecordIds(out, pop, s);
        Append(out, " stops being published on ", PlatformName(t, s.platform, lang), " on ",
               Day(s.date));
      }
      return;
    case PlanStep::Kind::kStays:
      out->append(zh ? "记录 " : "record ");
      AppendRecordIds(out, pop, s);
      if (zh) Append(out, " 在", PlatformName(t, s.platform, lang), "继续公示，暂无可给出的截止日期");
      else Append(out, " stays published on ", PlatformName(t, s.platform, lang), "; no end date can be given");
      return;
  }
}

std::string StepText(const DecisionTable& t, const Population& pop, const PlanStep& s, Lang lang) {
  std::string out;
  AppendStepText(&out, t, pop, s, lang);
  return out;
}

std::string PlanText(const DecisionTable& t, const Population& pop, const RepairPlan& plan,
                     Lang lang) {
  const bool zh = lang == Lang::kZh;
  const std::string_view uscc(pop.uscc[plan.entity].data(), pop.uscc[plan.entity].size());
  std::string out = zh ? Cat("信用修复计划：", uscc, "（评估日 ", Day(plan.as_of), "）\n")
                       : Cat("Repair plan: ", uscc, " (as of ", Day(plan.as_of), ")\n");
  if (plan.steps.empty()) {
    out += zh ? "  无公示中的失信记录，无需办理。\n" : "  Nothing is published: nothing to do.\n";
  }
  int n = 0;
  for (const PlanStep& s : plan.steps) out += Cat("  ", ++n, ". ", StepText(t, pop, s, lang), "\n");
  if (plan.clean_by == kNoDay) {
    out += zh ? "  按此计划仍有记录无法确定停止公示日期。\n"
              : "  Following this plan, some records have no end date.\n";
  } else {
    out += zh ? Cat("  按此计划，预计", Day(plan.clean_by), "起在全部平台不再公示。\n")
              : Cat("  Following this plan, the entity is clean on every platform by ",
                    Day(plan.clean_by), ".\n");
  }
  return out;
}

std::string PlanJson(const DecisionTable& t, const Population& pop, const RepairPlan& plan) {
  std::string out = "{\"uscc\":";
  JsonStr(&out, std::string_view(pop.uscc[plan.entity].data(), pop.uscc[plan.entity].size()));
  out += Cat(",\"as_of\":\"", Day(plan.as_of), "\",\"clean_by\":");
  if (plan.clean_by == kNoDay) out += "null";
  else out += Cat("\"", Day(plan.clean_by), "\"");
  out += ",\"steps\":[";
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const PlanStep& s = plan.steps[i];
    if (i) out += ",";
    out += Cat("{\"step\":", i + 1, ",\"kind\":\"", StepKindCode(s.kind), "\",\"records\":[");
    for (size_t k = 0; k < s.records.size(); ++k) {
      if (k) out += ",";
      JsonStr(&out, s.records[k] < pop.record_id.size() ? pop.record_id[s.records[k]] : "");
    }
    out += "],\"action\":";
    if (s.action >= 0) JsonStr(&out, t.ActionCode(s.action)); else out += "null";
    out += ",\"report_years\":[";
    for (size_t k = 0; k < s.report_years.size(); ++k) out += Cat(k ? "," : "", s.report_years[k]);
    out += "],\"platform\":";
    if (s.platform >= 0) JsonStr(&out, t.PlatformCode(s.platform)); else out += "null";
    out += ",\"authority\":";
    if (s.authority >= 0) JsonStr(&out, t.DepartmentCode(s.authority)); else out += "null";
    out += ",\"date\":";
    if (s.date == kNoDay) out += "null"; else out += Cat("\"", Day(s.date), "\"");
    out += ",\"rule_id\":";
    if (s.rule != kNoRow) JsonStr(&out, t.RuleId(s.rule)); else out += "null";
    out += ",\"materials\":";
    JsonStr(&out, MaterialCodes(t, s.materials));
    out += ",\"raw_materials\":";
    JsonStr(&out, MaterialCodes(t, s.raw_materials));
    out += ",\"followers\":[";
    bool first = true;
    for (int q = 0; q < t.NumPlatforms(); ++q) {
      if (!((s.followers >> q) & 1)) continue;
      if (!first) out += ",";
      first = false;
      JsonStr(&out, t.PlatformCode(q));
    }
    out += "],\"followed_by\":";
    if (s.followed_by == kNoDay) out += "null"; else out += Cat("\"", Day(s.followed_by), "\"");
    out += ",\"zh\":";
    JsonStr(&out, StepText(t, pop, s, Lang::kZh));
    out += ",\"en\":";
    JsonStr(&out, StepText(t, pop, s, Lang::kEn));
    out += "}";
  }
  out += "]}";
  return out;
}

}  // namespace xiufu
