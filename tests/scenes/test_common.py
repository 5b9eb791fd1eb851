"""scenes.common's performance workaround keeps copies correct."""

from __future__ import annotations

import numpy as np

from scenes.common import label, math


def test_text_copies_share_parsed_paths_but_not_points():
    # Copies share the (read-only) svgelements paths, which made every copy 10x slower to
    # deep-copy; their points must still be independent of the original's.
    for mob in (math(r"\alpha\lambda = 0.18"), label("learning rate")):
        before = mob.get_all_points().copy()
        twin = mob.copy()
        leaves = [m for m in mob.get_family() if hasattr(m, "path_obj")]
        twin_leaves = [m for m in twin.get_family() if hasattr(m, "path_obj")]
        assert leaves and len(leaves) == len(twin_leaves)
        assert all(a.path_obj is b.path_obj for a, b in zip(leaves, twin_leaves))
        np.testing.assert_array_equal(twin.get_all_points(), before)
        twin.shift([1.0, 2.0, 0.0]).set_color("#ff0000")
        np.testing.assert_array_equal(mob.get_all_points(), before)
        np.testing.assert_allclose(twin.get_all_points(), before + [1.0, 2.0, 0.0])
        assert all(a is not b and a.points is not b.points for a, b in zip(leaves, twin_leaves))



def test_titles_fit_the_frame_in_every_language(monkeypatch):
    # the Korean 2-D convolution title, which keeps its English terms, ran off both edges
    from manim import config

    from scenes.common import LANGUAGES, TITLE_MAX_WIDTH, title, tr

    for lang in LANGUAGES:
        monkeypatch.setenv("DLVIZ_LANG", lang)
        mob = title(tr("convolution", "grid_title"))
        assert mob.width <= TITLE_MAX_WIDTH + 1e-6 < config.frame_width, lang
        assert abs(mob.get_center()[0]) < 1e-6


def test_spread_apart_separates_overlapping_labels_and_keeps_the_centre():
    from scenes.common import spread_apart

    tags = [label(t).move_to([x, 0, 0]) for t, x in (("상류 (upstream)", -0.5), ("국소 (local)", 0.0),
                                                      ("하류 (downstream)", 0.5))]
    centre = (tags[0].get_left()[0] + tags[-1].get_right()[0]) / 2
    spread_apart(tags, gap=0.15)
    for a, b in zip(tags, tags[1:]):
        assert b.get_left()[0] - a.get_right()[0] >= 0.15 - 1e-9
    np.testing.assert_allclose((tags[0].get_left()[0] + tags[-1].get_right()[0]) / 2, centre, atol=1e-9)
