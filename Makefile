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

# `make grade` keeps stdout for the report alone (`make grade ARGS="--format json" > f`
# gives a JSON file): what the set-up and the configure step print goes to stderr.
# Empty for the other targets, whose output stays as it was.
TO_STDERR :=
grade: TO_STDERR := >&2

# The build runs as a top-level make, so it does not print "Entering directory".
CMAKE_BUILD := env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS cmake --build --preset default

.PHONY: all setup configure build grade test slides clean

all: build

# Installs missing system packages (does nothing when all are there).
setup:
	@sh cmake/install-deps.sh $(PURPOSE) $(TO_STDERR)

# Configures once; again only when the slides' tools (Node.js, npm, Chromium) were
# missing at the last configure and may have been installed since.
configure: setup
	@if [ ! -f $(BUILD)/CMakeCache.txt ] || { [ "$(PURPOSE)" != grade ] && \
	    grep -q '^SLIDES_[A-Z]*:FILEPATH=.*-NOTFOUND' $(BUILD)/CMakeCache.txt; }; then \
	  cmake --preset default $(TO_STDERR); \
	fi

build: configure
	@$(CMAKE_BUILD) --parallel $$(nproc)

# A file of yours that does not compile must not stop the grading of everything else:
# the grader is built first, then the rest with make's -k (keep going past a failed
# file); pargrade compiles each version itself and reports a failed build as that
# version's verdict, with the compiler's messages. The build's output goes to
# build/grade-build.log, so that only the report is on stdout; when something does not
# build, the compiler's error lines (each with the source line and the caret under it;
# the log's last lines when none says "error:") and where the whole log is go to stderr.
GRADE_LOG := $(BUILD)/grade-build.log
GRADE_ERRORS := { if grep -q 'error:' $(GRADE_LOG); then \
	    grep -E -A3 'error:|undefined reference' $(GRADE_LOG) | \
	      grep -v -E '^g?make(\[[0-9]+\])?: ' | head -n 60; \
	  else tail -n 20 $(GRADE_LOG); fi; } >&2

grade: configure
	@echo "make grade: building (the log: $(GRADE_LOG))" >&2
	@if ! $(CMAKE_BUILD) --parallel $$(nproc) --target pargrade > $(GRADE_LOG) 2>&1; then \
	  $(GRADE_ERRORS); \
	  echo "make grade: the grader did not build; the whole log: $(GRADE_LOG)" >&2; \
	  exit 1; \
	fi
	@if ! $(CMAKE_BUILD) --parallel $$(nproc) -- -k >> $(GRADE_LOG) 2>&1; then \
	  $(GRADE_ERRORS); \
	  echo "make grade: some programs did not build (the errors above; the whole log:" \
	    "$(GRADE_LOG)); grading the rest" >&2; \
	fi
	@$(BUILD)/bin/pargrade $(ARGS)

test: build
	@ctest --preset default

slides: configure
	@$(CMAKE_BUILD) --target slides

clean:
	rm -rf $(BUILD)
