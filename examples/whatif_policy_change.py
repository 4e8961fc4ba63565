#!/usr/bin/env python3
"""What if the Order 36 minimum publicity period for general records were 6 months instead of
3? Edits one rule of the Gongshu pack in memory, compares the whole district under both
versions and reports who is affected.

    PYTHONPATH=build/python /usr/bin/python3 examples/whatif_policy_change.py \
        --entities 178000 --out out/whatif

Writes affected_entities.csv, changes.csv, changes_by_department.csv and
changes_by_department.png to the output directory. Any other single-cell change works too:
    --rule O36-GEN-03 --column eligible_from --text "max(decision_date + 6m, fulfilled_date)"
"""

from __future__ import annotations

import argparse
import pathlib
import sys

try:
    import xiufu
except ImportError:
    sys.exit("cannot import xiufu: build it (make build) and run with PYTHONPATH=build/python")

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=178_000, help="district size (default 178000)")
    ap.add_argument("--out", type=pathlib.Path, default=REPO / "out" / "whatif")
    ap.add_argument("--rules", type=pathlib.Path, default=REPO / "rules" / "gongshu")
    ap.add_argument("--as-of", default="2026-11-22", help="evaluation date (YYYY-MM-DD)")
    ap.add_argument("--seed", type=int, default=xiufu.DEFAULT_SEED)
    ap.add_argument("--rule", default="O36-GEN-03", help="rule_id of the row to change")
    ap.add_argument("--column", default="eligible_from", help="column of the cell to change")
    ap.add_argument("--text", default="max(decision_date + 6m, fulfilled_date)",
                    help="the new cell, as it would be written in the CSV file")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    pack = xiufu.load_pack(args.rules)
    before = pack.compile()
    print(f"{args.rule}.{args.column}: {pack.rule(args.rule)[args.column]!r} → {args.text!r}")
    edited = pack.with_cell(args.rule, args.column, args.text)  # PackError if the text is invalid
    after = edited.compile()

    entities, records = xiufu.generate_district(args.entities, seed=args.seed)
    prepared = before.prepare(entities, records)  # convert once, compare many versions
    diff = xiufu.diff(before, after, prepared, as_of=args.as_of)
    print(diff.summary())

    # Affected entities, with their names, most affected first.
    names = entities.set_index("uscc")["name"]
    affected = diff.entities.assign(name=lambda d: d.uscc.map(names))
    affected = affected.sort_values(["records_changed", "uscc"], ascending=[False, True])
    affected.to_csv(args.out / "affected_entities.csv", index=False)
    diff.changes.to_csv(args.out / "changes.csv", index=False)

    by_dept = diff.by_department.drop(index="total")
    by_dept = by_dept[by_dept["total"] > 0].drop(columns="total")
    by_dept.to_csv(args.out / "changes_by_department.csv")
    if not by_dept.empty:
        print("\nchanged record × platform outcomes by department:")
        print(by_dept.to_string())

    fig, ax = plt.subplots(figsize=(8, 4.5))
    if by_dept.empty:
        ax.text(0.5, 0.5, "no outcome changes", ha="center", va="center", transform=ax.transAxes)
    else:
        by_dept.plot.bar(stacked=True, ax=ax)
        ax.set_ylabel("record × platform outcomes that change")
    ax.set_title(f"What if {args.rule}.{args.column} = {args.text} (as of {args.as_of})", fontsize=9)
    fig.tight_layout()
    fig.savefig(args.out / "changes_by_department.png", dpi=120)
    print(f"\nwrote {args.out}/affected_entities.csv ({len(affected)} entities), changes.csv, "
          f"changes_by_department.csv, changes_by_department.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
