.PHONY: install test lint bench status data
install:
	pip install -e '.[test]'
test:
	pytest
lint:
	ruff check src tests benchmarks
bench:
	python benchmarks/cli_startup.py
	python benchmarks/apportion.py
	python benchmarks/data_import.py
	python benchmarks/montecarlo.py
status:
	hague status
data:  ## rebuild src/hague/data/embedded from ../shared/data
	python tools/embed_shared_data.py
