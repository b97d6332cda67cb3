# SPDX-License-Identifier: Apache-2.0
# otaboot firmware: STM32 drivers, bl1 and the demo application for every
# board, and the QEMU netduinoplus2 boot test.

# ---------------------------------------------------------------------------
# Firmware: bl1 + demo application for every board.
#   make firmware                     all four boards (and the QEMU build)
#   make BOARD=nucleo-f429zi          one board (added to `make`)
#   make size                         flash and RAM of bl1 and the demo per board
#   make flash BOARD=..               st-flash: bl1, rescue, then the application
#                                     (the demo, or yours: APP=path/to/app.bin)
#   make flash-openocd BOARD=..       the same with OpenOCD (see "Flashing" below)
# Options: PROFILE=slot|direct, DEMO_VERSION=M.m.p; DEV_MODE=1 or SIGNING_KEYS=
# (mk/crypto.mk); RESCUE_RETURN_S=N (rescue entered on the application's
# request goes back to it when no install has started within N seconds;
# default 60).
FW_BOARDS := nucleo-f207zg olimex-e407 nucleo-f429zi nucleo-f746zg
FW_QEMU := qemu-netduinoplus2
PROFILE ?= slot
DEMO_VERSION ?= 1.0.0
RESCUE_RETURN_S ?= 60
FW := build/fw
FW_TOOL := $(BUILD)/otaboot # built by mk/tool.mk
FW_CC := arm-none-eabi-gcc
FW_OBJCOPY := arm-none-eabi-objcopy
FW_SIZE := arm-none-eabi-size

# Chip family -> CPU flags, USART IP, interrupt count of the vector table
# (RM0033 table 20, RM0090 tables 61/62, RM0385 table 40).
FW_CPU_f2 := -mcpu=cortex-m3 -mthumb -mfloat-abi=soft
FW_CPU_f40x := -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard
FW_CPU_f42x := $(FW_CPU_f40x)
FW_CPU_f7 := -mcpu=cortex-m7 -mthumb -mfpu=fpv5-sp-d16 -mfloat-abi=hard
FW_USART_f2 := usart_v1
FW_USART_f40x := usart_v1
FW_USART_f42x := usart_v1
FW_USART_f7 := usart_v2
FW_IRQS_f2 := 81
FW_IRQS_f40x := 82
FW_IRQS_f42x := 91
FW_IRQS_f7 := 98

# Crypto for the firmware (SHA-256, ECDSA P-256): mk/crypto.mk sets
# FW_CRYPTO_SRC (mbedTLS built from the Debian source package, compiled for
# each board with FW_CRYPTO_CFLAGS). A build without it links
# port/stm32/crypto_missing.c, which halts with a message if a hash or a
# signature is ever needed (an unrecorded application needs neither;
# installs and recorded images do) and never returns a digest or a verdict.
FW_CRYPTO_SRC ?=
FW_SHA_USED := $(if $(strip $(FW_CRYPTO_SRC)),$(FW_CRYPTO_SRC),port/stm32/crypto_missing.c)
FW_CRYPTO_CFLAGS ?=

FW_PORT_SRC := port/stm32/stm32_family.c port/stm32/stm32_flash.c port/stm32/stm32_clock.c \
               port/stm32/stm32_gpio.c port/stm32/stm32_sys.c port/stm32/usart_common.c \
               port/stm32/libc_small.c port/stm32/libgcc_small.c port/stm32/stm32_rng.c
FW_CORE_SRC := $(CORE_SRC)
FW_WARN := -Wall -Wextra -Werror
FW_CFLAGS_COMMON := -std=c99 $(FW_WARN) -Os -g -flto -ffunction-sections -fdata-sections \
                    -fno-common -Icore -Iboards -Iport/stm32 -Iport/firmware -MMD -MP
FW_LDFLAGS_COMMON := -flto -Os -nostartfiles --specs=nano.specs -Wl,--gc-sections -Wl,--no-warn-rwx-segments

# fw_board NAME DIR: reads DIR/board.mk and defines every target of NAME.
define fw_board
BOARD_FAMILY :=
BOARD_MCU :=
BOARD_LAYOUT :=
OPENOCD_TARGET :=
include $(2)/board.mk
FWB_FAMILY_$(1) := $$(BOARD_FAMILY)
FWB_LAYOUT_$(1) := $$(if $$(BOARD_LAYOUT),$$(BOARD_LAYOUT),$(1))
FWB_OCD_$(1) := $$(OPENOCD_TARGET)
FWB_DIR_$(1) := $(2)
FWB_OUT_$(1) := $(FW)/$(1)
FWB_CFLAGS_$(1) := $$(FW_CPU_$$(FWB_FAMILY_$(1))) $(FW_CFLAGS_COMMON) -I$(2) \
    $(if $(filter $(FW_QEMU),$(1)),-Iport/qemu/netduinoplus2) \
    -DOB_BOARD_LAYOUT=ob_layout_$$(subst -,_,$$(FWB_LAYOUT_$(1)))_$(PROFILE) \
    -DOB_AGENT_RESCUE_RETURN_MS=$(RESCUE_RETURN_S)000u
FWB_COMMON_SRC_$(1) := $(FW_CORE_SRC) boards/chips/geometry.c boards/$$(FWB_LAYOUT_$(1))/layout.c \
    $(FW_PORT_SRC) port/stm32/$$(FW_USART_$$(FWB_FAMILY_$(1))).c \
    $(if $(filter $(FW_QEMU),$(1)),port/qemu/netduinoplus2/semihost.c)
FWB_COMMON_OBJ_$(1) := $$(patsubst %.c,$(FW)/$(1)/obj/%.o,$$(FWB_COMMON_SRC_$(1)))
FWB_SHA_OBJ_$(1) := $$(patsubst %.c,$(FW)/$(1)/obj/%.o,$(FW_SHA_USED))
FWB_BL1_OBJ_$(1) := $$(patsubst %.c,$(FW)/$(1)/obj/%.o,$(sort $(wildcard bl1/*.c))) $(FW)/$(1)/obj/startup-bl1.o
# The demo's service (demo/service_*.c: network or none) is added by mk/fwnet.mk.
FWB_DEMO_OBJ_$(1) := $(FW)/$(1)/obj/demo/main.o $(FW)/$(1)/obj/startup-app.o

$(FW)/$(1)/obj/%.o: %.c | $(FETCHED)
	@mkdir -p $$(dir $$@)
	$(FW_CC) $$(FWB_CFLAGS_$(1)) $$(if $$(filter $(FW_SHA_USED),$$<),$(FW_CRYPTO_CFLAGS)) \
	    $$(if $$(filter port/stm32/libc_small.c port/stm32/libgcc_small.c,$$<),-fno-tree-loop-distribute-patterns -fno-lto) -c $$< -o $$@

$(FW)/$(1)/obj/demo/%.o: demo/%.c | $(FETCHED)
	@mkdir -p $$(dir $$@)
	$(FW_CC) $$(FWB_CFLAGS_$(1)) -DDEMO_VERSION_STR='"$(DEMO_VERSION)"' -c $$< -o $$@

$(FW)/$(1)/obj/startup-bl1.o: port/stm32/startup.c | $(FETCHED)
	@mkdir -p $$(dir $$@)
	$(FW_CC) $$(FWB_CFLAGS_$(1)) -DSTM32_VECTOR_IRQS=0 -c $$< -o $$@

$(FW)/$(1)/obj/startup-app.o: port/stm32/startup.c | $(FETCHED)
	@mkdir -p $$(dir $$@)
	$(FW_CC) $$(FWB_CFLAGS_$(1)) -DSTM32_VECTOR_IRQS=$$(FW_IRQS_$$(FWB_FAMILY_$(1))) -c $$< -o $$@

$(FW)/$(1)/layout.ld: $(BUILD)/layout/$$(FWB_LAYOUT_$(1))/$(PROFILE).ld
	@mkdir -p $$(dir $$@)
	cp $$< $$@

$(FW)/$(1)/bl1.elf: $$(FWB_BL1_OBJ_$(1)) $$(FWB_COMMON_OBJ_$(1)) $$(FWB_SHA_OBJ_$(1)) $(FW)/$(1)/layout.ld port/stm32/ld/bl1.ld port/stm32/ld/sections.ld
	$(FW_CC) $$(FW_CPU_$$(FWB_FAMILY_$(1))) $(FW_LDFLAGS_COMMON) -L$(FW)/$(1) -Lport/stm32/ld -Tbl1.ld \
	    -Wl,-Map=$(FW)/$(1)/bl1.map $$(FWB_BL1_OBJ_$(1)) $$(FWB_COMMON_OBJ_$(1)) $$(FWB_SHA_OBJ_$(1)) -o $$@

$(FW)/$(1)/demo.elf: $$(FWB_DEMO_OBJ_$(1)) $$(FWB_COMMON_OBJ_$(1)) $$(FWB_SHA_OBJ_$(1)) $(FW)/$(1)/layout.ld port/stm32/ld/app.ld port/stm32/ld/sections.ld
	$(FW_CC) $$(FW_CPU_$$(FWB_FAMILY_$(1))) $(FW_LDFLAGS_COMMON) -L$(FW)/$(1) -Lport/stm32/ld -Tapp.ld \
	    -Wl,-Map=$(FW)/$(1)/demo.map $$(filter %.o,$$^) -o $$@

$(FW)/$(1)/%.bin: $(FW)/$(1)/%.elf
	$(FW_OBJCOPY) -O binary $$< $$@

# The packed application: `otaboot pack` (--force: the rule owns its output) when the host tool exists,
# otherwise a plain gzip (accepted only by development boards).
$(FW)/$(1)/app.bin.gz: $(FW)/$(1)/demo.bin $(if $(wildcard tools/otaboot/main.c),$(FW_TOOL))
	@if [ -x $(FW_TOOL) ]; then \
	    $(FW_TOOL) pack $$< -b $$(FWB_LAYOUT_$(1)) -v $(DEMO_VERSION) -p $(PROFILE) -o $$@ -q --force; \
	else \
	    echo "firmware: $(FW_TOOL) not built: packing $$@ with gzip -9n (plain gzip, development boards only)"; \
	    gzip -9nc $$< > $$@; \
	fi

fw-$(1): $(FW)/$(1)/bl1.bin $(FW)/$(1)/demo.bin $(FW)/$(1)/app.bin.gz
.PHONY: fw-$(1)
-include $$(shell find $(FW)/$(1) -name '*.d' -type f 2>/dev/null)
endef

$(foreach b,$(FW_BOARDS),$(eval $(call fw_board,$(b),boards/$(b))))
$(eval $(call fw_board,$(FW_QEMU),port/qemu/netduinoplus2))

.PHONY: firmware size flash flash-openocd
firmware: $(foreach b,$(FW_BOARDS) $(FW_QEMU),fw-$(b))

ifneq ($(BOARD),)
ifeq ($(filter $(BOARD),$(FW_BOARDS) $(FW_QEMU)),)
$(error BOARD=$(BOARD) is not one of $(FW_BOARDS) $(FW_QEMU))
endif
ALL_TARGETS += fw-$(BOARD)
SIZE_BOARDS := $(BOARD)
else
SIZE_BOARDS := $(FW_BOARDS)
endif

# Flash and RAM of bl1, bl1-sig (bl1 with signature checking, whatever this
# build's mode: the test keys' build, mk/crypto.mk), the agent, rescue and
# the demo per board, with the region each must fit: scripts/fw-size.sh.
size: $(foreach b,$(SIZE_BOARDS),$(FW)/$(b)/bl1.elf $(FW)/$(b)/demo.elf $(FW)/$(b)/sigtest/bl1.elf \
    $(if $(filter $(b),$(FW_BOARDS)),$(FW)/$(b)/rescue.elf $(FW)/$(b)/demo-nonet.elf))
	@scripts/fw-size.sh $(FW) $(SIZE_BOARDS)

# ---------------------------------------------------------------------------
# Flashing (Debian stlink-tools / openocd, installed by the targets that use
# them through scripts/install-deps.sh): bl1 into its sector(s), the
# journal sectors erased, the rescue firmware into its region (mk/fwnet.mk),
# then the raw application into the application area, where bl1 finds it on
# the first boot ("no journal record of the application: vector table
# plausible"). The journal is erased explicitly because whatever was on the
# chip before (a Nucleo's factory firmware, an earlier install) may sit
# there and would be read as records. st-flash 1.7 (Debian) erases only the
# whole chip (`st-flash erase`), so it writes an all-0xFF file over both
# journal sectors (contiguous in every layout; tools/firstflash checks it):
# it erases the sectors it writes. OpenOCD erases them with
# `flash erase_address`. tests/fw/flash_recipe.sh runs both recipes against
# a simulated chip.
# Writing the packed app.bin.gz into the update slot instead needs the slot
# header and a journal SEAL record next to it, which only the receiver
# writes: `make flash-slot` (mk/fwnet.mk, slot profile) flashes those, made
# by build/host/firstflash; `make flash` keeps the raw application (both
# profiles; see docs/boards/*.md).
FLASH_BOARD := $(if $(BOARD),$(BOARD),none)
# The application written into the application area: the demo, or the raw
# binary given with APP= (linked at the layout's APP address: docs/integration.md).
FLASH_APP := $(if $(APP),$(APP),$(FW)/$(FLASH_BOARD)/demo.bin)
FLASH_HDR = $(BUILD)/layout/$(FWB_LAYOUT_$(FLASH_BOARD))/$(PROFILE).h
flash_addr = $$(sed -n 's/^\#define OB_LAYOUT_$(1)_ADDR \(0x[0-9A-Fa-f]*\)u.*/\1/p' $(FLASH_HDR))
flash_size = $$(sed -n 's/^\#define OB_LAYOUT_$(1)_SIZE \(0x[0-9A-Fa-f]*\)u.*/\1/p' $(FLASH_HDR))
FLASH_JOURNAL_BYTES = $$(( $(call flash_size,JOURNAL0) + $(call flash_size,JOURNAL1) ))
FLASH_BLANK = $(FW)/$(BOARD)/journal-erased.bin

flash flash-openocd: flash-check
.PHONY: flash-check
flash-check:
	@[ -n "$(BOARD)" ] || { echo "make $(MAKECMDGOALS): name the board, e.g. BOARD=nucleo-f429zi"; exit 2; }
	@[ "$(BOARD)" != "$(FW_QEMU)" ] || { echo "$(FW_QEMU) runs in QEMU: tests/qemu/netduinoplus2_boot.sh"; exit 2; }
	@case "$(APP)" in *.elf|*.hex|*.gz) echo "make $(MAKECMDGOALS): APP=$(APP) must be a raw binary (arm-none-eabi-objcopy -O binary app.elf app.bin)"; exit 2;; esac
	@[ -z "$(APP)" ] || [ -f "$(APP)" ] || { echo "make $(MAKECMDGOALS): APP=$(APP) not found"; exit 2; }

ifneq ($(BOARD),)
flash: fw-$(BOARD) $(FLASH_HDR)
	@scripts/install-deps.sh stlink
	st-flash write $(FW)/$(BOARD)/bl1.bin $(call flash_addr,BL1)
	head -c $(FLASH_JOURNAL_BYTES) /dev/zero | tr '\000' '\377' > $(FLASH_BLANK)
	st-flash write $(FLASH_BLANK) $(call flash_addr,JOURNAL0)
	st-flash write $(FW)/$(BOARD)/rescue.bin $(call flash_addr,RESCUE)
	st-flash --reset write $(FLASH_APP) $(call flash_addr,APP)

flash-openocd: fw-$(BOARD) $(FLASH_HDR)
	@scripts/install-deps.sh openocd
	openocd -f interface/stlink.cfg -f $(FWB_OCD_$(BOARD)) \
	    -c "program $(FW)/$(BOARD)/bl1.bin $(call flash_addr,BL1) verify" \
	    -c "flash erase_address $(call flash_addr,JOURNAL0) $(FLASH_JOURNAL_BYTES)" \
	    -c "program $(FW)/$(BOARD)/rescue.bin $(call flash_addr,RESCUE) verify" \
	    -c "program $(FLASH_APP) $(call flash_addr,APP) verify reset exit"
endif

# ---------------------------------------------------------------------------
# make / make check
CHECK_BUILD += firmware
CHECK_PROGS += tests/qemu/netduinoplus2_boot.sh tests/fw/jump_disasm.sh tests/fw/flash_recipe.sh
CHECK_DEPS += firmware qemu
