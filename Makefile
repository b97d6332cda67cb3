# SPDX-License-Identifier: Apache-2.0
# otaboot top-level Makefile.
#   make          build the host parts (core library, host tool, tests)
#   make check    install missing Debian packages, build, run every test
# Host code is C99 with -Wall -Wextra -Werror, built with AddressSanitizer and
# UBSan (build/host). Benchmarks use an optimised, uninstrumented build (build/bench).

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

# The test fixture (tests/support): the unit tests (tests/tests.mk, TEST_BIN),
# the power-cut harness and the fuzz corpus writer link it.
TEST_SUPPORT_OBJ := $(BUILD)/tests/support/fixture.o

.DEFAULT_GOAL := all
.SECONDARY:
# Each mk/*.mk adds its part (firmware, tool, fuzz, bench, ...). They may append to:
#   ALL_TARGETS    built by `make`
#   CHECK_BUILD    built before the tests run in `make check`
#   CHECK_PROGS    extra test programs/scripts run by `make check`; they print
#                  cmocka-style "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)" lines
#   CHECK_DEPS     extra scripts/install-deps.sh sets needed by `make check`
ALL_TARGETS :=
CHECK_BUILD :=
CHECK_PROGS :=
CHECK_DEPS :=
include $(filter-out mk/sources.mk mk/board.mk mk/example.mk,$(sort $(wildcard mk/*.mk)))
include tests/tests.mk

.PHONY: all host check test deps clean
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

check: deps
	$(MAKE) host $(CHECK_BUILD)
	@scripts/run-tests.sh $(TEST_BIN) $(CHECK_PROGS)

test: check

clean:
	rm -rf build

# (build/fw, build/qemu: mk/board.mk reads its own.)
-include $(shell find build -path build/fw -prune -o -path build/qemu -prune -o -name '*.d' -type f -print 2>/dev/null)
