"""The district report's HTML: one self-contained page (inline CSS, inline JavaScript, charts as
``data:`` PNGs; no external URL), with tables sortable in the browser without a server.

Every table cell carries its raw value in ``data-v`` (counts unformatted, codes as codes), which
the sort uses and which tests read back; the text shown is formatted (thousands separators,
percentages, Chinese with the English name below).
"""

from __future__ import annotations

import base64
import dataclasses
import html
import math
from typing import Any, Iterable, List, Optional, Sequence

import pandas as pd

__all__ = ["Column", "sortable_table", "figure_img", "bilingual", "cards", "page", "esc"]


@dataclasses.dataclass(frozen=True)
class Column:
    """One table column: the frame column ``key``, its Chinese and English headers, and how
    its values show: ``text``, ``code`` (monospace), ``int`` (thousands separators), ``pct``
    (a fraction shown as a percentage) or ``label`` (a ``(zh, en)`` pair shown on two lines,
    sorted by the Chinese)."""
    key: str
    zh: str
    en: str
    kind: str = "text"


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def bilingual(zh: str, en: str, tag: str = "span") -> str:
    """Chinese, then the English in a smaller line."""
    if not en or en == zh:
        return esc(zh)
    return f'{esc(zh)}<{tag} class="en">{esc(en)}</{tag}>'


def _cell(value: Any, kind: str) -> str:
    if kind == "label":
        zh, en = value
        return f'<td data-v="{esc(zh)}">{bilingual(zh, en)}</td>'
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return '<td data-v=""></td>'
    if kind == "int":
        return f'<td class="num" data-v="{int(value)}">{int(value):,}</td>'
    if kind == "pct":
        return f'<td class="num" data-v="{float(value):.6f}">{100 * float(value):.1f}%</td>'
    if kind == "code":
        return f'<td data-v="{esc(value)}"><code>{esc(value)}</code></td>'
    return f'<td data-v="{esc(value)}">{esc(value)}</td>'


def sortable_table(frame: pd.DataFrame, columns: Sequence[Column], table_id: str, *,
                   footer: Optional[dict] = None, empty: str = "（无 / none）") -> str:
    """``frame`` as a table the reader sorts by clicking a header (again: the other way).
    ``footer``: one row of totals ({key: value}), kept below the sorted rows."""
    if frame.empty:
        return f'<p class="empty" id="{esc(table_id)}">{esc(empty)}</p>'
    head = "".join(f'<th title="点击排序 / click to sort">{bilingual(c.zh, c.en)}</th>'
                   for c in columns)
    body = "\n".join("<tr>" + "".join(_cell(row[c.key], c.kind) for c in columns) + "</tr>"
                     for _, row in frame.iterrows())
    foot = ""
    if footer is not None:
        foot = "<tfoot><tr>" + "".join(
            _cell(footer[c.key], c.kind) if c.key in footer else "<td></td>"
            for c in columns) + "</tr></tfoot>"
    return (f'<div class="scroll"><table class="sortable" id="{esc(table_id)}">'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>{foot}</table></div>")


def figure_img(png: bytes, alt: str, file_name: str) -> str:
    """A chart embedded as a ``data:`` PNG; ``file_name`` is the copy written beside the page."""
    data = base64.b64encode(png).decode("ascii")
    return (f'<figure><img alt="{esc(alt)}" data-file="{esc(file_name)}" '
            f'src="data:image/png;base64,{data}"><figcaption>{esc(alt)}</figcaption></figure>')


_CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
       "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; margin: 0 auto; max-width: 1200px;
       padding: 1.5em 2em 4em; color: #1f2933; line-height: 1.5; }
h1 { font-size: 1.7em; margin-bottom: 0.1em; }
h2 { border-bottom: 2px solid #1565c0; padding-bottom: 0.2em; margin-top: 2.2em; }
h3 { margin-top: 1.5em; }
.en { display: block; font-size: 0.82em; color: #52606d; font-weight: normal; }
h1 .en, h2 .en { display: inline; margin-left: 0.6em; }
.meta { color: #52606d; }
.cards { display: flex; flex-wrap: wrap; gap: 0.8em; margin: 1.2em 0; }
.card { background: #f0f4f8; border-left: 4px solid #1565c0; padding: 0.6em 1em; min-width: 11em; }
.card.alarm { border-color: #c62828; } .card.good { border-color: #2e7d32; }
.card .v { font-size: 1.6em; font-weight: bold; }
.card .k { font-size: 0.9em; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
th, td { border: 1px solid #d9e2ec; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #e3ecf7; cursor: pointer; user-select: none; }
th[aria-sort=ascending]::after { content: " \\25B2"; }
th[aria-sort=descending]::after { content: " \\25BC"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: bold; background: #f5f7fa; }
tbody tr:nth-child(even) { background: #fafbfc; }
figure { margin: 1em 0; } figure img { max-width: 100%; height: auto; }
figcaption { color: #52606d; font-size: 0.85em; }
.note { color: #52606d; font-size: 0.9em; }
.warn { background: #fff4e5; border-left: 4px solid #e65100; padding: 0.5em 1em; }
.ok { color: #2e7d32; }
code { font-size: 0.95em; }
ul.codes { columns: 4 12em; }
"""

# Click a header to sort its table by that column (again to reverse). Numbers sort as numbers,
# everything else as Chinese text; the footer (totals) stays below.
_SORT_JS = """
(function () {
  function key(cell) {
    var v = cell.getAttribute('data-v');
    if (v === null) { v = cell.textContent; }
    var n = v.trim() === '' ? NaN : Number(v);
    return isNaN(n) ? { s: v } : { n: n };
  }
  function compare(a, b) {
    if ('n' in a && 'n' in b) { return a.n - b.n; }
    if ('n' in a) { return -1; }
    if ('n' in b) { return 1; }
    return a.s.localeCompare(b.s, 'zh-CN');
  }
  document.querySelectorAll('table.sortable th').forEach(function (th) {
    th.addEventListener('click', function () {
      var table = th.closest('table'), body = table.tBodies[0], i = th.cellIndex;
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (r, s) {
        var c = compare(key(r.cells[i]), key(s.cells[i]));
        return ascending ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
"""


def page(title_zh: str, title_en: str, parts: Iterable[str]) -> str:
    """The whole document: ``parts`` are HTML fragments, in order."""
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{esc(title_zh)} / {esc(title_en)}</title>\n<style>{_CSS}</style>\n"
            "</head>\n<body>\n" + "\n".join(parts) +
            f"\n<script>{_SORT_JS}</script>\n</body>\n</html>\n")


def cards(items: List[tuple]) -> str:
    """Headline figures: (value, zh, en, tone) with tone ``""``, ``"good"`` or ``"alarm"``."""
    out = []
    for value, zh, en, tone in items:
        shown = f"{value:,}" if isinstance(value, int) else str(value)
        out.append(f'<div class="card {tone}"><div class="v">{esc(shown)}</div>'
                   f'<div class="k">{bilingual(zh, en)}</div></div>')
    return '<div class="cards">' + "".join(out) + "</div>"
