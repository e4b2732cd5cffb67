.PHONY: demo test test-fast lint install lock

install:
	script/bootstrap

demo: install
	.venv/bin/annual-review demo

test:
	script/test

# The suite without the browser, export, demo and slow tests, on SQLite, in two pytest-xdist
# workers with a quarter of each property test's examples: 115 s on a quiet 2-core machine
# (docs/PERFORMANCE.md; the goal is under two minutes).
test-fast:
	script/test --fast

lint:
	script/lint

lock:
	.venv/bin/pip-compile -q --extra dev --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
