.PHONY: install test lint bench status serve data docs
install:
	pip install -e '.[test]'
test:
	pytest
lint:
	ruff check src tests benchmarks
bench:  ## one page of ratios against floors measured in the same run (docs/performance.md)
	python benchmarks/run_all.py
status:
	hague status
serve:  ## dashboard, REST API and plan registry on http://127.0.0.1:8000
	hague serve
data:  ## rebuild src/hague/data/embedded from ../shared/data
	python tools/embed_shared_data.py
	python -c "import hague.data as d; d.write_catalogue_index()"
docs:  ## regenerate docs/cli.md from the commands
	python tools/cli_docs.py
