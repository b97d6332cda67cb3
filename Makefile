# SPDX-License-Identifier: Apache-2.0
# otaboot top-level Makefile.
#   make          the host parts: core library, host tool, layoutgen, tests
#   make check    install missing Debian packages, build, run every test
# Host code is C99 with -Wall -Wextra -Werror, built with AddressSanitizer and
# UBSan under build/host. The firmware: mk/firmware.mk; one board: mk/board.mk.

HOST_CC ?= gcc
BUILD := build/host
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
WARN := -Wall -Wextra -Werror
INCS := -Icore -Iport/host -Iboards -Itests/support -I$(BUILD)/gen
HOST_CFLAGS := -std=c99 $(WARN) -O1 -g $(SAN) $(INCS) -D_POSIX_C_SOURCE=200809L -MMD -MP
HOST_LDFLAGS := $(SAN)
HOST_LIBS := -lmbedcrypto -lz

# CORE_SRC, LWIP_DIR, MBEDTLS_DIR, FETCHED: mk/sources.mk (mk/board.mk reads it too).
include mk/sources.mk
PORT_SRC := $(sort $(wildcard port/host/*.c port/mbedtls/*.c))
BOARD_SRC := boards/chips/geometry.c $(sort $(wildcard boards/*/layout.c)) boards/registry.c
# The lists of boards host code includes (the layout registry, the STM32 board
# test), read from boards/*/ on every make: scripts/board-lists.sh.
BOARD_LISTS := $(shell scripts/board-lists.sh $(BUILD)/gen || echo failed)
$(if $(BOARD_LISTS),$(error scripts/board-lists.sh failed: fix the board folder it names))
LIB_SRC := $(CORE_SRC) $(PORT_SRC) $(BOARD_SRC)
LIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC))
LIB := $(BUILD)/libotaboot.a

# The host programs: the tool (tools/otaboot), layoutgen (a layout as a linker
# fragment or a header; --check checks them all), firstflash (the journal and
# slot of a first flash through a slot), and the test fixture (tests/support).
TOOL := $(BUILD)/otaboot
TOOL_SRC := $(sort $(wildcard tools/otaboot/*.c))
TOOL_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(TOOL_SRC))
TOOL_LIB_OBJ := $(filter-out $(BUILD)/tools/otaboot/main.o,$(TOOL_OBJ))
LAYOUTGEN := $(BUILD)/layoutgen
FIRSTFLASH := $(BUILD)/firstflash
TEST_SUPPORT_OBJ := $(BUILD)/tests/support/fixture.o

.DEFAULT_GOAL := all
.SECONDARY:
# Each mk/*.mk adds its part. They may append to:
#   ALL_TARGETS    built by `make`
#   CHECK_BUILD    built before the tests run in `make check`
#   CHECK_PROGS    test programs/scripts run by `make check`; they print
#                  cmocka-style "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)" lines
#   CHECK_DEPS     extra scripts/install-deps.sh sets needed by `make check`
ALL_TARGETS := $(TOOL) $(LAYOUTGEN) $(BUILD)/layout.checked $(FIRSTFLASH)
CHECK_BUILD := $(TOOL) $(BUILD)/layout.checked
CHECK_PROGS := $(sort $(wildcard tests/e2e/test_e2e_*.sh)) tests/lint/run.sh tests/lint/standalone.sh
CHECK_DEPS :=
include mk/bench.mk mk/crypto.mk mk/firmware.mk mk/robust.mk tests/tests.mk

.PHONY: all host check test deps clean lint lint-standalone
all: host $(ALL_TARGETS)
host: $(LIB) $(TEST_BIN)

deps:
	@scripts/install-deps.sh host
	@for d in $(sort $(CHECK_DEPS)); do scripts/install-deps.sh $$d || exit 1; done

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@
$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# The release, from one place: the file VERSION (`otaboot --version`).
$(BUILD)/tools/otaboot/main.o: VERSION
$(BUILD)/tools/otaboot/main.o: HOST_CFLAGS += -DOTABOOT_VERSION='"$(shell cat VERSION)"'
$(TOOL): $(TOOL_OBJ) $(LIB)
	$(HOST_CC) $(HOST_LDFLAGS) $(TOOL_OBJ) $(LIB) $(HOST_LIBS) -o $@
$(LAYOUTGEN): $(BUILD)/tools/layoutgen/layoutgen.o $(LIB)
	$(HOST_CC) $(HOST_LDFLAGS) $< $(LIB) $(HOST_LIBS) -o $@
$(FIRSTFLASH): $(BUILD)/tools/firstflash/firstflash.o $(LIB)
	$(HOST_CC) $(HOST_LDFLAGS) $< $(LIB) $(HOST_LIBS) -o $@

# `make` fails here when any layout breaks a rule (ob_layout_check).
#   make build/host/layout/<board>/<profile>.ld (or .h)
$(BUILD)/layout.checked: $(LAYOUTGEN)
	$(LAYOUTGEN) --check
	@touch $@
$(BUILD)/layout/%.ld: $(BUILD)/layout.checked
	@mkdir -p $(dir $@)
	$(LAYOUTGEN) --ld $(patsubst %/,%,$(dir $*)) $(notdir $*) > $@.tmp && mv $@.tmp $@
$(BUILD)/layout/%.h: $(BUILD)/layout.checked
	@mkdir -p $(dir $@)
	$(LAYOUTGEN) --header $(patsubst %/,%,$(dir $*)) $(notdir $*) > $@.tmp && mv $@.tmp $@

check: deps
	$(MAKE) host $(CHECK_BUILD)
	@scripts/run-tests.sh $(TEST_BIN) $(CHECK_PROGS)
test: check
# The board lists are written again at once: make wrote them when it read
# this file, before `make clean all` got here.
clean:
	rm -rf build
	scripts/board-lists.sh $(BUILD)/gen

# cppcheck + clang-tidy on core/ and tools/otaboot/ (docs/ROBUSTNESS.md); no
# tracked file cites a path outside the tree or uses process words.
lint:
	tests/lint/run.sh
lint-standalone:
	tests/lint/standalone.sh

# (build/fw, build/qemu: mk/board.mk reads its own.)
-include $(shell find build -path build/fw -prune -o -path build/qemu -prune -o -name '*.d' -type f -print 2>/dev/null)
