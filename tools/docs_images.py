#!/usr/bin/env python3
"""Regenerate the README's pictures in docs/: one frame per topic and the gallery.

Uses the renders already made (``make render Q=l`` first): for each topic, the poster
frame of its first scene, scaled to 640 px wide; then a headless-Chromium screenshot of
renders/index.html. Run: .venv/bin/python tools/docs_images.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PIL import Image  # noqa: E402

from pipeline.manifest import load_manifest  # noqa: E402
from pipeline.render import frame_at  # noqa: E402
from pipeline.registry import discover  # noqa: E402


def main() -> int:
    out = REPO / "renders"
    docs = REPO / "docs"
    docs.mkdir(exist_ok=True)
    manifest = load_manifest(out / "manifest.json")["outputs"]
    done = set()
    for info in discover():
        if info.topic in done:
            continue
        entry = next((e for e in manifest.values() if e["scene"] == info.name
                      and e["format"] == "mp4" and e.get("lang", "en") == "en"
                      and e.get("theme", "dark") == "dark"), None)
        if entry is None:
            print(f"skip {info.topic}: {info.name} not rendered", file=sys.stderr)
            continue
        img = frame_at(out / entry["file"], entry["duration_s"] * 0.97).convert("RGB")
        img.thumbnail((640, 360))
        dest = docs / f"{info.topic}.png"
        img.save(dest, optimize=True)
        print(dest)
        done.add(info.topic)
    chromium = shutil.which("chromium")
    if chromium and (out / "index.html").exists():
        with tempfile.TemporaryDirectory() as tmp:
            shot = Path(tmp) / "gallery.png"
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                            "--no-first-run", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={tmp}/profile", "--hide-scrollbars",
                            f"--screenshot={shot}", "--window-size=1280,1000",
                            "--virtual-time-budget=8000", (out / "index.html").as_uri()],
                           capture_output=True, timeout=120)
            img = Image.open(shot).convert("RGB")
            img.thumbnail((960, 750))
            img.save(docs / "gallery.png", optimize=True)
            print(docs / "gallery.png")
    else:
        print("skip gallery screenshot: chromium or renders/index.html missing", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
