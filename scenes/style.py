"""The one place for dlviz's look: palette, themes, fonts, sizes, tempo, number format.

Change a colour, a size or a run time here and every scene follows. Two themes:
``dark`` (default, for projectors) and ``light`` (for printed slides), chosen by the
``DLVIZ_THEME`` environment variable that ``python -m scenes render --theme`` sets.

The palette is Okabe & Ito's colour-blind-safe set ("Color Universal Design", 2008),
with darker variants in the light theme so that every role stays readable on white.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = [
    "THEMES",
    "Theme",
    "theme",
    "FONT",
    "LINE_SPACING",
    "FONTS",
    "font_for",
    "FONT_SIZE_TITLE",
    "FONT_SIZE_BODY",
    "FONT_SIZE_LABEL",
    "FONT_SIZE_SMALL",
    "MATH_SIZE",
    "MATH_SIZE_SMALL",
    "CELL_SIZE",
    "BUFF",
    "FRAME_HALF_WIDTH",
    "FRAME_HALF_HEIGHT",
    "SAFE_MARGIN",
    "LINE_MAX_WIDTH",
    "RUN_FAST",
    "RUN",
    "RUN_SLOW",
    "PAUSE",
    "READ",
    "READING_RATE",
    "CONCLUSION_HOLD",
    "PACE_FROM_READING",
    "reading_time",
    "fmt_num",
    "fmt_int",
]


@dataclass(frozen=True)
class Theme:
    """Colours by role (hex strings), so scenes never name a raw colour."""

    name: str
    background: str
    foreground: str
    """Default colour of text and math."""
    muted: str
    """Axes, grid lines, index labels: present but quiet."""
    panel: str
    """Fill of number cells and boxes."""
    signal: str
    """Inputs: x, data, the image."""
    kernel: str
    """Weights: h, W, the kernel."""
    product: str
    """Intermediate results: products, local derivatives."""
    output: str
    """Results: y, outputs, the loss."""
    highlight: str
    """What the eye should follow right now."""
    negative: str
    """Negative values, divergence, errors."""
    classes: tuple[str, ...]
    """Categorical colours for classes, optimizers, series (in this order)."""
    positive: str = "#56B4E9"
    """Positive values, the counterpart of ``negative`` (the lecture notes' blue point where
    the slope is positive, beside their red one where it is negative)."""
    noise: str = "#7A828C"
    """Pure noise N(0, I) (diffusion's contour rings and reference density): a quiet grey, so
    data (``signal``) and what a model makes (``output``) stay the strong point colours."""
    runs: tuple[str, ...] = ("#E6E6E6", "#CC79A7", "#3D8BFF", "#CC79A7")
    """Training runs compared in one picture, in this order: plain gradient descent (the full
    batch too: it is GD), momentum, Adam, mini-batch SGD. None is kernel, output or highlight
    (nor signal on the dark theme), so a path never reads as weights, cost or "look here";
    plain GD is the neutral (Okabe & Ito's black, inverted on dark). Mini-batch SGD shares
    momentum's reddish purple (they never meet in one scene; nor does ``product``)."""


THEMES: dict[str, Theme] = {
    "dark": Theme(
        name="dark",
        background="#111418",
        foreground="#F2F2F2",
        muted="#7A828C",
        panel="#1E242B",
        signal="#56B4E9",     # sky blue
        kernel="#E69F00",     # orange
        product="#CC79A7",    # reddish purple
        output="#009E73",     # bluish green
        highlight="#F0E442",  # yellow
        negative="#D55E00",   # vermillion
        classes=("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#D55E00"),
        positive="#56B4E9",   # sky blue
        noise="#7A828C",      # the muted grey
        # neutral, purple, a brighter blue than Okabe & Ito's #0072B2 (contrast 5.6 against the
        # background, not 3.6), purple
        runs=("#E6E6E6", "#CC79A7", "#3D8BFF", "#CC79A7"),
    ),
    "light": Theme(
        name="light",
        background="#FFFFFF",
        foreground="#1A1A1A",
        muted="#8A8F96",
        panel="#F1F3F5",
        signal="#0072B2",     # blue
        kernel="#B07800",     # dark orange
        product="#A8457F",    # dark reddish purple
        output="#007A5A",     # dark bluish green
        highlight="#C0392B",  # yellow is unreadable on white: use a strong red
        negative="#D55E00",
        classes=("#0072B2", "#B07800", "#007A5A", "#A8457F", "#555555", "#D55E00"),
        positive="#0072B2",   # blue
        noise="#8A8F96",      # the muted grey
        runs=("#000000", "#A8457F", "#0072B2", "#A8457F"),  # black, dark purple, blue, purple
    ),
}


def theme() -> Theme:
    """The active theme, from ``$DLVIZ_THEME`` (``dark`` when unset)."""
    name = os.environ.get("DLVIZ_THEME", "dark")
    if name not in THEMES:
        raise ValueError(f"DLVIZ_THEME must be one of {sorted(THEMES)}, got {name!r}")
    return THEMES[name]


LINE_SPACING: float = 0.7
"""manim ``Text``'s ``line_spacing`` for labels of more than one line. manim's default sets
the lines of a two-line label touching (DejaVu Sans) or overlapping by a hair (Noto Sans CJK
KR: a descender of the first line meets the second); 0.7 leaves about a quarter of a line's
height between them. One-line text is unaffected."""
FONT: str = "DejaVu Sans"
"""Font of plain ``Text`` labels in English (Debian package fonts-dejavu-core)."""

FONTS: dict[str, str] = {"en": FONT, "ko": "Noto Sans CJK KR"}
"""Label font per on-screen language; Hangul needs Noto CJK (Debian package fonts-noto-cjk)."""
FONT_PACKAGES: dict[str, str] = {"DejaVu Sans": "fonts-dejavu-core",
                                 "Noto Sans CJK KR": "fonts-noto-cjk"}
"""The Debian package that provides each font (for the error message when it is missing)."""


def font_for(lang: str) -> str:
    """The label font for ``lang``; raises RuntimeError when it is not installed.

    Pango silently draws empty boxes ("tofu") for glyphs no installed font has, so a
    missing font must stop the render instead of producing a video of boxes.
    """
    if lang not in FONTS:
        raise ValueError(f"lang must be one of {sorted(FONTS)}, got {lang!r}")
    import manimpango  # installed with manim; style stays importable without it otherwise

    font = FONTS[lang]
    if font not in manimpango.list_fonts():
        raise RuntimeError(f"font {font!r} for language {lang!r} is not installed: "
                           f"sudo apt-get install {FONT_PACKAGES[font]} (or run make setup)")
    return font

FONT_SIZE_TITLE: float = 40
"""Scene titles (top edge)."""
FONT_SIZE_BODY: float = 30
"""Explanations, one line at a time."""
FONT_SIZE_LABEL: float = 26
"""Labels next to rows, axes and arrows."""
FONT_SIZE_SMALL: float = 24
"""Index labels, tick numbers and footnotes: the smallest size a lecture hall reads (a digit
in MathTex or DecimalNumber is 23 px tall at 1080p; 20 gave 19 px)."""
MATH_SIZE: float = 40
"""Formulas (``MathTex`` font_size)."""
MATH_SIZE_SMALL: float = 30
"""Numbers inside cells and small equations."""

CELL_SIZE: float = 0.8
"""Side of a number cell (scene units; the frame is 14.2 × 8)."""
BUFF: float = 0.25
"""Default gap between neighbouring mobjects."""
FRAME_HALF_WIDTH: float = 64 / 9
"""Half the frame's width in scene units (manim's 16:9 frame is 14.22 × 8)."""
FRAME_HALF_HEIGHT: float = 4.0
"""Half the frame's height in scene units."""
SAFE_MARGIN: float = 0.3
"""Nothing is drawn closer than this to the frame's edge (projectors crop)."""
LINE_MAX_WIDTH: float = 2 * (FRAME_HALF_WIDTH - SAFE_MARGIN - BUFF / 2)
"""Widest a centred line of text may be: 13.37 units, ≥ 57 px from either edge at 1080p."""

RUN_FAST: float = 0.6
"""Seconds for a small move the viewer has already seen once."""
RUN: float = 1.0
"""Seconds for an ordinary animation."""
RUN_SLOW: float = 1.8
"""Seconds for an animation that introduces an idea (the first flip, the first step)."""
PAUSE: float = 1.0
"""Wait after a step so the result can be read."""
READING_RATE: dict[str, float] = {"en": 16.0, "ko": 10.0}
"""Caption characters a viewer reads per second: English counts every character, spaces and
punctuation included (as subtitle guides count); Korean counts syllables (characters other
than spaces). Subtitle guides allow 17 (English) and 12 (Korean) for adults; a lecture shows a
picture to look at as well, so dlviz gives each beat a little more: a beat lasts at least its
caption's reading time."""
CONCLUSION_HOLD: float = 5.0
"""Seconds the final picture stays still before a clip ends (time to take it in)."""
PACE_FROM_READING: bool = os.environ.get("DLVIZ_PACE", "1") == "1"
"""Pad each beat to its caption's reading time and hold the conclusion (see above)."""


def reading_time(text: str, lang: str) -> float:
    """Seconds to read ``text`` in ``lang`` at :data:`READING_RATE`.

    ``len(text) / 16`` in English (every character), ``syllables / 10`` in Korean (every
    character but spaces: Hangul syllables, digits, punctuation).
    """
    text = " ".join(text.split())  # line breaks and runs of spaces read as one space
    counted = len(text) if lang == "en" else sum(not c.isspace() for c in text)
    return counted / READING_RATE.get(lang, READING_RATE["en"])


READ: float = 2.5
"""Wait after a formula or a conclusion appears."""


def fmt_num(value: float, digits: int = 2) -> str:
    """Format a dlmath number for the screen: ``2.5``, ``4``, ``-0.33``, never ``-0``.

    Rounds to ``digits`` decimals and strips trailing zeros; every number a scene
    shows goes through here, so the tests can format dlmath's values the same way.
    """
    text = f"{float(value):.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_int(value: float, tex: bool = False) -> str:
    """A dlmath count with thousands separators: ``50,348,032`` (``50{,}348{,}032`` for
    MathTex, where a bare comma would add a space). Rounds like :func:`fmt_num`."""
    text = f"{int(fmt_num(value, 0)):,}"
    return text.replace(",", "{,}") if tex else text
