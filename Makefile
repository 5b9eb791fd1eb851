# dlviz — every target sets itself up (Debian packages when root, .venv, pip) first.
#   make render            all scenes at 1080p60 (Q=l|m|h|k, FORMAT=mp4|gif|png|webm,
#                          TOPIC=convolution or SCENES="A B", JOBS=2, THEME=light, FORCE=1,
#                          LANG=ko for Korean labels and captions, CAPTIONS=burn to draw them in,
#                          PARAMS=my_lecture.toml for your own numbers: one [Scene] table each)
#   make test              math + scene + CLI tests
#   make bench             render time / video duration: every scene at -ql with one job, the
#                          whole set at 1080p60 with two jobs, one scene (BENCH_SOLO) at 1080p60
#                          alone (BENCH_RUNS=l:1 BENCH_SOLO= for a quick -ql pass)
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
BENCH_RUNS ?= l:1,h:2
BENCH_SOLO ?= Conv1DFlipShift
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
	$(PY) tools/bench.py --runs $(BENCH_RUNS) --solo "$(BENCH_SOLO)" $(TOPIC) $(SCENES)

clean:
	rm -rf renders/*/ renders/manifest.json renders/bench.json media .pytest_cache
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
