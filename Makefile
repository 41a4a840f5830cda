# gd - consultation exports to trustworthy, publishable results.
#
#   make            build lib/libgd.a and bin/gd-*
#   make check      run every test (last line: N passed, N failed)
#   make demo       run the pipeline on the example in examples/
#   make bench      compare speed and memory against the named peers
#   make install    PREFIX=/usr/local DESTDIR=
#   make lint       man pages through mandoc -T lint, warnings as errors
#   make sanitize   every test on a build with AddressSanitizer and
#                   UndefinedBehaviorSanitizer (leaks included); rebuilds
#   make valgrind   the command-line cases with each tool under memcheck

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DESTDIR ?=

CC      ?= cc
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN     = -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-unused-parameter -Wvla
CPPFLAGS += -Iinclude -D_GNU_SOURCE
ALL_CFLAGS = -std=c11 -pthread $(WARN) $(CFLAGS) -MMD -MP

# iconv is in the C library on glibc; elsewhere (macOS, BSD) it is GNU
# libiconv, which needs -liconv.
UNAME_S := $(shell uname -s)
ifneq ($(UNAME_S),Linux)
ICONV_LIBS ?= -liconv
endif

PKG_LIBS := $(shell pkg-config --libs jansson libpcre2-8 libsodium libutf8proc libpsl 2>/dev/null || \
            echo -ljansson -lpcre2-8 -lsodium -lutf8proc -lpsl)
LIBS    = $(PKG_LIBS) -lcsv $(ICONV_LIBS) -lm -pthread

TOOLS   = gd-ingest gd-redact gd-tally gd-publish
BINS    = $(TOOLS:%=bin/%)
LIB_SRC = $(sort $(wildcard lib/*.c))
LIB_OBJ = $(LIB_SRC:.c=.o)
UNIT_SRC = $(sort $(wildcard tests/unit/*.c))
UNIT_OBJ = $(UNIT_SRC:.c=.o)
MANS    = $(sort $(wildcard man/*.[0-9]))

# Debian packages: to build, to test, to benchmark.
DEB_BUILD = gcc make pkg-config libc6-dev libjansson-dev libcsv-dev \
            libpcre2-dev libsodium-dev libutf8proc-dev libpsl-dev publicsuffix
DEB_CHECK = jq python3 mandoc parallel sqlite3 postgresql chromium
DEB_BENCH = miller python3 time nodejs npm

.SECONDARY:

.PHONY: all deps deps-check deps-bench check unit demo bench install \
        uninstall lint sanitize valgrind clean

all: deps $(BINS)

# Installs missing build dependencies (apt-get, when root on Debian or
# Ubuntu); otherwise prints the command to run.
deps:
	@sh tools/deps.sh $(DEB_BUILD)
deps-check:
	@sh tools/deps.sh $(DEB_BUILD) $(DEB_CHECK)
deps-bench:
	@sh tools/deps.sh $(DEB_BUILD) $(DEB_CHECK) $(DEB_BENCH)

lib/libgd.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

lib/%.o: lib/%.c
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

cmd/%.o: cmd/%.c
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

bin/%: cmd/%.o lib/libgd.a
	@mkdir -p bin
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< lib/libgd.a $(LIBS)

tests/unit/%.o: tests/unit/%.c
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

tests/unit/unit: $(UNIT_OBJ) lib/libgd.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(UNIT_OBJ) lib/libgd.a $(LIBS)

unit: tests/unit/unit
	tests/unit/unit

check: deps-check $(BINS) tests/unit/unit
	@sh tests/run.sh

demo: all
	@sh examples/demo.sh

bench: deps-bench $(BINS)
	@sh bench/run.sh

lint: deps-check
	$(MAKE) clean
	$(MAKE) CFLAGS="$(OPT) -g -Werror" $(BINS) tests/unit/unit
	mandoc -T lint -W warning $(MANS)

# The whole suite on a sanitized build.  A finding aborts the tool with
# an exit status no tool has (86 AddressSanitizer and leaks, 87
# UndefinedBehaviorSanitizer), which the tests notice: they check exit
# statuses exactly.  AddressSanitizer's reports also go to build/sanitize/
# and any report there fails the target (UBSan's go to standard error).
# The tree is cleaned before and after, so the next make builds without
# sanitizers.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=all
SAN_LOG   = $(CURDIR)/build/sanitize
sanitize: deps-check
	$(MAKE) clean
	rm -rf $(SAN_LOG) && mkdir -p $(SAN_LOG)
	$(MAKE) CFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" \
	    $(BINS) tests/unit/unit
	@printf 'int main(void) { return 0; }\n' > build/lsan-probe.c
	@$(CC) -fsanitize=address -o build/lsan-probe build/lsan-probe.c
	@leaks=1; ASAN_OPTIONS=detect_leaks=1 build/lsan-probe > /dev/null 2>&1 || \
	    { leaks=0; echo "make sanitize: LeakSanitizer cannot run on this" \
	    "machine (no ptrace?): leaks are not checked"; }; \
	GD_SANITIZE=1 \
	ASAN_OPTIONS=log_path=$(SAN_LOG)/asan:exitcode=86:detect_leaks=$$leaks \
	UBSAN_OPTIONS=exitcode=87:print_stacktrace=1 \
	    sh tests/run.sh; rc=$$?; $(MAKE) clean > /dev/null; \
	if [ -n "$$(ls $(SAN_LOG))" ]; then \
	    echo "sanitizer reports:"; head -n 40 $(SAN_LOG)/*; exit 1; \
	fi; exit $$rc

# The command-line cases, each tool under valgrind's memcheck (errors and
# definite leaks fail a case).
valgrind: deps-check $(BINS)
	@sh tools/deps.sh valgrind
	@GD_VALGRIND=1 sh tests/run.sh $(notdir $(wildcard tests/cli/*))

install: $(BINS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	for m in $(MANS); do \
	    s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s; \
	done

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$$t; done
	for m in $(MANS); do \
	    s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m#man/}; \
	done

clean:
	rm -f lib/*.o lib/*.d lib/libgd.a cmd/*.o cmd/*.d tests/unit/*.o \
	    tests/unit/*.d tests/unit/unit
	rm -rf bin

-include $(LIB_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(TOOLS:%=cmd/%.d)
