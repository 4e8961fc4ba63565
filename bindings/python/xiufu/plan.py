"""Repair plans: what an entity does, where and from when, so that its records leave every
platform (信用修复一件事 — one application, all platforms)."""

from __future__ import annotations

import json
from typing import Any, Dict

import pandas as pd

__all__ = ["Plan", "STEP_COLUMNS"]

#: Columns of :attr:`Plan.steps`, in order.
STEP_COLUMNS = ["step", "kind", "action", "report_years", "records", "platform", "authority",
                "date", "rule_id", "materials", "raw_materials", "followers", "followed_by",
                "zh", "en"]


class Plan:
    """The repair plan of one entity (see :meth:`xiufu.Table.plan`), made by the library's
    ``PlanEntity`` (include/xiufu/runtime/plan.h) — the plan ``xiufu plan`` prints.

    ``print(plan)`` (and ``repr``) show the numbered steps in Chinese, then in English:
    first the actions that unblock the entity's records (pay, correct, file the missing annual
    reports …, to do by the evaluation date), then the applications by date, each on the
    platform that takes it with the department that decides, the canonical materials and the
    platforms that follow it automatically (and by when), then what drops off by itself or
    stays; last the day the entity is expected clean on every platform.

    As data:

    ``steps``     one row per step: step (1, 2, …), kind (``action`` / ``apply`` /
                  ``drops_off`` / ``stays``), action (the unblocking action's code), report_years
                  (``|``-joined, for ``file_annual_reports``), records (the record ids,
                  ``|``-joined), platform, authority, date (do by / apply from / drops off on),
                  rule_id (the eligibility row behind the step), materials, raw_materials,
                  followers (platforms that follow the application, ``|``-joined), followed_by
                  (the day by which every follower has stopped publishing), zh, en (the step's text).
    ``clean_by``  ``YYYY-MM-DD``: clean on every platform if every step is done on its date;
                  ``""`` when some record has no end date.
    ``uscc``, ``as_of``; ``rejected``: the entity's input rows the library rejected
    (``errors="collect"``).

    ``to_json()`` is the library's ``PlanJson`` (what ``xiufu plan --json`` prints);
    ``to_dict()`` the same parsed.
    """

    def __init__(self, data: Dict[str, Any], steps: pd.DataFrame, rejected: pd.DataFrame):
        self.uscc: str = data["uscc"]
        self.as_of: str = data["as_of"]
        self.clean_by: str = data["clean_by"]
        self.steps: pd.DataFrame = steps
        self.rejected: pd.DataFrame = rejected
        self._text = {"zh": data["text_zh"], "en": data["text_en"]}
        self._json: str = data["json"]

    def text(self, lang: str = "zh") -> str:
        """The plan for people (``PlanText``): ``lang`` is ``"zh"``, ``"en"`` or ``"both"``
        (Chinese first)."""
        if lang == "both":
            return self._text["zh"] + "\n" + self._text["en"]
        if lang not in self._text:
            raise ValueError(f"lang must be 'zh', 'en' or 'both', got {lang!r}")
        return self._text[lang]

    def to_json(self) -> str:
        """The plan as one JSON object (``PlanJson``: codes and both languages)."""
        return self._json

    def to_dict(self) -> Dict[str, Any]:
        """:meth:`to_json` parsed: uscc, as_of, clean_by and steps (lists of codes)."""
        return json.loads(self._json)

    def __len__(self) -> int:
        return len(self.steps)

    def __str__(self) -> str:
        return self.text("both")

    def __repr__(self) -> str:
        return self.text("both")
