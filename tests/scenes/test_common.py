"""scenes.common's performance workaround keeps copies correct."""

from __future__ import annotations

from pathlib import Path

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


def test_a_held_frame_is_encoded_bit_identically_with_one_conversion(tmp_path):
    # manim's own loop converts RGBA to YUV for every copy of a held frame; ours converts
    # once and hands the same picture over again: the file must be byte for byte the same.
    import types

    import av
    from manim.scene.scene_file_writer import _PartialMovieEncodeJob

    from scenes.common import _encode_held_frame

    rng = np.random.default_rng(3)
    frames = [rng.integers(0, 256, (48, 64, 4), dtype=np.uint8) for _ in range(3)]

    def encode(path, ours: bool) -> bytes:
        container = av.open(str(path), "w")
        stream = container.add_stream("libx264", rate=15)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        stream.options = {"crf": "23", "preset": "veryfast"}
        job = types.SimpleNamespace(stream=stream, container=container)
        for frame, n in zip(frames, (1, 12, 5)):
            if ours:
                _encode_held_frame(job, frame, n)
            else:
                _PartialMovieEncodeJob._encode_and_write_frame(job, frame, n)
        for packet in stream.encode():
            container.mux(packet)
        container.close()
        return path.read_bytes()

    manims, ours = encode(tmp_path / "manim.mp4", False), encode(tmp_path / "ours.mp4", True)
    assert len(manims) > 1000 and ours == manims


def test_pixel_images_draw_as_image_mobjects():
    # manim 0.21's camera pastes images onto Image.fromarray(float zeros, mode="RGBA"), which
    # Pillow 13 refuses; pyproject pins Pillow below 13 so that pixel images need no paths.
    from manim import RESAMPLING_ALGORITHMS, Camera, ImageMobject

    pixels = np.zeros((2, 2), dtype=np.uint8)
    pixels[0, 0], pixels[1, 1] = 255, 128
    image = ImageMobject(pixels).scale_to_fit_height(4)
    image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    camera = Camera(pixel_width=80, pixel_height=45)
    camera.capture_mobjects([image])
    frame = camera.get_image()
    assert frame.getpixel((30, 12))[:3] == (255, 255, 255)  # the white top-left pixel
    assert frame.getpixel((50, 32))[:3] == (128, 128, 128)  # the grey bottom-right one
    assert frame.getpixel((50, 12))[:3] == (0, 0, 0)



def test_formulas_are_parsed_without_a_file_beside_the_shared_svg(tmp_path, monkeypatch):
    # manim parsed a "<name>_.svg" written beside the SVG and deleted it: two renders reading
    # one formula of the shared TeX cache deleted each other's copy. Nothing is written now,
    # and the glyphs equal those of manim's own file-based parse.
    import shutil
    import xml.etree.ElementTree as ET

    from manim import MathTex
    from manim.mobject.svg.svg_mobject import SVGMobject

    svg = Path(MathTex(r"\frac{\partial L}{\partial w} = 0.25").file_name)
    shutil.copy(svg, tmp_path / "formula.svg")
    written = []
    real_write = ET.ElementTree.write
    monkeypatch.setattr(ET.ElementTree, "write",
                        lambda self, target, *a, **k: (written.append(target),
                                                       real_write(self, target, *a, **k))[1])
    ours = SVGMobject(tmp_path / "formula.svg", use_svg_cache=False)
    assert written and not any(isinstance(t, (str, Path)) for t in written)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["formula.svg"]
    monkeypatch.setattr(SVGMobject, "generate_mobject", SVGMobject.generate_mobject.manim_original)
    manims = SVGMobject(tmp_path / "formula.svg", use_svg_cache=False)
    assert len(ours.submobjects) == len(manims.submobjects) > 5
    np.testing.assert_array_equal(ours.get_all_points(), manims.get_all_points())
