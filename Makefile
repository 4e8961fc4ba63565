# The README's two commands: `make run` and `make test`. Both install missing Debian packages.
PY          ?= /usr/bin/python3
BUILD       ?= build
JOBS        ?= $(shell nproc)
CMAKE_FLAGS ?=
AS_OF       ?=

.PHONY: deps configure build run report serve test test-cpp test-python bench san-configure sanitize tsan fuzz clean

# The sanitizer, fuzz and benchmark builds (their own build directories) compile through
# ccache when present.
LAUNCHER     := $(if $(shell command -v ccache 2>/dev/null),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache,)
# `make fuzz`: seconds each fuzzer runs (fuzz/run.sh). `make sanitize` and `make fuzz`: the clang
# of their shared build.
FUZZ_SECONDS ?= 60
SAN_CXX      ?= clang++-14
# `make tsan`: the CTest tests that run threads (worker pool, batch evaluation, diff, the CLI's
# --threads runs, the server's concurrent reloads, the builder's parallel column pass), and the
# tests/*_test.cc files that hold them (the only ones the TSan build compiles).
TSAN_TEST_FILES ?= parallel_for|evaluate|diff|differential|cli_run|population_builder_columns|reusable_memory|output_text|plan_district|population_read_batches|office_corpus
TSAN_TESTS   ?= ParallelFor|EvaluateTest\.Batch|DiffTest|DifferentialTest|CliRunTest|server_reload_concurrency|PopulationBuilderColumnsTest\.AllGoodRowsInManyChunks|PopulationBuilderColumnsTest\.AllGoodEntitiesEnteredTogether|ReusableMemoryTest\.Vectors|OutputTextTest\.FormatAndWrite|PlanDistrictTest\.BuffersKeptPerThread|PopulationReadBatchesTest|TextDecodingTest\.FirstInvalidUtf8OnThreads

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DXIUFU_BUILD_PYTHON=ON \
	  -DPython3_EXECUTABLE=$(PY) -DPYTHON_EXECUTABLE=$(PY) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@$(BUILD)/xiufu run $(if $(AS_OF),--as-of $(AS_OF),)

# `make report`: the district report of the run, build/out/report.html and its PNG charts
# (docs/report.md); COMPARE=DIR adds the what-if changes from another run's output directory.
COMPARE     ?=
report: run
	@PYTHONPATH=$(BUILD)/python $(PY) -m xiufu.report --out-dir $(BUILD)/out \
	  --report $(BUILD)/out/report.html --rules rules/gongshu $(if $(COMPARE),--compare $(COMPARE),)

# `make serve`: xiufu-server on the district's compiled table (docs/server.md); PORT=8080.
PORT        ?= 8080
serve: configure
	@cmake --build $(BUILD) -j $(JOBS) --target xiufu_cli xiufu_server
	@$(BUILD)/xiufu compile --rules rules/gongshu --out $(BUILD)/gongshu.xtb
	@$(BUILD)/xiufu-server --table $(BUILD)/gongshu.xtb --listen 127.0.0.1:$(PORT) $(if $(AS_OF),--as-of $(AS_OF),)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# `make bench` builds its own Release directory, $(BUILD)-bench. BENCH_BUILD=DIR runs the
# benchmarks of a Release directory already built with them and the Python extension instead
# (CI: the test build, `make build`'s, which has both: one compile of the project fewer).
BENCH_BUILD ?=
bench: deps
ifeq ($(BENCH_BUILD),)
	@cmake -S . -B $(BUILD)-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DXIUFU_BUILD_TESTS=OFF \
	  -DXIUFU_BUILD_PYTHON=ON -DPython3_EXECUTABLE=$(PY) -DPYTHON_EXECUTABLE=$(PY) $(LAUNCHER) >/dev/null
	@cmake --build $(BUILD)-bench -j $(JOBS)
endif
	@bash scripts/bench.sh $(or $(BENCH_BUILD),$(BUILD)-bench)
	@bash scripts/loadtest.sh $(or $(BENCH_BUILD),$(BUILD)-bench)
	@bash bench/peers/run.sh $(or $(BENCH_BUILD),$(BUILD)-bench)

# The sanitizer build, $(BUILD)-san (clang, -O1): ASan + UBSan, and what the fuzzers link
# instrumented for libFuzzer as well, so that the one build runs the C++ tests (make sanitize) and
# the fuzzers of fuzz/, each for FUZZ_SECONDS (make fuzz; fuzz/run.sh). docs/builds.md.
SAN_BUILD    := $(BUILD)-san
san-configure: deps
	@CXX=$(SAN_CXX) cmake -S . -B $(SAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DXIUFU_SANITIZE=ON -DXIUFU_FUZZ=ON \
	  -DXIUFU_BUILD_BENCH=OFF $(LAUNCHER) >/dev/null

sanitize: san-configure
	@cmake --build $(SAN_BUILD) -j $(JOBS)
	@cd $(SAN_BUILD) && ctest --output-on-failure -j $(JOBS)

fuzz: san-configure
	@cmake --build $(SAN_BUILD) -j $(JOBS) --target fuzzers
	@bash fuzz/run.sh $(SAN_BUILD) $(FUZZ_SECONDS)

# ThreadSanitizer (GCC, -O1): the test files of TSAN_TEST_FILES only, and of them the tests of
# TSAN_TESTS, in their own build.
tsan: deps
	@cmake -S . -B $(BUILD)-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
	  -DCMAKE_CXX_FLAGS="-fsanitize=thread" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" \
	  -DXIUFU_TEST_FILES='$(TSAN_TEST_FILES)' \
	  -DXIUFU_BUILD_BENCH=OFF -DXIUFU_INSTALL=OFF $(LAUNCHER) >/dev/null
	@cmake --build $(BUILD)-tsan -j $(JOBS) --target xiufu_tests xiufu_cli \
	  $$(ninja -C $(BUILD)-tsan -t targets all | grep -o '^xiufu_server_tests:' | tr -d :)
	@cd $(BUILD)-tsan && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	  ctest --output-on-failure --no-tests=error -j $(JOBS) -R '$(TSAN_TESTS)'

clean:
	rm -rf $(BUILD) $(BUILD)-bench $(BUILD)-san $(BUILD)-tsan $(BUILD)-asan $(BUILD)-fuzz
