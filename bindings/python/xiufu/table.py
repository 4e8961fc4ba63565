"""Compiled decision tables: evaluate a district, explain one entity, save / load the blob."""

from __future__ import annotations

import datetime as _dt
import os
import warnings
from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core, _input, _output
from .dates import DateLike, to_days
from .errors import InputError, MissingColumnNote

__all__ = ["Table", "Prepared", "EvaluationResult", "load_table"]

Frame = Union[pd.DataFrame, Dict[str, Any]]


def _threads(threads: Optional[int]) -> int:
    if threads is None:
        return 0
    if not isinstance(threads, (int, np.integer)) or threads < 1:
        raise ValueError(f"threads must be a positive integer or None (all cores), got {threads!r}")
    return int(threads)


def _as_of(as_of: Optional[DateLike]) -> int:
    return to_days(_dt.date.today() if as_of is None else as_of, "as_of")


def _object_column(data: Frame, name: str) -> np.ndarray:
    col = data[name]
    return np.asarray(col, dtype=object)


def _errors(errors: str) -> str:
    if errors not in ("raise", "collect"):
        raise ValueError(f"errors must be 'raise' or 'collect', got {errors!r}")
    return errors


class Prepared:
    """Input frames converted once for a table's domains (codes mapped, dates read, records
    grouped by entity) by the library's PopulationBuilder. Pass it to :meth:`Table.evaluate`,
    :meth:`Table.explain` or :func:`xiufu.diff` in place of ``(entities, records)`` to skip the
    conversion when evaluating the same district many times (what-if loops). Immutable.

    ``rejected``: the rows the builder rejected (see :meth:`Table.evaluate`); with
    ``errors="raise"`` (the default) there are none — the conversion raises instead.
    """

    def __init__(self, table: "Table", entities: Frame, records: Frame, with_text: bool = False,
                 threads: int = 0, errors: str = "raise",
                 positions: Optional[Dict[str, np.ndarray]] = None):
        _errors(errors)
        try:
            custom = table._handle.custom_columns()
            especs, ecols = _input.frame_specs(
                entities, "entities", [(n, t) for n, scope, t in custom if scope == "entity"])
            rspecs, rcols = _input.frame_specs(
                records, "records", [(n, t) for n, scope, t in custom if scope == "record"])
            self._handle, uscc, record_ids = table._handle.prepare(
                especs, rspecs, ecols, rcols, with_text, threads)
        except InputError as e:
            raise _input.with_label(e, entities, records) from None
        self.entities_frame = entities
        self.records_frame = records
        self.with_text = bool(with_text)  # names and record ids kept (explain, plans)
        self.rejected: pd.DataFrame = _input.rejected_frame(self._handle.diagnostics(), positions)
        # A declared custom column the frames lack: every row takes its default (said once).
        self.notices: List[str] = list(self._handle.notices)
        for notice in self.notices:
            warnings.warn(notice, MissingColumnNote, stacklevel=3)
        if errors == "raise" and len(self.rejected):
            raise _input.rejection_error(self.rejected, entities, records)
        self._domains = table._handle.input_domains
        self._custom = table._handle.custom_columns()
        # The accepted rows' USCC and record id objects (the output frames' categories), in an
        # array of their own, so that changing the input frames later does not change them
        # (gathered by the conversion while it read the text).
        self._uscc = uscc if uscc is not None else \
            _object_column(entities, "uscc")[self._handle.entity_rows()]
        self._record_ids = record_ids if record_ids is not None else \
            _object_column(records, "record_id")[self._handle.accepted_record_rows()]
        self._uscc_dtype: Optional[pd.CategoricalDtype] = None
        self._record_dtype: Optional[pd.CategoricalDtype] = None

    @property
    def num_entities(self) -> int:
        """Entities accepted."""
        return self._handle.num_entities

    @property
    def num_records(self) -> int:
        """Records accepted."""
        return self._handle.num_records

    def uscc_dtype(self) -> pd.CategoricalDtype:
        """Categories = the accepted entities' USCCs in input order (unique: the builder
        rejects a repeated one)."""
        if self._uscc_dtype is None:
            self._uscc_dtype = _output.unique_categories(self._uscc)
        return self._uscc_dtype

    def record_dtype(self) -> pd.CategoricalDtype:
        """Categories = the accepted record ids in input order (unique: the builder rejects a
        repeated one)."""
        if self._record_dtype is None:
            self._record_dtype = _output.unique_categories(self._record_ids)
        return self._record_dtype

    def __repr__(self) -> str:
        rejected = f", {len(self.rejected)} rows rejected" if len(self.rejected) else ""
        return f"<xiufu.Prepared {self.num_entities} entities, {self.num_records} records{rejected}>"


class EvaluationResult:
    """The outcome of evaluating a district on one date.

    ``records``  one row per record × platform: uscc, record_id, platform, department,
                 record_kind, status, eligible_from, expires_on, rule_id, source (legal basis),
                 channel (platform to apply on), authority (deciding department), warnings
                 (the record's plausibility warnings, ``|``-joined), actions (a blocked
                 record's unblocking actions, ``|``-joined; ``""`` = none).
    ``entities`` one row per entity (input order): uscc, clean_by (all platforms clean by this
                 day; NaT = never / unknown), shown (record × platform pairs still published),
                 alerts (rows in ``alerts``), materials (canonical, ``|``-joined),
                 raw_materials.
    ``alerts``   one row per alert: uscc, record_id and platform (empty for entity alerts),
                 alert, severity, scope, due, message_zh, message_en.
    ``rejected`` one row per input row the library rejected (``errors="collect"``): frame, row,
                 column, field, value, code, message; empty otherwise.

    Code columns are pandas Categoricals (uscc and record_id too: group them with
    ``observed=True``).
    """

    def __init__(self, table: "Table", prepared: Prepared, as_of_days: int, columns: Dict[str, Any]):
        self.table = table
        self.as_of = _dt.date(1970, 1, 1) + _dt.timedelta(days=as_of_days)
        self.records = table._records_frame(prepared, columns["records"])
        if "reason_zh" in columns["records"]:
            c = columns["records"]
            self.records["reason_zh"] = _output.cat_unchecked(
                c["reason_zh"], _output.engine_categories(c["reasons_zh"]))
            self.records["reason_en"] = _output.cat_unchecked(
                c["reason_en"], _output.engine_categories(c["reasons_en"]))
        self.entities = table._entities_frame(prepared, columns["entities"])
        self.alerts = table._alerts_frame(prepared, columns["alerts"])
        self.rejected: pd.DataFrame = prepared.rejected

    def status_counts(self) -> pd.DataFrame:
        """Record × platform pairs by platform (rows) and status (columns)."""
        return pd.crosstab(self.records["platform"], self.records["status"], dropna=False)

    def __repr__(self) -> str:
        return (f"<xiufu.EvaluationResult as of {self.as_of}: {len(self.entities)} entities, "
                f"{len(self.records)} record × platform rows, {len(self.alerts)} alerts>")


class Table:
    """A compiled decision table (from :meth:`xiufu.Pack.compile` or :func:`load_table`).

    Immutable and cheap to share. ``evaluate`` runs the whole district (the C++ evaluation runs
    without the GIL, on ``threads`` threads); ``explain`` traces one entity; ``save`` writes the
    binary blob that ``xiufu compile`` writes and :func:`load_table` reads.
    """

    def __init__(self, handle: "_core.Table"):
        self._handle = handle
        domains = handle.input_domains
        self._dtypes = {name: _output.categories(codes) for name, codes in domains.items()}
        self._status_dtype = _output.categories(_core.STATUS_CODES)
        self._warning_dtype = _output.categories(_core.RECORD_WARNINGS)
        self._actions = handle.actions()
        self._action_dtype = _output.categories([a[0] for a in self._actions])
        self._step_kind_dtype = _output.categories(_core.STEP_KINDS)
        self._rule_dtype = _output.categories(handle.rule_ids)
        self._source_dtype = _output.categories(handle.sources)
        alerts = handle.alerts()
        self._alert_dtype = _output.categories([a[0] for a in alerts])
        found = {a[2] for a in alerts}
        severities = [s for s in ("critical", "warning", "info") if s in found] + \
            sorted(found - {"critical", "warning", "info"})
        self._severity_dtype = _output.categories(severities)
        self._alert_severity = np.array([severities.index(a[2]) for a in alerts], dtype=np.int8)
        self._scope_dtype = _output.categories(["entity", "record"])
        self._alert_scope = np.array([0 if a[1] == "entity" else 1 for a in alerts], dtype=np.int8)

    # ---- identity and catalogues ----
    @property
    def pack_name(self) -> str:
        return self._handle.pack_name

    @property
    def pack_version(self) -> str:
        return self._handle.pack_version

    @property
    def pack_hash(self) -> int:
        """FNV-1a hash of the pack files (edited packs fold their edits in)."""
        return self._handle.pack_hash

    @property
    def input_domains(self) -> Dict[str, List[str]]:
        """Codes of the eight input domains (platform, department, …) in pack order."""
        return self._handle.input_domains

    def domains(self) -> pd.DataFrame:
        """Every enum domain of the pack: domain, code, zh, en."""
        rows = [(name, *v) for name, values in self._handle.domains() for v in values]
        return pd.DataFrame(rows, columns=["domain", "code", "zh", "en"])

    def rules(self) -> pd.DataFrame:
        """Every compiled row: rule_id, table, decision, line, effective_from, effective_to,
        status (eligibility rows), source."""
        return pd.DataFrame(self._handle.rules(), columns=[
            "rule_id", "table", "decision", "line", "effective_from", "effective_to", "status",
            "source"])

    def alert_catalog(self) -> pd.DataFrame:
        return pd.DataFrame(self._handle.alerts(),
                            columns=["code", "scope", "severity", "zh", "en", "source"])

    def material_catalog(self) -> pd.DataFrame:
        return pd.DataFrame(self._handle.materials(),
                            columns=["code", "kind", "zh", "en", "requested_by", "source"])

    def actions(self) -> pd.DataFrame:
        """The pack's unblocking actions (``actions.csv``): code, effect (what the engine
        simulates when the action is done: ``fulfil``, ``correct``, ``file_reports``,
        ``reachable``, ``leave_abnormal`` or ``none``), zh, en, source."""
        return pd.DataFrame(self._actions, columns=["code", "effect", "zh", "en", "source"])

    # ---- blob ----
    def save(self, path: Union[str, os.PathLike]) -> None:
        """Writes the table blob (magic, version, pack hash, checksum, payload)."""
        self._handle.save(os.fspath(path))

    def to_bytes(self) -> bytes:
        return self._handle.serialize()

    @classmethod
    def from_bytes(cls, blob: bytes) -> "Table":
        return cls(_core.Table.deserialize(blob))

    # ---- evaluation ----
    def prepare(self, entities: Frame, records: Frame, *, threads: Optional[int] = None,
                errors: str = "raise") -> Prepared:
        """Converts the input frames once (see :class:`Prepared`; ``errors`` as in
        :meth:`evaluate`)."""
        return Prepared(self, entities, records, threads=_threads(threads), errors=errors)

    def _prepared(self, entities: Union[Frame, Prepared], records: Optional[Frame],
                  threads: int = 0, errors: str = "raise", with_text: bool = False) -> Prepared:
        if isinstance(entities, Prepared):
            if entities._domains != self._handle.input_domains:
                raise ValueError("the population was prepared for a table with different "
                                 "domains; prepare it again with this table")
            if entities._custom != self._handle.custom_columns():
                raise ValueError("the population was prepared for a table with different "
                                 "custom columns; prepare it again with this table")
            if with_text and not entities.with_text:
                # The same rows again, keeping record ids; it was accepted once, so "collect"
                # rejects exactly what it rejected then.
                return Prepared(self, entities.entities_frame, entities.records_frame,
                                with_text=True, threads=threads, errors="collect")
            return entities
        if records is None:
            raise TypeError("records is required unless entities is a Prepared population")
        return Prepared(self, entities, records, with_text=with_text, threads=threads,
                        errors=errors)

    def _one_entity(self, entities: Union[Frame, Prepared], records: Optional[Frame],
                    uscc: Optional[str], errors: str, what: str):
        """The entity's own rows converted alone (with record ids): (prepared, its records)."""
        if isinstance(entities, Prepared):
            entities, records = entities.entities_frame, entities.records_frame
        if uscc is None:
            raise TypeError(f"{what}() needs the entity's uscc")
        if records is None:
            raise TypeError("records is required unless entities is a Prepared population")
        ent_pos = np.flatnonzero(_object_column(entities, "uscc") == uscc)
        if len(ent_pos) == 0:
            raise ValueError(f"entity {uscc!r} is not in entities")
        rec_pos = np.flatnonzero(np.asarray(records["uscc"], dtype=object) == uscc)
        sub_e, sub_r = _subset(entities, ent_pos[:1]), _subset(records, rec_pos)
        positions = {"entities": ent_pos[:1], "records": rec_pos}
        prepared = Prepared(self, sub_e, sub_r, with_text=True, errors=_errors(errors),
                            positions=positions)
        if prepared.num_entities == 0:  # errors="collect" and the entity's own row was rejected
            why = prepared.rejected[prepared.rejected.frame == "entities"].iloc[0]
            raise ValueError(f"entity {uscc!r} was rejected: {why.message} ({why.code})")
        return prepared, sub_r

    def evaluate(self, entities: Union[Frame, Prepared], records: Optional[Frame] = None, *,
                 as_of: Optional[DateLike] = None, threads: Optional[int] = None,
                 reasons: bool = False, errors: str = "raise") -> EvaluationResult:
        """Evaluates every entity and record on ``as_of`` (default: today).

        ``entities`` / ``records``: DataFrames (or dicts of numpy arrays) in the input format of
        docs/formats.md, or a :class:`Prepared` population. ``threads``: None = all cores.
        ``reasons``: also render each decision's reason_zh / reason_en (as the CLI's decisions
        file does; costs a template lookup per row).
        ``errors``: what to do with input rows the library rejects (the rules of the CSV reader
        and ``xiufu evaluate``: a bad date, number or code, a malformed or repeated USCC, a record
        whose entity is unknown or rejected, …). ``"raise"`` (strict, the default) raises one
        :class:`xiufu.InputError` (a ValueError) listing every rejected row; ``"collect"``
        (lenient) evaluates the accepted rows and lists the others in ``result.rejected``.
        A missing column or a column of the wrong type raises in both modes.
        """
        threads = _threads(threads)
        prepared = self._prepared(entities, records, threads, _errors(errors))
        days = _as_of(as_of)
        columns = _core.evaluate(self._handle, prepared._handle, days, threads, True, bool(reasons))
        return EvaluationResult(self, prepared, days, columns)

    def explain(self, entities: Union[Frame, Prepared], records: Optional[Frame] = None,
                uscc: Optional[str] = None, record_id: Optional[str] = None, *,
                platform: Union[None, str, Sequence[str]] = None,
                as_of: Optional[DateLike] = None, errors: str = "raise",
                full: bool = False) -> "Explanation":
        """Why / why not, and from when, for the entity's records (or just ``record_id``) on
        every platform (or just ``platform``). The text is for people: the deciding rule, what
        must be done when the record is blocked, and the rules missed by one condition the
        company or time can change (with the pack's Chinese / English names); ``full=True``
        adds every eligibility row considered, in order, with its first failing condition.
        ``steps`` always holds the whole trace as data.

        Only the entity's own rows are converted, so this is cheap on a whole district.
        ``errors`` as in :meth:`evaluate` (for the entity's own rows): with ``"collect"`` its
        rejected records are left out and listed in ``explanation.rejected``.
        """
        from .explain import Explanation
        days = _as_of(as_of)
        prepared, sub_r = self._one_entity(entities, records, uscc, errors, "explain")
        record_rows: List[int] = []
        if record_id is not None:
            ids = _object_column(sub_r, "record_id")
            hit = np.flatnonzero(ids == record_id)
            if len(hit) == 0:
                raise ValueError(f"record {record_id!r} is not a record of entity {uscc!r}")
            record_rows = [int(hit[0])]
        platforms: List[int] = []
        if platform is not None:
            codes = self._handle.input_domains["platform"]
            for p in [platform] if isinstance(platform, str) else platform:
                if p not in codes:
                    raise ValueError(f"unknown platform {p!r} (the pack knows: {', '.join(codes)})")
                platforms.append(codes.index(p))
        data = _core.explain(self._handle, prepared._handle, 0, record_rows, platforms, days, full)
        explanation = Explanation(data)
        explanation.rejected = prepared.rejected
        return explanation

    def plan(self, entities: Union[Frame, Prepared], records: Optional[Frame] = None,
             uscc: Optional[str] = None, *, as_of: Optional[DateLike] = None,
             errors: str = "raise") -> "Plan":
        """The repair plan of one entity as of ``as_of`` (default: today): the unblocking
        actions, then the applications by date (platform, deciding department, materials, the
        platforms that follow), what drops off by itself, and the day it is clean everywhere —
        the library's ``PlanEntity``, the plan ``xiufu plan --entity USCC`` prints.

        Only the entity's own rows are converted (by the PopulationBuilder, as in
        :meth:`evaluate`), so this is cheap on a whole district. ``errors`` as in
        :meth:`evaluate` (for the entity's own rows): with ``"collect"`` its rejected records
        are left out of the plan and listed in ``plan.rejected``.
        """
        from .plan import Plan
        days = _as_of(as_of)
        prepared, _ = self._one_entity(entities, records, uscc, errors, "plan")
        data = _core.plan(self._handle, prepared._handle, 0, days)
        steps = self._steps_frame(prepared, data["steps"])
        return Plan(data, steps.drop(columns=["uscc", "clean_by"]), prepared.rejected)

    def plans(self, entities: Union[Frame, Prepared], records: Optional[Frame] = None, *,
              as_of: Optional[DateLike] = None, threads: Optional[int] = None,
              errors: str = "raise") -> pd.DataFrame:
        """The repair plans of every entity with a record still published, in one C++ pass
        (``PlanEntity`` per entity on ``threads`` threads, without the GIL): one row per step,
        the columns of :attr:`Plan.steps` after ``uscc``, plus the entity's ``clean_by``
        (``NaT`` = some record has no end date) on each of its rows. Entities in input order,
        steps in plan order. ``errors`` as in :meth:`evaluate`."""
        threads = _threads(threads)
        prepared = self._prepared(entities, records, threads, _errors(errors), with_text=True)
        data = _core.plans(self._handle, prepared._handle, _as_of(as_of), threads)
        return self._steps_frame(prepared, data)

    # ---- frames ----
    def _steps_frame(self, p: Prepared, c: Dict[str, Any]) -> pd.DataFrame:
        cat, d = _output.cat, self._dtypes
        return _output.frame({
            "uscc": _output.cat_unchecked(c["entity"], p.uscc_dtype()),
            "step": c["step"],
            "kind": cat(c["kind"], self._step_kind_dtype),
            "action": cat(c["action"], self._action_dtype),
            "report_years": np.asarray(c["report_years"], dtype=object),
            "records": np.asarray(c["records"], dtype=object),
            "platform": cat(c["platform"], d["platform"]),
            "authority": cat(c["authority"], d["department"]),
            "date": _output.dates(c["date"]),
            "rule_id": cat(c["rule_id"], self._rule_dtype),
            "materials": np.asarray(c["materials"], dtype=object),
            "raw_materials": np.asarray(c["raw_materials"], dtype=object),
            "followers": np.asarray(c["followers"], dtype=object),
            "followed_by": _output.dates(c["followed_by"]),
            "zh": np.asarray(c["zh"], dtype=object),
            "en": np.asarray(c["en"], dtype=object),
            "clean_by": _output.dates(c["clean_by"]),
        })

    # The frames of evaluate: every code column is the engine's codes (in range by construction)
    # under the table's code lists or a list the engine deduplicated, so the Categoricals are
    # made without pandas' validation passes (_output.cat_unchecked).
    def _records_frame(self, p: Prepared, c: Dict[str, Any]) -> pd.DataFrame:
        cat, d = _output.cat_unchecked, self._dtypes
        return _output.frame({
            "uscc": _output.cat_unchecked(c["entity"], p.uscc_dtype()),
            "record_id": _output.cat_unchecked(c["record"], p.record_dtype()),
            "platform": cat(c["platform"], d["platform"]),
            "department": cat(c["department"], d["department"]),
            "record_kind": cat(c["record_kind"], d["record_kind"]),
            "status": cat(c["status"], self._status_dtype),
            "eligible_from": _output.dates(c["eligible_from"]),
            "expires_on": _output.dates(c["expires_on"]),
            "rule_id": cat(c["rule_id"], self._rule_dtype),
            "source": cat(c["source"], self._source_dtype),
            "channel": cat(c["channel"], d["platform"]),
            "authority": cat(c["authority"], d["department"]),
            "warnings": cat(c["warnings"], self._warning_dtype),
            "actions": cat(c["actions"], _output.engine_categories(c["action_sets"])),
        })

    def _entities_frame(self, p: Prepared, c: Dict[str, Any]) -> pd.DataFrame:
        return _output.frame({
            "uscc": p._uscc,
            "clean_by": _output.dates(c["clean_by"]),
            "shown": c["shown"],
            "alerts": c["alerts"],
            "materials": _output.cat_unchecked(
                c["materials"], _output.engine_categories(c["material_sets"])),
            "raw_materials": _output.cat_unchecked(
                c["raw_materials"], _output.engine_categories(c["raw_material_sets"])),
        })

    def _alerts_frame(self, p: Prepared, c: Dict[str, Any]) -> pd.DataFrame:
        cat = _output.cat_unchecked
        alert = c["alert"]
        return _output.frame({
            "uscc": _output.cat_unchecked(c["entity"], p.uscc_dtype()),
            "record_id": _output.cat_unchecked(c["record"], p.record_dtype()),
            "platform": cat(c["platform"], self._dtypes["platform"]),
            "alert": cat(alert, self._alert_dtype),
            "severity": cat(self._alert_severity[alert], self._severity_dtype),
            "scope": cat(self._alert_scope[alert], self._scope_dtype),
            "due": _output.dates(c["due"]),
            "message_zh": cat(c["message_zh"], _output.engine_categories(c["messages_zh"])),
            "message_en": cat(c["message_en"], _output.engine_categories(c["messages_en"])),
        })

    def __repr__(self) -> str:
        return (f"<xiufu.Table {self.pack_name} {self.pack_version} "
                f"({len(self._handle.rule_ids)} eligibility rules)>")


def _subset(data: Frame, positions: np.ndarray) -> Frame:
    if isinstance(data, pd.DataFrame):
        return data.iloc[positions].reset_index(drop=True)
    out = {}
    for k, v in data.items():
        if isinstance(v, (pd.Series, pd.Categorical)) or pd.api.types.is_extension_array_dtype(v):
            out[k] = pd.Series(v).iloc[positions].reset_index(drop=True)
        else:
            out[k] = np.asarray(v)[positions]
    return out


def load_table(path: Union[str, os.PathLike]) -> Table:
    """Loads a table blob written by :meth:`Table.save` or ``xiufu compile``. Raises
    ``FileNotFoundError``, or ``ValueError`` for a file that is not a blob, has another format
    version, is truncated or corrupt."""
    return Table(_core.Table.load(os.fspath(path)))
