# The two commands a new user needs: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.plancheck-installed
export PYTHONWARNDEFAULTENCODING := 1

.PHONY: demo test fuzz lint eval bench setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/plancheck check rules/chibi-2019.yaml reports/danyang-2019.txt --fail-on none

test: $(STAMP)
	$(BIN)/python -W error::EncodingWarning -m pytest -q

# The hostile-input properties with 10,000 examples each (make test runs 150): about 6 minutes.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/hostile/test_hostile_properties.py --hypothesis-show-statistics

# Accuracy: curated rules and rules generated from the plan alone, scored against ../shared/dev (the dev pair)
# and against tests/data/{yunxi-2019,jingkai-2023}.gold.yaml (invented reports, labelled before the tool saw them).
GOLD  := ../shared/dev/danyang-2019.gold.yaml
GOLD2 := tests/data/yunxi-2019.gold.yaml
GOLD3 := tests/data/jingkai-2023.gold.yaml
SCORE := ../shared/eval/score.py
eval: $(STAMP)
	@mkdir -p out
	@$(BIN)/plancheck check rules/chibi-2019.yaml reports/danyang-2019.txt --format json -o out/eval-curated.json --fail-on none
	@$(BIN)/plancheck plan2rules plans/chibi-2019.txt -o out/chibi-2019.generated.yaml 2>/dev/null
	@$(BIN)/plancheck check out/chibi-2019.generated.yaml reports/danyang-2019.txt --format json -o out/eval-generated.json --fail-on none
	@$(BIN)/plancheck check rules/chibi-2019.yaml tests/data/yunxi-2019.txt --format json -o out/eval-yunxi-curated.json --fail-on none
	@$(BIN)/plancheck check out/chibi-2019.generated.yaml tests/data/yunxi-2019.txt --format json -o out/eval-yunxi-generated.json --fail-on none
	@echo "dev pair (chibi-2019 x danyang-2019, ../shared/dev):"
	@echo "  curated rules:   $$($(BIN)/python $(SCORE) $(GOLD) out/eval-curated.json | tail -n 1)"
	@echo "  generated rules: $$($(BIN)/python $(SCORE) $(GOLD) out/eval-generated.json | tail -n 1)"
	@echo "second pair (chibi-2019 x yunxi-2019, an invented report labelled by its author, tests/data):"
	@echo "  curated rules:   $$($(BIN)/python $(SCORE) $(GOLD2) out/eval-yunxi-curated.json | tail -n 1)"
	@echo "  generated rules: $$($(BIN)/python $(SCORE) $(GOLD2) out/eval-yunxi-generated.json | tail -n 1)"
	@$(BIN)/plancheck plan2rules plans/jingkai-2022-2025.txt -o out/jingkai-2022-2025.generated.yaml 2>/dev/null
	@$(BIN)/plancheck check rules/jingkai-2022-2025.yaml tests/data/jingkai-2023.txt --format json -o out/eval-jingkai-curated.json --fail-on none
	@$(BIN)/plancheck check out/jingkai-2022-2025.generated.yaml tests/data/jingkai-2023.txt --format json -o out/eval-jingkai-generated.json --fail-on none
	@echo "third pair (jingkai-2022-2025 x jingkai-2023, an invented report labelled by its writer, tests/data):"
	@echo "  curated rules:   $$($(BIN)/python $(SCORE) $(GOLD3) out/eval-jingkai-curated.json | tail -n 1)"
	@echo "  generated rules: $$($(BIN)/python $(SCORE) $(GOLD3) out/eval-jingkai-generated.json | tail -n 1)"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
