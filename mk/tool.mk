# SPDX-License-Identifier: Apache-2.0
# The host tool `otaboot` (tools/otaboot), its end-to-end tests, the demo and
# the loopback throughput measurement.
#   make build/host/otaboot     the tool (sanitizers on, like every host build)
#   make demo                   README's main job: real firmware in QEMU takes an update
#                               (scripts/demo-qemu.sh, through `make demo-qemu`)
#   make demo-sim               the same without an emulator: a virtual board takes two updates
#   make bench-transfer         receive throughput of the virtual board on loopback
TOOL := $(BUILD)/otaboot
TOOLBENCH := build/toolbench
TOOL_SRC := $(sort $(wildcard tools/otaboot/*.c))
TOOL_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(TOOL_SRC))
# Everything but main(): linked into the tool's unit tests too (tests/tests.mk).
TOOL_LIB_OBJ := $(filter-out $(BUILD)/tools/otaboot/main.o,$(TOOL_OBJ))

# The release, from one place: the file VERSION (`otaboot --version`).
OTABOOT_VERSION := $(shell cat VERSION)
$(BUILD)/tools/otaboot/main.o $(TOOLBENCH)/tools/otaboot/main.o: VERSION
$(BUILD)/tools/otaboot/main.o: HOST_CFLAGS += -DOTABOOT_VERSION='"$(OTABOOT_VERSION)"'
$(TOOLBENCH)/tools/otaboot/main.o: TOOLBENCH_CFLAGS += -DOTABOOT_VERSION='"$(OTABOOT_VERSION)"'

$(TOOL): $(TOOL_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $(TOOL_OBJ) $(LIB) $(HOST_LIBS) -o $@

ALL_TARGETS += $(TOOL)
CHECK_BUILD += $(TOOL)

# End-to-end tests (real TCP on 127.0.0.1, ephemeral ports): run by `make check`.
E2E_TESTS := $(sort $(wildcard tests/e2e/test_e2e_*.sh))
CHECK_PROGS += $(E2E_TESTS)

# README's main job: QEMU mps2-an386 runs bl1 and demo v1; `otaboot send`
# delivers v2 through hostfwd on 127.0.0.1 (mk/firmware.mk's demo-qemu). The
# packages are installed first, then a sub-make builds the firmware.
# demo-sim: the virtual board (`otaboot sim`), no emulator or cross-compiler.
# Both are bounded: the scripts put a timeout on every wait.
.PHONY: demo demo-sim bench-transfer
demo:
	@for d in host firmware qemu source; do scripts/install-deps.sh $$d || exit 1; done
	@$(MAKE) -s --no-print-directory demo-qemu

demo-sim: $(TOOL)
	@scripts/install-deps.sh host
	@OTABOOT=$(TOOL) scripts/demo.sh

# Receive throughput of the virtual board on loopback: an optimised,
# uninstrumented build of the tool (build/toolbench), a 1 MiB image sent to a
# virtual nucleo-f429zi (slot profile: receive, dry-run inflate, write to the
# simulated flash file, seal). Prints transfer.mbps=<MB/s, 10^6 bytes>.
TOOLBENCH_CFLAGS := -std=c99 -O2 -g $(WARN) $(INCS) -D_POSIX_C_SOURCE=200809L
TOOLBENCH_OBJ := $(patsubst %.c,$(TOOLBENCH)/%.o,$(LIB_SRC) $(TOOL_SRC))

$(TOOLBENCH)/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(TOOLBENCH_CFLAGS) -c $< -o $@

$(TOOLBENCH)/otaboot: $(TOOLBENCH_OBJ)
	$(HOST_CC) $(TOOLBENCH_OBJ) $(HOST_LIBS) -o $@

bench-transfer: $(TOOLBENCH)/otaboot
	@OTABOOT=$(TOOLBENCH)/otaboot tools/otaboot/bench-transfer.sh
