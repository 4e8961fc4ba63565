"""A Chinese-capable font for matplotlib, and no glyph drawn as a box.

matplotlib's default font (DejaVu Sans) has no Chinese glyphs: it draws each missing character
as an empty box and only warns ("Glyph 20449 (...) missing from current font."). The district
report must not ship such a chart, so :func:`cjk_font` selects an installed CJK font by
family name (Debian ``fonts-noto-cjk``, installed by ``scripts/install-deps.sh``) and
:func:`glyphs_required` turns that warning into :class:`MissingGlyphError`.
"""

from __future__ import annotations

import contextlib
import re
import warnings
from typing import Any, Dict, Iterator, Sequence

from matplotlib import font_manager, rc_context, rcParams

__all__ = ["CJK_FAMILIES", "CJKFontError", "MissingGlyphError", "find_cjk_family",
           "cjk_rc", "cjk_font", "font_file", "glyphs_required"]

#: Font families that render Simplified Chinese, most preferred first. Debian's
#: ``fonts-noto-cjk`` ships ``.ttc`` collections whose first face (the one matplotlib reads)
#: is the JP one; it covers every CJK ideograph the report writes.
CJK_FAMILIES: Sequence[str] = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans CJK KR",
    "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
    "Noto Serif CJK SC", "Noto Serif CJK JP", "AR PL UMing CN",
)

_GLYPH_WARNING = re.compile(r"Glyph \d+ .*missing from current font")


class CJKFontError(RuntimeError):
    """No font that renders Chinese is installed."""


class MissingGlyphError(RuntimeError):
    """A character of a chart is not in the chart's font (it would be drawn as a box)."""


def _installed_families() -> set:
    return {f.name for f in font_manager.fontManager.ttflist}


def _add_uncached_system_fonts() -> None:
    """Adds the system fonts matplotlib's font cache does not know yet (the cache is written
    once, so a font package installed after it is invisible until the cache is rebuilt)."""
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # unreadable or not a font: skip it
                continue


def find_cjk_family(preferred: Sequence[str] = CJK_FAMILIES) -> str:
    """The first family of ``preferred`` that matplotlib can use. Raises :class:`CJKFontError`
    with what to install when there is none."""
    for attempt in range(2):
        installed = _installed_families()
        for family in preferred:
            if family in installed:
                return family
        if attempt == 0:
            _add_uncached_system_fonts()
    raise CJKFontError(
        "没有可显示中文的字体 / no font that renders Chinese is installed (looked for: "
        + ", ".join(preferred) + "). Install Debian's fonts-noto-cjk: "
        "`sudo apt-get install fonts-noto-cjk` or `bash scripts/install-deps.sh`.")


def cjk_rc(family: str) -> Dict[str, Any]:
    """matplotlib settings that draw all text (Latin too: the CJK fonts carry it) in
    ``family``; for ``matplotlib.rc_context`` or ``rcParams.update``."""
    return {"font.family": "sans-serif", "font.sans-serif": [family],
            "axes.unicode_minus": False}  # ASCII hyphen-minus for negative ticks


@contextlib.contextmanager
def cjk_font(preferred: Sequence[str] = CJK_FAMILIES) -> Iterator[str]:
    """Within the block matplotlib draws with the first available family of ``preferred``
    (yielded); the global settings are restored on exit."""
    family = find_cjk_family(preferred)
    with rc_context(cjk_rc(family)):
        yield family


def font_file(family: str) -> str:
    """The file matplotlib renders ``family`` from."""
    return font_manager.findfont(font_manager.FontProperties(family=family),
                                 fallback_to_default=False)


@contextlib.contextmanager
def glyphs_required() -> Iterator[None]:
    """Within the block, a glyph missing from the font raises :class:`MissingGlyphError`
    (matplotlib only warns when it draws the text, so wrap the ``savefig`` call)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=_GLYPH_WARNING.pattern, category=UserWarning)
        try:
            yield
        except UserWarning as w:
            if _GLYPH_WARNING.search(str(w)):
                raise MissingGlyphError(
                    f"{w} — 图表中有字体无法显示的字符 / a chart has a character its font "
                    f"({', '.join(rcParams['font.sans-serif'][:1])}) cannot render") from w
            raise
