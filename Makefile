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
INCS := -Icore -Iport/host -Iboards -Itests/support
HOST_CFLAGS := -std=c99 $(WARN) -O1 -g $(SAN) $(INCS) -D_POSIX_C_SOURCE=200809L -MMD -MP
HOST_LDFLAGS := $(SAN)
HOST_LIBS := -lmbedcrypto -lz

CORE_SRC := $(sort $(wildcard core/*.c))
PORT_SRC := $(sort $(wildcard port/host/*.c port/mbedtls/*.c))
BOARD_SRC := boards/chips/geometry.c $(sort $(wildcard boards/*/layout.c)) $(wildcard boards/registry.c)
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
# Third-party sources fetched from Debian's source packages
# (scripts/fetch-source.sh, checksum-pinned) unless a copy is given with
# LWIP_DIR= / MBEDTLS_DIR=. Every firmware object depends (order-only) on
# FETCHED, so a fresh clone fetches both before compiling anything that may
# include their headers.
LWIP_DIR ?=
LWIP_DIR := $(if $(strip $(LWIP_DIR)),$(LWIP_DIR),build/third_party/lwip-2.1.3+dfsg1)
MBEDTLS_DIR ?= build/third_party/mbedtls-2.28.3
FETCHED := $(addsuffix /.otaboot-verified,$(filter build/third_party/%,$(LWIP_DIR) $(MBEDTLS_DIR)))
build/third_party/lwip-2.1.3+dfsg1/.otaboot-verified:
	scripts/fetch-source.sh lwip >/dev/null
build/third_party/mbedtls-2.28.3/.otaboot-verified:
	scripts/fetch-source.sh mbedtls >/dev/null
# lwIP 2.1.3 (src/Filelists.mk) for every firmware: core, IPv4, Ethernet,
# relative to $(LWIP_DIR)/src. Files for options that are off compile to nothing.
LWIP_SRC := $(addprefix core/,init.c def.c inet_chksum.c ip.c mem.c memp.c netif.c pbuf.c raw.c \
    stats.c sys.c tcp.c tcp_in.c tcp_out.c timeouts.c udp.c ipv4/dhcp.c ipv4/etharp.c \
    ipv4/icmp.c ipv4/ip4.c ipv4/ip4_addr.c ipv4/ip4_frag.c) netif/ethernet.c
# They appear with the fetch: named so that make's pattern rules can use them.
$(addprefix $(LWIP_DIR)/src/,$(LWIP_SRC)): | $(FETCHED) ;

ALL_TARGETS :=
CHECK_BUILD :=
CHECK_PROGS :=
CHECK_DEPS :=
include $(sort $(wildcard mk/*.mk))
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

-include $(shell find build -name '*.d' -type f 2>/dev/null)
