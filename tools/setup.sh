#!/usr/bin/env bash
# Idempotent setup: Debian packages (when root), .venv, pip install -e .[dev].
# Re-running is cheap: apt is skipped when every package is present, pip when
# pyproject.toml's hash matches the stamp in .venv/.dlviz-stamp.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PKGS=(
  libcairo2-dev libpango1.0-dev pkg-config            # ManimPango builds from source
  texlive-latex-base texlive-latex-recommended          # MathTex
  texlive-latex-extra texlive-fonts-recommended dvisvgm # standalone.cls, fonts, svg
  fonts-dejavu-core fonts-noto-cjk                      # label fonts: Latin, Hangul
  chromium                                              # the gallery's browser test
)
PYTHON="${PYTHON:-python3}"

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${APT_PKGS[@]}"; do
    [[ "$p" == \#* ]] && continue
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
  done
fi

if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages. Install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

stamp_want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [[ -x .venv/bin/python && -f .venv/.dlviz-stamp && "$(cat .venv/.dlviz-stamp)" == "$stamp_want" ]]; then
  exit 0
fi
echo "setup: creating .venv and installing dlviz (pip install -e .[dev])"
[[ -x .venv/bin/python ]] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
echo "$stamp_want" > .venv/.dlviz-stamp
echo "setup: done"
