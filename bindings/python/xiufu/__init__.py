"""xiufu — the credit-repair rules engine (信用修复规则引擎) for Python and pandas.

Typical session::

    import xiufu
    pack = xiufu.load_pack("rules/gongshu")            # PackError lists every problem
    table = pack.compile()
    entities, records = xiufu.generate_district()      # or xiufu.read_district("data/")
    result = table.evaluate(entities, records, as_of="2026-11-22")
    result.records, result.entities, result.alerts     # pandas DataFrames
    print(table.explain(entities, records, uscc="9133…", as_of="2026-11-22"))
    print(table.plan(entities, records, uscc="9133…", as_of="2026-11-22"))  # what to do
    edited = pack.with_cell("O36-GEN-01", "eligible_from", "decision_date + 6m").compile()
    changes = xiufu.diff(table, edited, entities, records, as_of="2026-11-22")

See docs/python.md for the whole API.
"""

from . import _core
from .dates import DateLike, to_date, to_days
from .diff import DiffResult, diff
from .district import (DEFAULT_SEED, ENTITY_CSV_OPTIONS, RECORD_CSV_OPTIONS, EncodingNote,
                       generate_district, read_district, read_entities, read_records,
                       write_district)
from .errors import Diagnostic, InputError, MissingColumnNote, PackError, diagnostics_frame
from .explain import ExplainItem, Explanation
from .pack import Pack, load_pack
from .plan import Plan
from .table import EvaluationResult, Prepared, Table, load_table
from ._input import ENTITY_COLUMNS, RECORD_COLUMNS

__version__ = "0.1.0"


def retained_memory() -> int:
    """Bytes of scratch memory xiufu keeps for the next build (at most 128 MiB per process).

    Building the same size of population more than once (a loop of what-ifs, Dask partitions)
    keeps the build's large buffers, and the output arrays' once they are freed, instead of
    handing them back to the C library, which would return them to the kernel and page-fault
    them in again on the next call. See docs/python.md, "Repeated builds".
    """
    return _core.retained_memory()


def release_memory() -> int:
    """Frees the scratch memory kept for the next build; returns how many bytes it held."""
    return _core.release_memory()


STATUS_CODES = tuple(_core.STATUS_CODES)

__all__ = [
    "load_pack", "Pack", "load_table", "Table", "Prepared", "EvaluationResult",
    "Explanation", "ExplainItem", "Plan", "diff", "DiffResult",
    "generate_district", "read_district", "read_entities", "read_records", "write_district",
    "ENTITY_CSV_OPTIONS", "RECORD_CSV_OPTIONS", "ENTITY_COLUMNS", "RECORD_COLUMNS",
    "DEFAULT_SEED", "STATUS_CODES", "EncodingNote",
    "PackError", "InputError", "MissingColumnNote", "Diagnostic", "diagnostics_frame",
    "DateLike", "to_days", "to_date", "retained_memory", "release_memory", "__version__",
]
