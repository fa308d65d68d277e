# A thin front for CMake (CMakePresets.json holds the configuration).
#   make grade   set up, build, and grade the exercises in exercises/
#   make test    set up, build, and run every test suite
#   make slides  set up, and build the decks into build/slides/*.html (offline)
# Pass options to the grader with ARGS, e.g.  make grade ARGS="--exercise 01-pi"

BUILD := build

# What the set-up installs packages for (cmake/install-deps.sh): grading needs the
# compilers and MPI only; the slides add Node.js, their tests a browser. A value set
# for a target holds for everything that target depends on.
PURPOSE := grade
test: PURPOSE := test
slides: PURPOSE := slides

# The build runs as a top-level make, so it does not print "Entering directory".
CMAKE_BUILD := env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS cmake --build --preset default

.PHONY: all setup configure build grade test slides clean

all: build

# Installs missing system packages (does nothing when all are there).
setup:
	@sh cmake/install-deps.sh $(PURPOSE)

# Configures once; again only when the slides' tools (Node.js, npm, Chromium) were
# missing at the last configure and may have been installed since.
configure: setup
	@if [ ! -f $(BUILD)/CMakeCache.txt ] || { [ "$(PURPOSE)" != grade ] && \
	    grep -q '^SLIDES_[A-Z]*:FILEPATH=.*-NOTFOUND' $(BUILD)/CMakeCache.txt; }; then \
	  cmake --preset default; \
	fi

build: configure
	@$(CMAKE_BUILD) --parallel $$(nproc)

# A file of yours that does not compile must not stop the grading of everything else:
# the grader is built first, then the rest with make's -k (keep going past a failed
# file); pargrade compiles each version itself and reports a failed build as that
# version's verdict, with the compiler's messages.
grade: configure
	@$(CMAKE_BUILD) --parallel $$(nproc) --target pargrade
	@$(CMAKE_BUILD) --parallel $$(nproc) -- -k || \
	  echo "make grade: some programs did not build (the compiler's messages are above); grading the rest"
	@$(BUILD)/bin/pargrade $(ARGS)

test: build
	@ctest --preset default

slides: configure
	@$(CMAKE_BUILD) --target slides

clean:
	rm -rf $(BUILD)
