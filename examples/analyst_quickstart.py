#!/usr/bin/env python3
"""Quick start for policy analysts: load the Gongshu rules, evaluate a whole district, list the
most frequent alerts, explain one company's "not yet — and from when?" and print the repair
plan of a company whose records are blocked.

    PYTHONPATH=build/python /usr/bin/python3 examples/analyst_quickstart.py \
        --entities 178000 --out out/quickstart

Writes status_by_platform.csv, top_alerts.csv, explanation.txt and plan.txt to the output
directory.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

try:
    import xiufu
except ImportError:
    sys.exit("cannot import xiufu: build it (make build) and run with PYTHONPATH=build/python")

REPO = pathlib.Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=178_000, help="district size (default 178000)")
    ap.add_argument("--out", type=pathlib.Path, default=REPO / "out" / "quickstart")
    ap.add_argument("--rules", type=pathlib.Path, default=REPO / "rules" / "gongshu")
    ap.add_argument("--as-of", default="2026-11-22", help="evaluation date (YYYY-MM-DD)")
    ap.add_argument("--seed", type=int, default=xiufu.DEFAULT_SEED)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    # 1. The rules. Problems would raise xiufu.PackError listing file:line:column of each.
    pack = xiufu.load_pack(args.rules)
    table = pack.compile()
    print(f"rules: {pack.title} {pack.version}, {len(pack.rules())} rows")

    # 2. The district (synthetic here; xiufu.read_district("data/") reads the CSV files).
    entities, records = xiufu.generate_district(args.entities, seed=args.seed)
    print(f"district: {len(entities)} entities, {len(records)} records")

    # 3. Everyone, on one date.
    t0 = time.perf_counter()
    result = table.evaluate(entities, records, as_of=args.as_of)
    ms = (time.perf_counter() - t0) * 1e3
    print(f"evaluated {len(result.records)} record × platform outcomes in {ms:.0f} ms")

    by_platform = result.status_counts()
    print("\nstatus by platform:")
    print(by_platform.to_string())
    by_platform.to_csv(args.out / "status_by_platform.csv")

    top = (result.alerts.groupby(["alert", "severity"], observed=True).size()
           .rename("count").sort_values(ascending=False).head(10).reset_index())
    print("\ntop alerts:")
    print(top.to_string(index=False))
    top.to_csv(args.out / "top_alerts.csv", index=False)

    # 4. One company that cannot repair yet: why not, and from when?
    later = result.records[result.records.status == "eligible_later"]
    pick = later.iloc[0] if len(later) else result.records[result.records.status != "not_shown"].iloc[0]
    explanation = table.explain(entities, records, pick.uscc, pick.record_id,
                                platform=pick.platform, as_of=args.as_of)
    print()
    print(explanation)
    (args.out / "explanation.txt").write_text(str(explanation), encoding="utf-8")

    # 5. Blocked records: what unblocks them, and one company's plan to get clean everywhere.
    rec = result.records
    blocked = rec[rec.status == "blocked"]
    print("\nblocked record × platform pairs by unblocking actions:")
    print(blocked.actions.value_counts().loc[lambda s: s > 0].to_string())
    plan = table.plan(entities, records, blocked.uscc.iloc[0], as_of=args.as_of) \
        if len(blocked) else None
    if plan is not None:
        print()
        print(plan)
        (args.out / "plan.txt").write_text(str(plan), encoding="utf-8")
    print(f"wrote {args.out}/status_by_platform.csv, top_alerts.csv, explanation.txt"
          f"{', plan.txt' if plan is not None else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
