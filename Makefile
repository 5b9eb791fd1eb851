# dlviz — every target sets itself up (Debian packages when root, .venv, pip) first.
#   make render            all scenes at 1080p60 (Q=l|m|h|k, FORMAT=mp4|gif|png|webm,
#                          TOPIC=convolution or SCENES="A B", JOBS=2, THEME=light, FORCE=1,
#                          LANG=ko for Korean labels and captions, CAPTIONS=burn to draw them in,
#                          PARAMS=my_lecture.toml for your own numbers: one [Scene] table each)
#   make test              math + scene + CLI tests
#   make bench             render time / video duration per scene at -ql and -qh, and for
#                          the whole set (BENCH_Q=h BENCH_JOBS=2: the full 1080p60 figure)
#   make clean             remove renders and caches (keeps .venv)
SHELL := /bin/bash
PY := .venv/bin/python
Q ?= h
FORMAT ?= mp4
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
THEME ?= dark
TOPIC ?=
SCENES ?=
FORCE ?=
BENCH_Q ?= l,h
BENCH_JOBS ?= 1
CAPTIONS ?=
PARAMS ?=
# `make render LANG=ko` picks the on-screen language. LANG is also the locale variable,
# so take it only from the command line and give the commands a real locale back.
ifeq ($(origin LANG),command line)
SCENE_LANG := $(LANG)
override LANG := C.UTF-8
else
SCENE_LANG := en
endif
export LANG

.PHONY: setup render test bench clean list

setup:
	@bash tools/setup.sh

list: setup
	@$(PY) -m scenes list

# render, then (for mp4) lectures, decks, posters, handouts and the gallery; a failed
# scene does not stop the delivery of the others, but the target still fails.
render: setup
	@status=0; $(PY) -m scenes render $(TOPIC) $(SCENES) --quality $(Q) --format $(FORMAT) \
		--jobs $(JOBS) --theme $(THEME) --lang $(SCENE_LANG) $(if $(FORCE),--force) \
		$(if $(filter burn,$(CAPTIONS)),--burn-captions) $(if $(PARAMS),--params $(PARAMS)) \
		|| status=$$?; \
	if [ "$$status" = 2 ]; then exit 2; fi; \
	if [ "$(FORMAT)" = mp4 ] && [ -z "$(CAPTIONS)" ]; then \
		$(PY) -m scenes deliver $(TOPIC) --quality $(Q) --theme $(THEME) --lang $(SCENE_LANG) || status=1; \
	fi; exit $$status

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) tools/bench.py --qualities $(BENCH_Q) --jobs $(BENCH_JOBS) $(TOPIC) $(SCENES)

clean:
	rm -rf renders/*/ renders/manifest.json renders/bench.json media .pytest_cache
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
