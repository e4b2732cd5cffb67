.PHONY: demo test lint install lock

install:
	script/bootstrap

demo: install
	.venv/bin/annual-review demo

test:
	script/test

lint:
	script/lint

lock:
	.venv/bin/pip-compile -q --extra dev --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
