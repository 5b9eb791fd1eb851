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
