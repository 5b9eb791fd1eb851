"""Title cards placed before each scene in a topic's lecture video (not a topic itself).

Rendered by :mod:`scenes.deliver` with ``$DLVIZ_CARD`` = ``{"topic": ..., "part": k,
"of": n}``; the text comes from ``scenes/text/cards.toml``.
"""

from __future__ import annotations

import json
import os

from manim import DOWN, FadeIn, FadeOut, VGroup

from scenes import style
from scenes.common import TITLE_MAX_WIDTH, DLScene, fit_width, label, tr

__all__ = ["TitleCard"]

CARD_SECONDS = 3.0
"""Length of a title card (fade in, hold, fade out)."""


class TitleCard(DLScene):
    """Topic title and part number, shown before each scene of a lecture."""

    expected_duration = CARD_SECONDS

    def construct(self) -> None:
        card = json.loads(os.environ.get("DLVIZ_CARD", '{"topic": "convolution", "part": 1, "of": 1}'))
        heading = label(tr("cards", f"title_{card['topic']}"), style.FONT_SIZE_TITLE * 1.2,
                        self.theme.foreground)
        fit_width(heading, TITLE_MAX_WIDTH)
        part = label(tr("cards", "part", part=card["part"], of=card["of"]), style.FONT_SIZE_BODY,
                     self.theme.highlight)
        group = VGroup(heading, part).arrange(DOWN, buff=0.5)
        fade = 0.5
        self.play(FadeIn(group), run_time=fade)
        self.wait(CARD_SECONDS - 2 * fade)
        self.play(FadeOut(group), run_time=fade)
