"""The README's lecture file: one scene of every topic with a lecturer's own numbers."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli import _read_params_file, parse_params, select
from pipeline.registry import discover, topic_names

LECTURE = Path(__file__).resolve().parents[2] / "docs" / "my_lecture.toml"


def test_lecture_file_covers_every_topic_and_validates():
    scenes = discover()
    chosen = select(list(_read_params_file(LECTURE, scenes)), scenes)
    assert {s.topic for s in chosen} == set(topic_names())
    params = parse_params([], LECTURE, chosen, scenes)
    for info in chosen:  # each gets its own non-default variant name
        built = info.lesson.build(params[info.name])
        assert built.changed() and built.digest()
