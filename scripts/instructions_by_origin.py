#!/usr/bin/env python3
"""Where the evaluator's instructions come from, by the source function that wrote them.

The hot path is one function with everything inlined into it, so callgrind's per-function
counts say little; its per-line counts do. This reads `callgrind_annotate --auto=yes
--context=100000` output (every annotated source file printed whole), gives each counted line
to the function whose body it is in (a function starts where a line at the top or class level
opens a definition), and prints the functions and the kinds of work they belong to:

    scripts/count-instructions.sh --by-origin [--dense] [BUILD_DIR]   (runs callgrind, then this)
    python3 scripts/instructions_by_origin.py ANNOTATED.txt [--top N]

Lines of the C++ library headers (std::vector accessors and the like) count as "std".
docs/performance.md ("What would close the gap") quotes its categories.
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import re
import sys

REPO = pathlib.Path(__file__).resolve().parents[1]

# A line that opens a function definition at namespace or class level: optional attributes,
# `inline` / `static` / `template` / a return type, then a name and "(".
# A call such as `  internal::Fill(` has no return type before the name, so it does not match.
DEFINITION = re.compile(
    r"^(?:  )?(?:\[\[[^\]]*\]\]\s*)?(?:template\s*<[^>]*>\s*)?"
    r"(?:(?:static|inline|constexpr|friend)\s+)*[A-Za-z_][\w:<>,\*&]*\s+[\*&]?"
    r"([A-Za-z_][\w:]*)\s*\(")
NOT_NAMES = {"if", "for", "while", "switch", "return", "sizeof", "static_cast", "gnu",
             "always_inline", "noinline", "decltype"}

# Kinds of work, by file and function (the evaluator's own headers).
CATEGORIES = [
    ("matching kernel", lambda f, fn: f == "match.h" or fn in ("PlatformClass", "SettledKey")),
    ("dates and outcome sets",
     lambda f, fn: f in ("calendar.cc", "date.h", "rule_types.h")
     or (f == "fact_slots.h" and fn in ("EvalDateExpr", "ResolveStatus", "CleanByContribution",
                                         "MapMaterials"))),
    ("fact code", lambda f, fn: f in ("fact_slots.h", "repair_dates.h", "popcount.h",
                                      "date_plan.h", "population.h")),
    ("platform loop", lambda f, fn: f == "evaluate.h" and fn in ("EvaluateEntityFully",
                                                                 "EvaluateEntityPlanned",
                                                                 "EvaluateEntities")),
    ("simulation's own logic", lambda f, fn: f == "evaluate.h"),
    # libstdc++ headers: <array> and the like have no suffix, the rest are stl_*.h or move.h
    ("std", lambda f, fn: not f.endswith((".h", ".cc")) or f.startswith("stl_") or f == "move.h"),
]


def function_names(path: pathlib.Path) -> list[str] | None:
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError:
        return None
    names = ["?"] * (len(lines) + 2)
    name = "?"
    for i, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped.startswith(("//", "return", "if ", "for ", "while ", "case ", "}")) \
                and not stripped.endswith(";"):
            m = DEFINITION.match(line)
            if m and m.group(1).split("::")[-1] not in NOT_NAMES:
                name = m.group(1).split("::")[-1]
        names[i] = name
    return names


def attribute(annotated: str) -> collections.Counter:
    costs: collections.Counter = collections.Counter()
    current = None
    names = None
    line_no = None
    count = re.compile(r"\s*([\d,]+|\.)\s")
    for line in annotated.split("\n"):
        m = re.match(r"-- Auto-annotated source: (.*)", line)
        if m:
            current = m.group(1).strip()
            path = pathlib.Path(current)
            names = function_names(path if path.is_absolute() else REPO / path)
            line_no = None
            continue
        if current is None:
            continue
        if re.match(r"^Ir\s*$", line):
            line_no = 0  # the source starts after the blank line that follows
            continue
        if line_no == 0:
            line_no = 1
            continue
        if line_no is None or line.startswith(("--", "==", "@")) or "events annotated" in line:
            continue
        m = count.match(line)
        if m:
            if m.group(1) != "." and "=>" not in line:
                fn = names[line_no] if names and line_no < len(names) else "?"
                costs[(current.split("/")[-1], fn)] += int(m.group(1).replace(",", ""))
            line_no += 1
    return costs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("annotated", type=pathlib.Path,
                    help="callgrind_annotate --auto=yes --context=100000 output")
    ap.add_argument("--top", type=int, default=25, help="functions to list")
    args = ap.parse_args()
    costs = attribute(args.annotated.read_text(encoding="utf-8", errors="replace"))
    total = sum(costs.values())
    if total == 0:
        print("instructions_by_origin: no annotated source lines found", file=sys.stderr)
        return 1
    by_category: collections.Counter = collections.Counter()
    for (f, fn), c in costs.items():
        for label, test in CATEGORIES:
            if test(f, fn):
                by_category[label] += c
                break
        else:
            by_category["other: " + f] += c
    print(f"instructions on annotated source lines: {total / 1e6:.2f} M")
    print("by kind of work:")
    for label, c in by_category.most_common():
        print(f"  {label:<28} {c / 1e6:8.2f} M {100 * c / total:5.1f}%")
    print(f"by function (top {args.top}):")
    for (f, fn), c in costs.most_common(args.top):
        print(f"  {f + ':' + fn:<40} {c / 1e6:8.3f} M {100 * c / total:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
