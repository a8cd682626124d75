# ormgate: a thin wrapper over CMake for the everyday commands.
#
#   make run     install missing packages, build, start ormgate with no config
#                (listens on 127.0.0.1:6432)
#   make check   install missing packages, build build/ (release + unit tests),
#                build-asan/ (ASan + UBSan) and build-fuzz/ (clang + libFuzzer),
#                then run tests/run.sh (unit, integration, fuzz)
#   make build   configure and build build/ only
#   make format  clang-format -i on every .c/.h
#   make lint    clang-tidy (build/compile_commands.json) and cppcheck
#   make clean   remove every build directory
#
# Build directories are configured once and rebuilt incrementally after that.

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD_TYPE ?= RelWithDebInfo
CMAKE ?= cmake

# every C file we own (build output and .git excluded)
SOURCES = $(shell find . -path './build*' -prune -o -path './.git' -prune -o \
	-type f \( -name '*.c' -o -name '*.h' \) -print)

.PHONY: all build build-asan build-fuzz run check format lint clean deps-run deps-test deps-lint

all: build

deps-run:
	@bash scripts/deps.sh run

deps-test:
	@bash scripts/deps.sh test

deps-lint:
	@bash scripts/deps.sh lint

build:
	$(CMAKE) -S . -B build -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)
	$(CMAKE) --build build -j $(JOBS)

build-asan:
	$(CMAKE) -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-g -O1" -DOG_SANITIZE=ON
	$(CMAKE) --build build-asan -j $(JOBS)

build-fuzz:
	CC=clang $(CMAKE) -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOG_FUZZ=ON -DOG_TESTS=OFF
	$(CMAKE) --build build-fuzz -j $(JOBS)

run: deps-run
	@$(MAKE) --no-print-directory build
	exec build/ormgate

check: deps-test
	@$(MAKE) --no-print-directory build build-asan build-fuzz
	bash tests/run.sh

format: deps-lint
	clang-format -i $(SOURCES)

lint: deps-lint
	@$(MAKE) --no-print-directory build
	clang-tidy -p build --quiet $(filter-out ./tests/fuzz/%,$(filter %.c,$(SOURCES)))
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--inline-suppr --suppress=missingIncludeSystem -I . \
		$(filter-out ./tests/%,$(SOURCES))

clean:
	rm -rf build build-asan build-fuzz
