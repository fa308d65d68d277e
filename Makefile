# A thin front for CMake (CMakePresets.json holds the configuration).
#   make grade   set up, build, and grade the exercises in exercises/
#   make test    set up, build, and run every test suite
# Pass options to the grader with ARGS, e.g.  make grade ARGS="--exercise 01-pi"

BUILD := build

.PHONY: all setup configure build grade test clean

all: build

# Installs missing system packages (does nothing when all are there).
setup:
	@sh cmake/install-deps.sh

configure: setup
	@test -f $(BUILD)/CMakeCache.txt || cmake --preset default

# The build runs as a top-level make, so it does not print "Entering directory".
build: configure
	@env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS cmake --build --preset default --parallel $$(nproc)

grade: build
	@$(BUILD)/bin/pargrade $(ARGS)

test: build
	@ctest --preset default

clean:
	rm -rf $(BUILD)
