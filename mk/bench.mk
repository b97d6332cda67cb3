# SPDX-License-Identifier: Apache-2.0
# Benchmarks (docs/BENCHMARKS.md), optimised and without sanitizers, under
# build/bench. `make check` times nothing; it builds some of them (the end).
#   make bench            install missing packages, build, measure every figure,
#                         write docs/BENCHMARKS.md (scripts/bench.sh, 3-5 minutes)
#   make bench-build      only the builds the measurements need
#   make bench-inflate    inflate speed on three 1 MiB corpora, Cortex-M4 size and stack
#   make bench-transfer   receive throughput of a virtual board on loopback
B := build/bench
B_FW_BOARDS := $(patsubst boards/%/board.mk,%,$(shell grep -l '^BOARD_PORT := stm32' boards/*/board.mk))
B_OPT := -std=c99 $(WARN) -O2 -D_POSIX_C_SOURCE=200809L

.PHONY: bench bench-build bench-inflate bench-transfer
bench:
	@for d in host firmware qemu source bench; do scripts/install-deps.sh $$d || exit 1; done
	@$(MAKE) --no-print-directory bench-build
	@MAKE="$(MAKE)" MBEDTLS_DIR="$(MBEDTLS_DIR)" scripts/bench.sh

# Made by the sub-makes of `firmware` and `qemu` (mk/firmware.mk).
$(B_FW_BOARDS:%=build/fw/%/bl1.elf) $(B_FW_BOARDS:%=build/fw/%/bl1.bin) $(B_FW_BOARDS:%=build/fw/%/sigtest/bl1.elf): firmware ;
$(addprefix build/qemu/an386/,slot/demo-v1.bin slot/flash-v1.img slot/demo-big.gz slot-signed/demo-big.gz sigtime.elf): qemu ;

# One inflate per run, for callgrind; the install cost on the simulated flash
# (the core, the host port and the layouts -O2, the tool's packer).
$(B)/inflate_ir: bench/inflate_ir.c bench/zlib_ref.h core/inflate.c core/sink.c core/inflate.h core/sink.h core/ob.h
	@mkdir -p $(dir $@)
	$(HOST_CC) $(B_OPT) -Icore bench/inflate_ir.c core/inflate.c core/sink.c -lz -o $@
INSTALL_COST_TOOL := tools/otaboot/pack.c tools/otaboot/appcheck.c tools/otaboot/common.c tools/otaboot/loadimg.c
$(B)/install_cost: bench/install_cost.c $(LIB_SRC) $(INSTALL_COST_TOOL) $(wildcard core/*.h port/host/*.h tools/otaboot/*.h)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(B_OPT) $(INCS) -Itools/otaboot bench/install_cost.c $(LIB_SRC) $(INSTALL_COST_TOOL) $(HOST_LIBS) -o $@

# bl1's deepest stack per STM32 board: bl1.elf and sigtest/bl1.elf
# (signature checking, the TEST-ONLY keys) linked again with their call graph.
$(B)/fw/%/stack.txt: build/fw/%/bl1.elf build/fw/%/bl1.bin tools/stackdepth scripts/bl1-stack.sh
	scripts/bl1-stack.sh build/fw/$* $(B)/fw/$*/stack $@
$(B)/fw/%/sig/stack.txt: build/fw/%/sigtest/bl1.elf tools/stackdepth scripts/bl1-stack.sh
	scripts/bl1-stack.sh build/fw/$*/sigtest $(B)/fw/$*/sig $@

# Update and rollback downtime (bench/downtime_bl1.c says how it counts):
# bl1 for QEMU mps2-an386 with the STM32 flash driver and the core's phases
# wrapped (--wrap), built here from the sources without LTO, so that --wrap
# catches every call and the map keeps one entry per object (scripts/bench.sh
# reads the code of inflate and of the signature check from it). dev: no
# keys; signed: the TEST-ONLY keys; rollback-*: on the rollback layout;
# dev-sha-unrolled: SHA-256 without MBEDTLS_SHA256_SMALLER.
B_DT := $(B)/downtime
B_DT_CPU := -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
B_DT_CFLAGS := $(B_DT_CPU) -std=c99 -Os -g -ffunction-sections -fdata-sections -fno-common -MMD -MP \
    -Icore -Iboards -Iport/qemu -Iboards/qemu-mps2-an386 -Iport/firmware -Iport/stm32 $(CRYPTO_CFLAGS)
B_DT_SRC := bench/downtime_bl1.c $(CORE_SRC) boards/chips/geometry.c boards/qemu-mps2-an386/layout.c \
    $(CRYPTO_SHA_SRC) port/qemu/startup.c port/qemu/uart.c port/qemu/sys.c \
    port/stm32/stm32_flash.c port/stm32/stm32_family.c
B_DT_OBJ := $(patsubst %.c,$(B_DT)/obj/%.o,$(B_DT_SRC)) $(patsubst %,$(B_DT)/tp/%.o,$(MBEDTLS_SHA))
B_DT_DEV_OBJ := $(patsubst %.c,$(B_DT)/obj/%.o,$(CRYPTO_DEV_SRC))
B_DT_SIG_OBJ := $(patsubst %.c,$(B_DT)/obj/%.o,$(CRYPTO_SIG_SRC) $(TEST_KEYRING_C)) $(patsubst %,$(B_DT)/tp/%.o,$(MBEDTLS_SIG))
comma := ,
B_DT_WRAP := $(patsubst %,-Wl$(comma)--wrap=%,ob_sig_check ob_sha256_flash ob_inflate_run ob_flash_sink_finish \
    ob_journal_open ob_journal_install_start ob_journal_install_done ob_journal_trial_boot ob_journal_rollback)
B_DT_ELF := $(patsubst %,$(B_DT)/%/bl1.elf,dev signed dev-sha-unrolled rollback-dev rollback-signed)
B_DT_ALL := $(B_DT_ELF) $(B_DT)/downtime_host
# The top Makefile includes the .d files here; they are never made (without
# this, make's built-in `%: %.o` would try to build sha256.d).
$(B)/%.d: ;

$(B_DT)/obj/%.o: %.c | $(FETCHED)
	@mkdir -p $(dir $@)
	arm-none-eabi-gcc $(B_DT_CFLAGS) $(WARN) -c $< -o $@
$(B_DT)/obj/variant-%.o: port/qemu/variant.c
	@mkdir -p $(dir $@)
	arm-none-eabi-gcc $(B_DT_CFLAGS) $(WARN) -DMPS2_LAYOUT=ob_layout_qemu_mps2_an386_$* -DMPS2_RESCUE_RETURN_MS=20000u -c $< -o $@
$(B_DT)/tp/%.o: $(MBEDTLS_DIR)/%.c | $(FETCHED)
	@mkdir -p $(dir $@)
	arm-none-eabi-gcc $(B_DT_CFLAGS) -Wall -Wextra -Wno-unused-parameter -c $< -o $@
$(B_DT)/tp-unrolled/sha256.o: $(MBEDTLS_DIR)/library/sha256.c bench/downtime_sha_unrolled.h | $(FETCHED)
	@mkdir -p $(dir $@)
	arm-none-eabi-gcc $(B_DT_CFLAGS) -Ibench -UMBEDTLS_CONFIG_FILE -DMBEDTLS_CONFIG_FILE='"downtime_sha_unrolled.h"' \
	    -Wall -Wextra -Wno-unused-parameter -c $< -o $@
bench-build: firmware qemu $(LAYOUTGEN) $(TOOL) $(B)/inflate_ir $(B)/install_cost \
    $(B_FW_BOARDS:%=$(B)/fw/%/stack.txt) $(B_FW_BOARDS:%=$(B)/fw/%/sig/stack.txt) $(B_DT_ALL) $(B)/corpus/fw.bin \
    $(addprefix build/qemu/an386/,slot/demo-v1.bin slot/flash-v1.img slot/demo-big.gz slot-signed/demo-big.gz)
$(B_DT_ELF): port/qemu/ld/bl1.ld port/qemu/ld/sections.ld
$(B_DT)/dev/bl1.elf: $(B_DT_OBJ) $(B_DT)/obj/variant-slot.o $(B_DT_DEV_OBJ)
$(B_DT)/signed/bl1.elf: $(B_DT_OBJ) $(B_DT)/obj/variant-slot.o $(B_DT_SIG_OBJ)
$(B_DT)/rollback-dev/bl1.elf: $(B_DT_OBJ) $(B_DT)/obj/variant-rollback.o $(B_DT_DEV_OBJ)
$(B_DT)/rollback-signed/bl1.elf: $(B_DT_OBJ) $(B_DT)/obj/variant-rollback.o $(B_DT_SIG_OBJ)
$(B_DT)/dev-sha-unrolled/bl1.elf: $(filter-out $(B_DT)/tp/library/sha256.o,$(B_DT_OBJ)) $(B_DT)/tp-unrolled/sha256.o \
    $(B_DT)/obj/variant-slot.o $(B_DT_DEV_OBJ)
$(B_DT_ELF):
	@mkdir -p $(dir $@)
	arm-none-eabi-gcc $(B_DT_CPU) -nostartfiles --specs=nano.specs -Wl,--gc-sections -Wl,--no-warn-rwx-segments \
	    -Lport/qemu/ld -Tbl1.ld -Wl,-Map=$@.map $(B_DT_WRAP) $(filter %.o,$^) -o $@
$(B_DT)/downtime_host: bench/downtime_host.c $(LIB_SRC) $(wildcard core/*.h port/host/*.h)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(B_OPT) $(INCS) bench/downtime_host.c $(LIB_SRC) $(HOST_LIBS) -o $@

# bench-inflate: the corpora and -O2 speed against zlib (bench/inflate_bench.c),
# core/inflate.c and core/sink.c for Cortex-M4 (scripts/bench-inflate.sh).
bench-inflate: $(B)/inflate_bench $(B)/corpus/fw.bin $(B)/corpus/text.bin $(B)/corpus/random.bin \
    $(B)/m4/inflate.o $(B)/m4/sink.o
	@scripts/bench-inflate.sh run $(B)
$(B)/inflate_bench: bench/inflate_bench.c bench/zlib_ref.h core/inflate.c core/sink.c core/inflate.h core/ob.h
	@mkdir -p $(dir $@)
	$(HOST_CC) $(B_OPT) -Icore bench/inflate_bench.c core/inflate.c core/sink.c -lz -o $@
$(B)/m4/%.o: core/%.c core/inflate.h core/ob.h
	@mkdir -p $(dir $@)
	arm-none-eabi-gcc -std=c99 -mcpu=cortex-m4 -mthumb -Os -ffunction-sections -Icore -fstack-usage -c $< -o $@
$(B)/corpus/%.bin:
	@mkdir -p $(dir $@)
	@scripts/bench-inflate.sh corpus $* $@

# bench-transfer: an optimised, uninstrumented build of the tool sends a 1 MiB
# image to a virtual nucleo-f429zi (slot profile: receive, dry-run inflate,
# write to the simulated flash file, seal); prints transfer.mbps=<MB/s>.
TOOLBENCH := build/toolbench
$(TOOLBENCH)/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) -std=c99 -O2 -g $(WARN) $(INCS) -D_POSIX_C_SOURCE=200809L $(TOOLBENCH_DEFS) -c $< -o $@
$(TOOLBENCH)/tools/otaboot/main.o: VERSION
$(TOOLBENCH)/tools/otaboot/main.o: TOOLBENCH_DEFS := -DOTABOOT_VERSION='"$(shell cat VERSION)"'
$(TOOLBENCH)/otaboot: $(patsubst %.c,$(TOOLBENCH)/%.o,$(LIB_SRC) $(TOOL_SRC))
	$(HOST_CC) $^ $(HOST_LIBS) -o $@
bench-transfer: $(TOOLBENCH)/otaboot
	@OTABOOT=$< tools/otaboot/bench-transfer.sh

# Built by `make check` too, so that their sources cannot fall behind the core;
# tests/qemu/net/downtime.sh checks the downtime method (two QEMU runs).
CHECK_BUILD += $(B)/inflate_ir $(B)/install_cost $(B_DT_ALL)
CHECK_PROGS += tests/qemu/net/downtime.sh
