"""``renders/manifest.json``: every output with its scene, file, duration, resolution,
checksum, parameters and the hash of the inputs it was rendered from.

The manifest is validated on load. A damaged one (not JSON, not an object, entries missing
their fields) is moved aside as ``manifest.json.damaged-<time>`` with a one-line message
naming it, and rebuilt from the files on disk: each output has a sidecar
``.<file>.entry.json`` written with it, and an entry is taken back only when the file's
sha256 still matches — so nothing rendered is lost and nothing is rendered again.
Writers merge under a file lock, so concurrent renders keep each other's entries.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

__all__ = ["ENTRY_FIELDS", "load_manifest", "update_manifest", "write_json_atomic", "sha256",
           "probe", "sidecar", "rebuild_manifest", "file_lock"]

ENTRY_FIELDS = ("scene", "topic", "file", "format", "sha256", "input_hash")
"""Fields every output entry must have."""


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_json_atomic(path: Path, data: object) -> None:
    """Write JSON to a temporary name, then rename it over ``path`` (never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def sidecar(output: Path) -> Path:
    """The entry written beside an output (what a rebuild reads back)."""
    return output.with_name(f".{output.name}.entry.json")


@contextmanager
def file_lock(path: Path):
    """An exclusive lock on ``path`` (created if missing) for the ``with`` block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _problem(data: object) -> str:
    """What is wrong with a parsed manifest ('' when it is valid)."""
    if not isinstance(data, dict):
        return f"expected a JSON object, found {type(data).__name__}"
    outputs = data.get("outputs")
    if not isinstance(outputs, dict):
        return "'outputs' must be an object"
    for key, entry in outputs.items():
        if not isinstance(entry, dict):
            return f"entry {key!r} is not an object"
        missing = [f for f in ENTRY_FIELDS if f not in entry]
        if missing:
            return f"entry {key!r} lacks {', '.join(missing)}"
    return ""


def load_manifest(path: Path, stream=None) -> dict:
    """The manifest at ``path`` (empty if missing); a damaged one is set aside and rebuilt."""
    path = Path(path)
    if not path.exists():
        return {"outputs": {}}
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
        problem = _problem(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problem = f"not valid JSON ({exc})"
    if not problem:
        return data
    aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
    try:
        os.replace(path, aside)
    except FileNotFoundError:  # another process set it aside first
        return load_manifest(path, stream) if path.exists() else rebuild_manifest(path.parent)
    rebuilt = rebuild_manifest(path.parent)
    write_json_atomic(path, rebuilt)
    print(f"warning: manifest {path} was damaged ({problem}); kept as {aside.name}, rebuilt "
          f"from the files on disk ({len(rebuilt['outputs'])} outputs)", file=stream or sys.stderr)
    return rebuilt


def rebuild_manifest(out: Path) -> dict:
    """Entries from the sidecars of outputs under ``out`` whose checksum still matches."""
    outputs = {}
    for side in Path(out).glob("*/*/*/.*.entry.json"):
        try:
            entry = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if not isinstance(entry, dict) or any(f not in entry for f in ENTRY_FIELDS):
            continue
        output = Path(out) / entry["file"]
        if output.exists() and sha256(output) == entry["sha256"]:
            outputs[entry["file"]] = entry
    return {"outputs": outputs}


def update_manifest(path: Path, outputs: dict | None = None, **sections) -> dict:
    """Merge ``outputs`` entries and top-level ``sections`` into the manifest, under a lock.

    Re-reads the file first, so two renders running at once (say, en and ko) keep each
    other's entries instead of the last writer winning.
    """
    path = Path(path)
    with file_lock(path.with_name(f".{path.name}.lock")):
        manifest = load_manifest(path)
        manifest["outputs"].update(outputs or {})
        for key, value in sections.items():
            if not isinstance(manifest.get(key), dict):
                manifest[key] = {}
            manifest[key].update(value)
        write_json_atomic(path, manifest)
    return manifest


def probe(path: Path) -> dict:
    """Duration (s), resolution and fps of a rendered file, read back with PyAV / Pillow."""
    if path.suffix == ".png":
        from PIL import Image
        with Image.open(path) as im:
            return {"duration_s": 0.0, "resolution": list(im.size), "fps": 0}
    import av
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        fps = float(stream.average_rate or stream.guessed_rate or 0)
        if container.duration:
            duration = container.duration / 1_000_000
        else:
            duration = float(stream.duration * stream.time_base) if stream.duration else 0.0
        return {"duration_s": round(duration, 3),
                "resolution": [stream.codec_context.width, stream.codec_context.height],
                "fps": round(fps, 3)}
