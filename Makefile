# otaboot top-level Makefile.
#   make          build the host parts (core library, host tool, tests)
#   make check    install missing Debian packages, build, run every test
# Host code is C99 with -Wall -Wextra -Werror, built with AddressSanitizer and
# UBSan (build/host). Benchmarks use an optimised, uninstrumented build (build/bench).

HOST_CC ?= gcc
BUILD := build/host
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
WARN := -Wall -Wextra -Werror
INCS := -Icore -Iport/host -Iboards
HOST_CFLAGS := -std=c99 $(WARN) -O1 -g $(SAN) $(INCS) -D_POSIX_C_SOURCE=200809L -MMD -MP
HOST_LDFLAGS := $(SAN)
HOST_LIBS := -lmbedcrypto -lz

CORE_SRC := $(sort $(wildcard core/*.c))
PORT_SRC := $(sort $(wildcard port/host/*.c))
BOARD_SRC := $(sort $(wildcard boards/*/layout.c)) $(wildcard boards/registry.c)
LIB_SRC := $(CORE_SRC) $(PORT_SRC) $(BOARD_SRC)
LIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC))
LIB := $(BUILD)/libotaboot.a

TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))
TEST_SUPPORT_SRC := $(sort $(wildcard tests/support/*.c))
TEST_SUPPORT_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(TEST_SUPPORT_SRC))

.PHONY: all host check test deps clean
all: host

host: $(LIB) $(TEST_BIN)

deps:
	@scripts/install-deps.sh host

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(TEST_SUPPORT_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $< $(TEST_SUPPORT_OBJ) $(LIB) -lcmocka $(HOST_LIBS) -o $@

check: deps
	$(MAKE) host
	@scripts/run-tests.sh $(TEST_BIN)

test: check

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
