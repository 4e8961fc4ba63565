# The README's two commands: `make run` and `make test`. Both install missing Debian packages.
PY          ?= /usr/bin/python3
BUILD       ?= build
JOBS        ?= $(shell nproc)
CMAKE_FLAGS ?=
AS_OF       ?=

.PHONY: deps configure build run serve test test-cpp test-python bench sanitize clean

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DXIUFU_BUILD_PYTHON=ON \
	  -DPython3_EXECUTABLE=$(PY) -DPYTHON_EXECUTABLE=$(PY) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@$(BUILD)/xiufu run $(if $(AS_OF),--as-of $(AS_OF),)

# `make serve`: xiufu-server on the district's compiled table (docs/server.md); PORT=8080.
PORT        ?= 8080
serve: configure
	@cmake --build $(BUILD) -j $(JOBS) --target xiufu_cli xiufu_server
	@$(BUILD)/xiufu compile --rules rules/gongshu --out $(BUILD)/gongshu.xtb
	@$(BUILD)/xiufu-server --table $(BUILD)/gongshu.xtb --listen 127.0.0.1:$(PORT) $(if $(AS_OF),--as-of $(AS_OF),)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: deps
	@cmake -S . -B $(BUILD)-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DXIUFU_BUILD_TESTS=OFF \
	  -DXIUFU_BUILD_PYTHON=ON -DPython3_EXECUTABLE=$(PY) -DPYTHON_EXECUTABLE=$(PY) >/dev/null
	@cmake --build $(BUILD)-bench -j $(JOBS)
	@bash scripts/bench.sh $(BUILD)-bench
	@bash scripts/loadtest.sh $(BUILD)-bench

sanitize: deps
	@cmake -S . -B $(BUILD)-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DXIUFU_SANITIZE=ON \
	  -DXIUFU_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(BUILD)-asan -j $(JOBS)
	@cd $(BUILD)-asan && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD) $(BUILD)-bench $(BUILD)-asan
