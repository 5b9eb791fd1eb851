"""Run ``python -m manim ARGS`` so that it dies with the process that started it.

Started as ``python -m pipeline._child ARGS``: asks Linux to send SIGTERM when the parent
exits (PR_SET_PDEATHSIG), then runs manim's command line. Done here, after exec, because a
``preexec_fn`` in a parent with threads can deadlock between fork and exec.
"""

from __future__ import annotations

import ctypes
import os
import runpy
import signal
import sys

PR_SET_PDEATHSIG = 1


def main() -> None:
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        sys.exit(143)
    sys.argv = ["manim", *sys.argv[1:]]
    runpy.run_module("manim", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
