# SPDX-License-Identifier: Apache-2.0
# `make bench`: every figure we claim, measured side by side with its goal.
# Prints a table and writes docs/BENCHMARKS.md (scripts/bench.sh). Not part
# of `make check` (nothing here is timed against a limit). About 3-5 minutes
# on 2 cores from a clean tree.
#   make bench            install missing packages, build, measure, write the doc
#   make bench-build      only the builds the measurements need
# Pieces (all under build/bench, optimised, no sanitizers):
#   inflate_ir            one inflate per run, for callgrind (bench/inflate_ir.c)
#   install_cost          install cost on the simulated flash (bench/install_cost.c)
#   fw/<board>/sig/bl1.elf    bl1 with signature checking (see below)
#   fw/<board>/stack.txt      bl1's deepest stack (tools/stackdepth)
#   downtime/                 update and rollback downtime: counting bl1 for QEMU an386 (below)
B := build/bench
B_FW_BOARDS := $(patsubst boards/%/board.mk,%,$(shell grep -l '^BOARD_PORT := stm32' boards/*/board.mk))
B_OPT := -std=c99 $(WARN) -O2 -D_POSIX_C_SOURCE=200809L

# Indirect calls in bl1, by the member called, to the functions the STM32
# port and the core install there (tools/stackdepth keeps only those whose
# address the ELF takes).
B_STACK_RESOLVE := --resolve read=flash_read,sink_read,win_read --resolve program=flash_program \
    --resolve erase=flash_erase --resolve flush=sink_flush,win_flush \
    --resolve watchdog_kick=kick@bl1/main.c --resolve kick=kick@core/boot.c --resolve log=log_line \
    --resolve memset_func=memset --resolve now_ms=stm32_millis

.PHONY: bench bench-build
bench:
	@scripts/install-deps.sh host
	@scripts/install-deps.sh firmware
	@scripts/install-deps.sh qemu
	@scripts/install-deps.sh source
	@scripts/install-deps.sh bench
	@$(MAKE) --no-print-directory bench-build
	@MAKE="$(MAKE)" MBEDTLS_DIR="$(MBEDTLS_DIR)" scripts/bench.sh

bench-build: firmware qemu $(BUILD)/layoutgen $(BUILD)/otaboot $(B)/inflate_ir $(B)/install_cost \
    $(B_FW_BOARDS:%=$(B)/fw/%/stack.txt) $(B_FW_BOARDS:%=$(B)/fw/%/sig/stack.txt)

# What the runs read from the board builds, made by the sub-makes of
# `firmware` and `qemu` (mk/firmware.mk): named here, so that a tree where
# they are not built yet knows how to make them.
$(B_FW_BOARDS:%=build/fw/%/bl1.elf) $(B_FW_BOARDS:%=build/fw/%/bl1.bin) $(B_FW_BOARDS:%=build/fw/%/sigtest/bl1.elf): firmware ;
$(addprefix build/qemu/an386/,slot/demo-v1.bin slot/flash-v1.img slot/demo-big.gz slot-signed/demo-big.gz sigtime.elf): qemu ;

$(B)/inflate_ir: bench/inflate_ir.c bench/zlib_ref.h core/inflate.c core/sink.c core/inflate.h core/sink.h core/ob.h
	@mkdir -p $(dir $@)
	$(HOST_CC) $(B_OPT) -Icore bench/inflate_ir.c core/inflate.c core/sink.c -lz -o $@

# The core, the host port and the layouts, -O2 (LIB_SRC: the top Makefile),
# with the host tool's packer so images are packed as `otaboot pack` does.
INSTALL_COST_TOOL := tools/otaboot/pack.c tools/otaboot/appcheck.c tools/otaboot/common.c tools/otaboot/loadimg.c
$(B)/install_cost: bench/install_cost.c $(LIB_SRC) $(INSTALL_COST_TOOL) $(wildcard core/*.h port/host/*.h tools/otaboot/*.h)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(B_OPT) $(INCS) -Itools/otaboot bench/install_cost.c $(LIB_SRC) $(INSTALL_COST_TOOL) $(HOST_LIBS) -o $@

# The signed bl1 and the stack reports of each STM32 board: the links of
# build/fw/<board>/sigtest/bl1.elf (bl1 with signature checking and the
# TEST-ONLY keys) and build/fw/<board>/bl1.elf again, from their objects and
# arguments (mk/board.mk's <image>.args), with -fcallgraph-info=su (one .ci
# file per LTO unit); libc_small/libgcc_small (built -fno-lto) leave their
# .ci next to their objects. The exception frame is 104 bytes with an FPU
# context, 32 without (-mfloat-abi=soft).
$(B)/fw/%/sig/bl1.elf: build/fw/%/sigtest/bl1.elf
	@mkdir -p $(dir $@)
	rm -f $(dir $@)*.ci
	arm-none-eabi-gcc @build/fw/$*/sigtest/bl1.args -fcallgraph-info=su -dumpdir $(dir $@) \
	    -Wl,-Map=$(dir $@)bl1.map -o $@

# The same link as build/fw/NAME/bl1.elf, with the call graph written out.
$(B)/fw/%/stack/bl1.elf: build/fw/%/bl1.elf build/fw/%/bl1.bin
	@mkdir -p $(dir $@)
	rm -f $(dir $@)*.ci
	arm-none-eabi-gcc @build/fw/$*/bl1.args -fcallgraph-info=su -dumpdir $(dir $@) -o $@
	arm-none-eabi-objcopy -O binary $@ $@.bin
	@cmp -s $@.bin build/fw/$*/bl1.bin && echo same > $(dir $@)same-as-bl1 || echo differs > $(dir $@)same-as-bl1

$(B)/fw/%/stack.txt: $(B)/fw/%/stack/bl1.elf tools/stackdepth mk/bench.mk
	tools/stackdepth --elf $< --exception-frame $$(grep -q float-abi=soft build/fw/$*/bl1.args && echo 32 || echo 104) \
	    $(B_STACK_RESOLVE) $(dir $<)*.ci build/fw/$*/obj/port/stm32/*.ci > $@.tmp && mv $@.tmp $@
$(B)/fw/%/sig/stack.txt: $(B)/fw/%/sig/bl1.elf tools/stackdepth mk/bench.mk
	tools/stackdepth --elf $< --exception-frame $$(grep -q float-abi=soft build/fw/$*/bl1.args && echo 32 || echo 104) \
	    $(B_STACK_RESOLVE) $(dir $<)*.ci build/fw/$*/obj/port/stm32/*.ci > $@.tmp && mv $@.tmp $@

# Dependency files are included by the top Makefile; they are never made
# (without this, make's built-in `%: %.o` would try to build sha256.d).
$(B)/%.d: ;

# The benchmark programs are built by `make check` too, so that their
# sources cannot fall behind the core (they are run only by `make bench`).
CHECK_BUILD += $(B)/inflate_ir $(B)/install_cost

# ---- update downtime (docs/BENCHMARKS.md "Update downtime") -----------------
# bench/downtime_bl1.c: bl1 for QEMU mps2-an386 (slot layout) with the STM32
# flash driver and counters, built here from the sources (no object of
# mk/qemu.mk is reused): dev/bl1.elf without keys, signed/bl1.elf with the
# TEST-ONLY keys; rollback-dev/ and rollback-signed/ the same on the rollback
# layout. bench/downtime_host.c: seals an update into an mps2 flash file, or
# prepares a rollback there, and lists the boards' sectors. bench/downtime.py runs and reports.
B_DT := $(B)/downtime
B_DT_CPU := -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
B_DT_CFLAGS := $(B_DT_CPU) -std=c99 -Os -g -ffunction-sections -fdata-sections -fno-common -MMD -MP \
    -Icore -Iboards -Iport/qemu -Iboards/qemu-mps2-an386 -Iport/firmware -Iport/stm32 \
    $(CRYPTO_CFLAGS)
B_DT_SRC := bench/downtime_bl1.c $(CORE_SRC) boards/chips/geometry.c boards/qemu-mps2-an386/layout.c \
    $(CRYPTO_SHA_SRC) port/qemu/startup.c port/qemu/uart.c port/qemu/sys.c \
    port/stm32/stm32_flash.c port/stm32/stm32_family.c
B_DT_OBJ := $(patsubst %.c,$(B_DT)/obj/%.o,$(B_DT_SRC)) $(B_DT)/obj/variant.o \
    $(patsubst %,$(B_DT)/tp/%.o,$(MBEDTLS_SHA))
B_DT_DEV_OBJ := $(patsubst %.c,$(B_DT)/obj/%.o,$(CRYPTO_DEV_SRC))
B_DT_SIG_OBJ := $(patsubst %.c,$(B_DT)/obj/%.o,$(CRYPTO_SIG_SRC)) \
    $(B_DT)/obj/keyring.o $(patsubst %,$(B_DT)/tp/%.o,$(MBEDTLS_SIG))
B_DT_COMMA := ,
B_DT_WRAP := $(patsubst %,-Wl$(B_DT_COMMA)--wrap=%,ob_sig_check ob_sha256_flash ob_inflate_run ob_flash_sink_finish \
    ob_journal_open ob_journal_install_start ob_journal_install_done ob_journal_trial_boot ob_journal_rollback)

$(B_DT)/obj/%.o: %.c | $(FETCHED)
	@mkdir -p $(dir $@)
	arm-none-eabi-gcc $(B_DT_CFLAGS) $(WARN) -c $< -o $@
$(B_DT)/obj/variant.o: port/qemu/variant.c
	@mkdir -p $(dir $@)
	arm-none-eabi-gcc $(B_DT_CFLAGS) $(WARN) -DMPS2_LAYOUT=ob_layout_qemu_mps2_an386_slot \
	    -DMPS2_RESCUE_RETURN_MS=20000u -c $< -o $@
# The rollback variant: the same bl1 on the board's rollback layout.
$(B_DT)/obj/variant-rollback.o: port/qemu/variant.c
	@mkdir -p $(dir $@)
	arm-none-eabi-gcc $(B_DT_CFLAGS) $(WARN) -DMPS2_LAYOUT=ob_layout_qemu_mps2_an386_rollback \
	    -DMPS2_RESCUE_RETURN_MS=20000u -c $< -o $@
$(B_DT)/tp/%.o: $(MBEDTLS_DIR)/%.c | $(FETCHED)
	@mkdir -p $(dir $@)
	arm-none-eabi-gcc $(B_DT_CFLAGS) -Wall -Wextra -Wno-unused-parameter -c $< -o $@
# The TEST-ONLY keyring, as mk/crypto.mk makes it.
$(B_DT)/keyring.c: tests/keys/test-only-a.pem tests/keys/test-only-b.pem | $(BUILD)/otaboot
	@mkdir -p $(dir $@)
	$(BUILD)/otaboot keyring -o $@.tmp $^ && mv $@.tmp $@
$(B_DT)/obj/keyring.o: $(B_DT)/keyring.c
	@mkdir -p $(dir $@)
	arm-none-eabi-gcc $(B_DT_CFLAGS) $(WARN) -c $< -o $@
# dev-sha-unrolled: dev with SHA-256 built without MBEDTLS_SHA256_SMALLER.
$(B_DT)/tp-unrolled/sha256.o: $(MBEDTLS_DIR)/library/sha256.c bench/downtime_sha_unrolled.h | $(FETCHED)
	@mkdir -p $(dir $@)
	arm-none-eabi-gcc $(B_DT_CFLAGS) -Ibench -UMBEDTLS_CONFIG_FILE -DMBEDTLS_CONFIG_FILE='"downtime_sha_unrolled.h"' \
	    -Wall -Wextra -Wno-unused-parameter -c $< -o $@
B_DT_ELF := $(patsubst %,$(B_DT)/%/bl1.elf,dev signed dev-sha-unrolled rollback-dev rollback-signed)
B_DT_RB_OBJ := $(filter-out $(B_DT)/obj/variant.o,$(B_DT_OBJ)) $(B_DT)/obj/variant-rollback.o
$(B_DT_ELF): port/qemu/ld/bl1.ld port/qemu/ld/sections.ld
$(B_DT)/dev/bl1.elf: $(B_DT_OBJ) $(B_DT_DEV_OBJ)
$(B_DT)/signed/bl1.elf: $(B_DT_OBJ) $(B_DT_SIG_OBJ)
$(B_DT)/rollback-dev/bl1.elf: $(B_DT_RB_OBJ) $(B_DT_DEV_OBJ)
$(B_DT)/rollback-signed/bl1.elf: $(B_DT_RB_OBJ) $(B_DT_SIG_OBJ)
$(B_DT)/dev-sha-unrolled/bl1.elf: $(filter-out $(B_DT)/tp/library/sha256.o,$(B_DT_OBJ)) $(B_DT)/tp-unrolled/sha256.o $(B_DT_DEV_OBJ)
$(B_DT_ELF):
	@mkdir -p $(dir $@)
	arm-none-eabi-gcc $(B_DT_CPU) -nostartfiles --specs=nano.specs -Wl,--gc-sections -Wl,--no-warn-rwx-segments \
	    -Lport/qemu/ld -Tbl1.ld -Wl,-Map=$@.map $(B_DT_WRAP) $(filter %.o,$^) -o $@

$(B_DT)/downtime_host: bench/downtime_host.c $(LIB_SRC) $(wildcard core/*.h port/host/*.h)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(B_OPT) $(INCS) bench/downtime_host.c $(LIB_SRC) $(HOST_LIBS) -o $@

B_DT_ALL := $(B_DT_ELF) $(B_DT)/downtime_host
# The QEMU outputs the runs use (mk/qemu.mk): the demo application and flash
# file of the slot variant, the ~300 KiB demo image packed for both variants.
bench-build: $(B_DT_ALL) $(B)/corpus/fw.bin build/qemu/an386/slot/demo-v1.bin build/qemu/an386/slot/flash-v1.img \
    build/qemu/an386/slot/demo-big.gz build/qemu/an386/slot-signed/demo-big.gz
CHECK_BUILD += $(B_DT_ALL)
# The method and the output's format (two QEMU runs, an update and a rollback, about a second each).
CHECK_PROGS += tests/qemu/net/downtime.sh
