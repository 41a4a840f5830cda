# gd - consultation exports to trustworthy, publishable results.
#
#   make            build lib/libgd.a and bin/gd-*
#   make check      run every test (last line: N passed, N failed, N skipped)
#   make demo       run the pipeline on the example in examples/
#   make docs       the README's picture of the example report (docs/)
#   make bench      compare speed and memory against the named peers
#   make bench-national  the nightly job on a national docket (22M comments)
#   make install    PREFIX=/usr/local DESTDIR=
#   make pot        po/gd.pot from the sources, and po/*.po brought up to it
#   make lint       man pages through mandoc -T lint, warnings as errors
#   make sanitize   every test on a build with AddressSanitizer and
#                   UndefinedBehaviorSanitizer (leaks included); rebuilds
#   make valgrind   the command-line cases with each tool under memcheck
#   make fuzz       each libFuzzer target in fuzz/ (clang, ASan, UBSan) for
#                   FUZZ_SECONDS (60) each; fails on a crash.  A target is
#                   a file fuzz/NAME.c; its seeds are in fuzz/corpus/NAME/
#                   and its crashers, once fixed, in fuzz/regress/NAME/,
#                   which make check replays (tests/scripts/fuzz-regress.sh)

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
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

PKG_LIBS := $(shell pkg-config --libs jansson libpcre2-8 libsodium libutf8proc libpsl libxml-2.0 libzip expat freexl 2>/dev/null || \
            echo -ljansson -lpcre2-8 -lsodium -lutf8proc -lpsl -lxml2 -lzip -lexpat -lfreexl)
# libxml2's headers are in a folder of their own.
CPPFLAGS += $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
LIBS    = $(PKG_LIBS) -lglpk -lcsv $(ICONV_LIBS) -lm -pthread

TOOLS   = gd-ingest gd-redact gd-tally gd-publish
BINS    = $(TOOLS:%=bin/%)
LIB_SRC = $(sort $(wildcard lib/*.c))
LIB_OBJ = $(LIB_SRC:.c=.o)
UNIT_SRC = $(sort $(wildcard tests/unit/*.c))
UNIT_OBJ = $(UNIT_SRC:.c=.o)
MANS    = $(sort $(wildcard man/*.[0-9]))
# Fuzz targets: every fuzz/NAME.c but the replay driver.
FUZZ_NAMES = $(basename $(notdir $(filter-out fuzz/replay.c,$(wildcard fuzz/*.c))))
REPLAYS = $(FUZZ_NAMES:%=tests/fuzz/%)
# The report's message catalogues: po/LL.po, compiled into build/locale
# as gettext lays them out (where the tools find them in the tree), and
# the template po/gd.pot made from the sources' marked strings.
LINGUAS = $(basename $(notdir $(wildcard po/*.po)))
MOS     = $(LINGUAS:%=build/locale/%/LC_MESSAGES/gd.mo)
POT_SRC = lib/i18n.c $(sort $(wildcard lib/pub_*.c))
POT_KEYWORDS = -k -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 -kgd_ntr:1,2

# Debian packages: to build, to test, to benchmark.
DEB_BUILD = gcc make pkg-config libc6-dev libjansson-dev libcsv-dev \
            libpcre2-dev libsodium-dev libutf8proc-dev libpsl-dev publicsuffix \
            libxml2-dev libzip-dev libexpat1-dev libfreexl-dev libglpk-dev \
            gettext
DEB_CHECK = jq python3 python3-scipy python3-statsmodels python3-mpmath \
            mandoc parallel sqlite3 postgresql chromium cmark-gfm nodejs npm \
            openssh-server openssh-client rsync iproute2 python3-openpyxl \
            libreoffice-calc-nogui
DEB_BENCH = miller python3 time nodejs npm xlsx2csv python3-openpyxl
DEB_FUZZ  = clang-14 libclang-rt-14-dev

.SECONDARY:

.PHONY: all deps deps-check deps-bench check unit demo docs bench bench-national install \
        uninstall lint sanitize valgrind fuzz deps-fuzz clean pot

all: deps $(BINS) $(MOS)

# Installs missing build dependencies (apt-get, when root on Debian or
# Ubuntu); otherwise prints the command to run.
deps:
	@sh tools/deps.sh $(DEB_BUILD)
deps-check:
	@sh tools/deps.sh $(DEB_BUILD) $(DEB_CHECK)
deps-bench:
	@sh tools/deps.sh $(DEB_BUILD) $(DEB_CHECK) $(DEB_BENCH)
deps-fuzz:
	@sh tools/deps.sh $(DEB_BUILD) $(DEB_FUZZ)

lib/libgd.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

lib/%.o: lib/%.c
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# Where an installed gd-publish finds its catalogues.
lib/i18n.o: CPPFLAGS += -DGD_LOCALEDIR='"$(LOCALEDIR)"'

build/locale/%/LC_MESSAGES/gd.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# The template, from the sources, and each catalogue brought up to it
# (new messages come in untranslated, which make check refuses).
pot:
	xgettext --language=C --from-code=UTF-8 $(POT_KEYWORDS) \
	    --add-comments=TRANSLATORS: --package-name=gd \
	    --package-version=$$(sed -n 's/^#define GD_VERSION "\(.*\)"/\1/p' \
	    include/gd/gd.h) -o po/gd.pot $(POT_SRC)
	for l in $(LINGUAS); do msgmerge --quiet --update --backup=none \
	    po/$$l.po po/gd.pot; done

cmd/%.o: cmd/%.c
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# Each tool: its cmd/NAME.c, the command-line code they share
# (cmd/cli.c: options, messages, exit), and the library.
bin/%: cmd/%.o cmd/cli.o lib/libgd.a
	@mkdir -p bin
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< cmd/cli.o lib/libgd.a $(LIBS)

tests/unit/%.o: tests/unit/%.c
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

tests/unit/unit: $(UNIT_OBJ) lib/libgd.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(UNIT_OBJ) lib/libgd.a $(LIBS)

unit: tests/unit/unit
	tests/unit/unit

# A fuzz target linked with a plain main() (fuzz/replay.c), with the
# compiler and flags of the rest of the build, for make check.
tests/fuzz/%: fuzz/%.c fuzz/replay.c fuzz/*.h lib/libgd.a
	@mkdir -p tests/fuzz
	$(CC) $(CPPFLAGS) $(filter-out -MMD -MP,$(ALL_CFLAGS)) $(LDFLAGS) \
	    -o $@ fuzz/$*.c \
	    fuzz/replay.c lib/libgd.a $(LIBS)

# The shim that makes allocations fail (tests/scripts/alloc-failure.sh).
tests/alloc/failalloc.so: tests/alloc/failalloc.c
	$(CC) $(filter-out -MMD -MP,$(ALL_CFLAGS)) -shared -fPIC -o $@ $< -ldl

# gd-tally's JSON scanner against jansson (tests/scripts/jscan-agree.sh).
tests/jscan/agree: tests/jscan/agree.c lib/libgd.a
	$(CC) $(CPPFLAGS) $(filter-out -MMD -MP,$(ALL_CFLAGS)) $(LDFLAGS) \
	    -o $@ $< lib/libgd.a $(LIBS)

check: deps-check $(BINS) $(MOS) tests/unit/unit $(REPLAYS) \
    tests/alloc/failalloc.so tests/jscan/agree
	@sh tests/run.sh

demo: all
	@sh examples/demo.sh

# The README's picture of the example report, made from the current code.
docs: deps-check $(BINS) $(MOS)
	@sh tools/docs.sh

bench: deps-bench $(BINS)
	@sh bench/run.sh

# The nightly job on a docket of 22 million comments (some 40 GB of disk).
bench-national: deps-bench $(BINS)
	@sh bench/national.sh

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
	    $(BINS) $(MOS) tests/unit/unit $(REPLAYS) tests/jscan/agree
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
valgrind: deps-check $(BINS) $(MOS)
	@sh tools/deps.sh valgrind
	@GD_VALGRIND=1 sh tests/run.sh $(notdir $(wildcard tests/cli/*))

# libFuzzer: the library compiled again with clang and the fuzzer's
# instrumentation into build/fuzz/ (never mixed with the gcc objects),
# one binary per fuzz/NAME.c.  The source blocks are made small
# (GD_SOURCE_BLOCK) so that inputs of a few KB cross block boundaries, as
# big files do.  tools/fuzz.sh runs each for FUZZ_SECONDS on a working
# copy of its corpus in build/fuzz/corpus/NAME (plus ../shared/data/real
# when present) and prints a line per target.
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_DIR      = build/fuzz
FUZZ_CFLAGS   = -std=c11 -pthread $(WARN) -O1 -g -fno-omit-frame-pointer \
                -fsanitize=address,undefined -fno-sanitize-recover=all \
                -DGD_SOURCE_BLOCK=4096 -MMD -MP
FUZZ_LIB_OBJ  = $(LIB_SRC:lib/%.c=$(FUZZ_DIR)/lib/%.o)
FUZZ_BINS     = $(FUZZ_NAMES:%=$(FUZZ_DIR)/bin/%)

$(FUZZ_DIR)/lib/%.o: lib/%.c
	@mkdir -p $(FUZZ_DIR)/lib
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
	    -c -o $@ $<

$(FUZZ_DIR)/libgd.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(FUZZ_LIB_OBJ)

$(FUZZ_DIR)/bin/%: fuzz/%.c fuzz/*.h $(FUZZ_DIR)/libgd.a
	@mkdir -p $(FUZZ_DIR)/bin
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
	    $(FUZZ_DIR)/libgd.a $(LIBS)

fuzz: deps-fuzz $(FUZZ_BINS)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_CC=$(FUZZ_CC) sh tools/fuzz.sh $(FUZZ_NAMES)

install: $(BINS) $(MOS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	for l in $(LINGUAS); do \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
	    install -m 644 build/locale/$$l/LC_MESSAGES/gd.mo \
	    $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
	done
	for m in $(MANS); do \
	    s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s; \
	done

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$$t; done
	for l in $(LINGUAS); do \
	    rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/gd.mo; done
	for m in $(MANS); do \
	    s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m#man/}; \
	done

clean:
	rm -f lib/*.o lib/*.d lib/libgd.a cmd/*.o cmd/*.d tests/unit/*.o \
	    tests/unit/*.d tests/unit/unit
	rm -f tests/alloc/failalloc.so tests/jscan/agree
	rm -rf bin tests/fuzz build/locale

-include $(LIB_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(TOOLS:%=cmd/%.d) cmd/cli.d \
    $(wildcard $(FUZZ_DIR)/lib/*.d)
