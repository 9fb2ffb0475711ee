# Bilingual botulinum-therapy patient assistant. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(PY) -m rasa
MODEL := models/clinic.tar.gz
STAMP := $(VENV)/.installed
WIDGET := widget/dist/clinic-widget.js
TELEGRAM_EMULATOR := tests/telegram_emulator/node_modules/.package-lock.json
# The staff console's compiled catalogues (Russian, Arabic), one per translated .po file.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard staff_console/translations/*/LC_MESSAGES/messages.po))
# What the trained model depends on: a change to any of these retrains it.
VOCABULARY := knowledge/vocabulary/ru.txt knowledge/vocabulary/ar.txt
NLU_DATA := $(wildcard data/nlu/*/*.yml)
TRAINING_INPUTS := config.yml domain.yml $(VOCABULARY) $(shell find data clinic_nlu clinic/normalization.py clinic/language.py clinic/romanized.py clinic/latin_words.py -name '*.yml' -o -name '*.py' 2>/dev/null)

export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 3
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
# Rasa 3.6 and its dependencies emit many deprecation warnings that say nothing to a user.
export PYTHONWARNINGS := ignore::DeprecationWarning

.PHONY: help venv vocabulary train widget translations translations-extract browser nginx compose run run-cluster shell eval eval-baseline validate lint test test-unit test-stories test-e2e bench bench-assistant bench-cluster bench-console lock clean

help: ## List the targets
	@grep -E '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): requirements.lock scripts/bootstrap.sh
	@scripts/bootstrap.sh

venv: $(STAMP) ## Create .venv (Python 3.10) with the pinned packages

# The word lists that tell Latin-letter Russian from Arabizi come from the training data.
$(VOCABULARY) &: $(STAMP) $(NLU_DATA) scripts/build_vocabulary.py
	@$(PY) -m scripts.build_vocabulary

vocabulary: $(VOCABULARY) ## Rebuild knowledge/vocabulary (Latin-letter Russian and Arabizi) from the training data

# Make decides when to retrain. Rasa's own fingerprint and training cache ignore the custom
# NLU code (tokenizer, normalisation), so both are bypassed: --force, and a cache size of 0.
$(MODEL): $(STAMP) $(TRAINING_INPUTS)
	@mkdir -p models
	RASA_MAX_CACHE_SIZE=0 $(RASA) train --force --fixed-model-name clinic --out models --num-threads 2

train: $(MODEL) ## Train the model if data, config or NLU code changed

$(WIDGET): widget/package.json widget/package-lock.json $(wildcard widget/src/*.js)
	@command -v npm >/dev/null || { echo "error: Node.js with npm is needed to build the chat widget" >&2; exit 1; }
	cd widget && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build

widget: $(WIDGET) ## Build the website chat widget (widget/dist/clinic-widget.js) with npm

$(TELEGRAM_EMULATOR): tests/telegram_emulator/package.json tests/telegram_emulator/package-lock.json
	@command -v npm >/dev/null || { echo "error: Node.js with npm is needed for the Telegram emulator" >&2; exit 1; }
	cd tests/telegram_emulator && npm ci --no-audit --no-fund --loglevel=error

%.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel compile -i $< -o $@

translations: $(CATALOGUES) ## Compile the staff console's Russian and Arabic catalogues

translations-extract: $(STAMP) ## After changing console texts: extract them and add the new ones to each .po to translate
	$(VENV)/bin/pybabel extract -F staff_console/babel.cfg -k lazy_gettext --no-location --sort-output --omit-header \
		-o staff_console/translations/messages.pot .
	$(VENV)/bin/pybabel update -i staff_console/translations/messages.pot -d staff_console/translations --no-fuzzy-matching

browser: ## Install Debian's Chromium (and an emoji font) for the browser tests if missing
	@scripts/ensure_debian_packages.sh "/usr/bin/chromium /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf" \
		chromium chromium-driver fonts-noto-color-emoji

nginx: ## Install Debian's nginx for the cluster if it is missing
	@scripts/ensure_debian_packages.sh /usr/sbin/nginx nginx

compose: ## Install Debian's docker-compose (to check deploy/compose.yml) if it is missing
	@scripts/ensure_debian_packages.sh /usr/bin/docker-compose docker-compose

run: $(MODEL) $(WIDGET) $(CATALOGUES) ## Start the assistant, the demo clinic page (localhost:8080), the staff console (localhost:8090) and REST (localhost:5005)
	@$(PY) -m ops.run

run-cluster: $(MODEL) nginx ## Two Rasa servers and two action servers behind nginx on localhost:5000 (local PostgreSQL and Redis)
	@$(PY) -m ops.cluster

shell: $(MODEL) ## Chat with the assistant in the terminal
	@$(PY) -m ops.shell

eval: $(MODEL) ## NLU evaluation per set and language (tests/nlu_eval), 5-fold cross-validation, entities, dialogues over REST
	@$(PY) -m scripts.evaluate_nlu --model $(MODEL)
	@$(PY) -m scripts.cross_validate --folds 5
	@$(PY) -m scripts.evaluate_entities
	@# Reports each dialogue set; below 90% of turns right in a language it says so without stopping make.
	-@$(PY) -m scripts.evaluate_dialogues tests/dialogue_eval/*.yml tests/dialogue_eval/fresh/*.yml tests/dialogue_eval/set4/*.yml tests/dialogue_eval/set5/*.yml tests/dialogue_eval/set6/*.yml tests/dialogue_eval/set7/*.yml tests/dialogue_eval/set8/*.yml tests/dialogue_eval/set9/*.yml tests/dialogue_eval/set10/*.yml tests/dialogue_eval/set11/*.yml tests/dialogue_eval/set12/*.yml tests/dialogue_eval/set13/*.yml tests/dialogue_eval/set14/*.yml tests/dialogue_eval/set15/*.yml tests/dialogue_eval/set16/*.yml tests/dialogue_eval/set17/*.yml tests/dialogue_eval/set18/*.yml

eval-baseline: $(STAMP) ## The same evaluation with Rasa's WhitespaceTokenizer, to show what the tokenizer adds
	RASA_MAX_CACHE_SIZE=0 $(RASA) train nlu --config tests/nlu_eval/baseline_config.yml --fixed-model-name baseline --out var/models
	@$(PY) -m scripts.evaluate_nlu --model var/models/baseline.tar.gz

validate: $(STAMP) ## Check the training data and domain (rasa data validate)
	$(RASA) data validate --fail-on-warnings

lint: $(STAMP) ## ruff and mypy
	$(PY) -m ruff check .
	$(PY) -m mypy

test-unit: $(STAMP) $(CATALOGUES) ## Unit tests of the helpers and actions (no servers)
	$(PY) -m pytest tests/unit -q

test-stories: $(MODEL) ## Test stories in both languages (rasa test, fails on any prediction error)
	$(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out var/results/stories

test-e2e: $(MODEL) $(WIDGET) $(CATALOGUES) $(TELEGRAM_EMULATOR) browser ## End-to-end and browser tests against the real servers
	$(PY) -m pytest tests/e2e -q

test: lint validate $(MODEL) $(WIDGET) $(CATALOGUES) $(TELEGRAM_EMULATOR) browser nginx compose ## Run every test
	$(PY) -m pytest tests -q --durations=20
	$(MAKE) --no-print-directory test-stories
	$(PY) -m scripts.evaluate_nlu --model $(MODEL) --check
	$(PY) -m scripts.evaluate_entities --check

bench-console: $(STAMP) $(CATALOGUES) ## Staff console on PostgreSQL with 10,000 generated conversations: list and filters under 300 ms
	$(PY) -m scripts.bench_console --conversations 10000

bench-assistant: $(MODEL) ## Ours against a stock `rasa init` at 1, 8, 32 conversations: throughput, latency, startup, training, memory
	$(PY) -m scripts.bench_assistant --seconds 20

bench-cluster: $(MODEL) nginx ## Throughput with one and two instances behind nginx (PostgreSQL, Redis)
	$(PY) -m scripts.bench_cluster --seconds 20

bench: bench-assistant bench-cluster bench-console ## Every benchmark; results in docs/benchmarks.md

lock: ## Re-pin requirements.lock from the current .venv (after changing requirements.in)
	$(PY) -m pip freeze --all --exclude-editable > requirements.lock

clean: ## Remove trained models, results and local conversation data
	rm -rf models var .rasa results widget/dist
