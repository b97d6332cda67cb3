# SPDX-License-Identifier: Apache-2.0
# otaboot firmware: STM32 drivers, bl1 and the demo application for every
# board, and the QEMU netduinoplus2 boot test.

# ---------------------------------------------------------------------------
# Firmware: mk/board.mk builds one board; here one sub-make runs per board.
# The boards are the folders boards/<name>/ with a board.mk.
#   make firmware                 every STM32 board: build/fw/<board>/
#   make qemu                     the QEMU mps2 boards: build/qemu/<an386|an500>/
#   make BOARD=nucleo-f429zi      one board (added to `make`)
#   make size                     flash and RAM of each image per board
#   make flash BOARD=..           st-flash: bl1, rescue, then the application
#                                 (the demo, or yours: APP=path/to/app.bin;
#                                 PROFILE=rollback: packed, through a slot)
#   make flash-openocd BOARD=..   the same with OpenOCD (see "Flashing" below)
# Options: PROFILE=slot|direct|rollback, DEMO_VERSION=M.m.p, RESCUE_RETURN_S=N and
# NET_*= (port/stm32/port.mk); DEV_MODE=1 or SIGNING_KEYS= (mk/crypto.mk).
# Boards named qemu-* run in QEMU only: never flashed, not in `make size`.
BOARDS := $(patsubst boards/%/board.mk,%,$(wildcard boards/*/board.mk))
QEMU_BOARDS := $(patsubst boards/%/board.mk,%,$(shell grep -l '^BOARD_PORT := qemu' boards/*/board.mk))
FW_BOARDS := $(filter-out $(QEMU_BOARDS),$(BOARDS))
FW := build/fw
PROFILE ?= slot

# What a board build reads besides sources: the host tool and layoutgen
# (mk/tool.mk, mk/layout.mk), the fetched sources, the keyrings (mk/crypto.mk).
# The STM32 boards also wait for the signing mode, which refuses a build
# with no keys unless DEV_MODE=1 is explicit; switching mode relinks.
.PHONY: firmware qemu $(addprefix fw-,$(BOARDS))
firmware: $(addprefix fw-,$(FW_BOARDS))
qemu: $(addprefix fw-,$(QEMU_BOARDS))
$(addprefix fw-,$(FW_BOARDS)): $(FW_MODE_FILE) $(FW_KEYRING)
# The QEMU boards' rollback flash image is a first flash through a slot.
$(addprefix fw-,$(QEMU_BOARDS)): $(BUILD)/firstflash
$(addprefix fw-,$(BOARDS)): fw-%: $(BUILD)/otaboot $(BUILD)/layout.checked $(FETCHED) $(TEST_KEYRING_C)
	@$(MAKE) --no-print-directory -f mk/board.mk BOARD=$*

ifneq ($(BOARD),)
ifeq ($(filter $(BOARD),$(BOARDS)),)
$(error BOARD=$(BOARD) is not one of $(BOARDS))
endif
ALL_TARGETS += fw-$(BOARD)
endif
SIZE_BOARDS := $(if $(BOARD),$(BOARD),$(filter-out qemu-%,$(FW_BOARDS)))

# Flash and RAM of bl1, bl1-sig (bl1 with signature checking, whatever this
# build's mode: the test keys' build), the agent, rescue and the demo per
# board, with the region each must fit: scripts/fw-size.sh.
.PHONY: size size-qemu
size: $(addprefix fw-,$(SIZE_BOARDS)) $(if $(BOARD),,size-qemu)
	@scripts/fw-size.sh $(FW) $(SIZE_BOARDS)

# Flash = text + data, RAM = data + bss (the stack comes on top).
size-qemu: qemu
	@printf '%-8s %-8s %-10s %10s %10s\n' board variant image flash RAM
	@for b in an386 an500; do for v in slot direct rollback; do for i in bl1 rescue demo-v1; do \
	    arm-none-eabi-size -B build/qemu/$$b/$$v/$$i.elf | awk -v b=$$b -v v=$$v -v i=$$i \
	    'NR==2 {printf "%-8s %-8s %-10s %10d %10d\n", b, v, i, $$1+$$2, $$2+$$3}'; done; done; done

# The Ethernet driver compiled for each STM32 board with the network, without
# LTO (-Wall -Wextra -Werror, as all firmware): `make eth-size` prints its sizes.
ETH_BOARDS := $(filter-out qemu-%,$(FW_BOARDS))
.PHONY: eth-check eth-size
eth-check: | $(FETCHED)
	@for b in $(ETH_BOARDS); do $(MAKE) --no-print-directory -f mk/board.mk BOARD=$$b eth-check || exit 1; done
eth-size: eth-check
	@for b in $(ETH_BOARDS); do echo "== $$b"; arm-none-eabi-size build/eth-check/$$b/*.o; done
CHECK_BUILD += eth-check

# ---------------------------------------------------------------------------
# Flashing (Debian stlink-tools / openocd, installed by the targets that use
# them through scripts/install-deps.sh): bl1 into its sector(s), the
# journal sectors erased, the rescue firmware into its region, then the raw
# application into the application area, where bl1 finds it on the first
# boot ("no journal record of the application: vector table plausible").
# The journal is erased explicitly because whatever was on the chip before
# (a Nucleo's factory firmware, an earlier install) may sit there and would
# be read as records. st-flash 1.7 (Debian) erases only the whole chip
# (`st-flash erase`), so it writes an all-0xFF file over both journal
# sectors (contiguous in every layout; tools/firstflash checks it): it
# erases the sectors it writes. OpenOCD erases them with `flash
# erase_address`. tests/fw/flash_recipe.sh runs both recipes against a
# simulated chip.
# Writing the packed app.bin.gz into the update slot instead needs the slot
# header and a journal SEAL record next to it, which only the receiver
# writes: `make flash-slot` (slot or rollback profile) flashes those, made by
# build/host/firstflash. `make flash` keeps the raw application in the slot
# and direct profiles; in the rollback profile it flashes through the slot
# too, so that the factory application has its compressed copy, the rollback
# point of the first update (see docs/boards/*.md).
# The application written into the application area: the demo, or the raw
# binary given with APP= (linked at the layout's APP address: docs/integration.md).
# Through a slot: the packed demo, or the image given with APP= (a .gz from
# `otaboot pack`, packed for the same profile, signed if the board has keys).
FLASH_APP := $(if $(APP),$(APP),$(FW)/$(BOARD)/demo.bin)
FLASH_GZ := $(if $(APP),$(APP),$(FW)/$(BOARD)/app.bin.gz)
FLASH_THROUGH_SLOT := $(if $(or $(filter rollback,$(PROFILE)),$(filter flash-slot firstflash,$(MAKECMDGOALS))),1)
FLASH_LAYOUT := $(if $(BOARD),$(shell sed -n 's/^BOARD_LAYOUT := //p' boards/$(BOARD)/board.mk))
FLASH_HDR := $(BUILD)/layout/$(FLASH_LAYOUT)/$(PROFILE).h
flash_addr = $$(sed -n 's/^\#define OB_LAYOUT_$(1)_ADDR \(0x[0-9A-Fa-f]*\)u.*/\1/p' $(FLASH_HDR))
flash_size = $$(sed -n 's/^\#define OB_LAYOUT_$(1)_SIZE \(0x[0-9A-Fa-f]*\)u.*/\1/p' $(FLASH_HDR))
FLASH_JOURNAL_BYTES = $$(( $(call flash_size,JOURNAL0) + $(call flash_size,JOURNAL1) ))
FLASH_BLANK := $(FW)/$(BOARD)/journal-erased.bin
FIRSTFLASH := $(BUILD)/firstflash
FIRST := $(FW)/$(BOARD)/first
FIRST_SLOT_ADDR = $$(sed -n 's/^journal .* slot //p' $(FIRST)/addresses)

.PHONY: flash flash-openocd flash-check firstflash flash-slot selftest hil
flash flash-openocd firstflash flash-slot selftest hil: flash-check
flash-check:
	@[ -n "$(BOARD)" ] || { echo "make $(MAKECMDGOALS): name the board, e.g. BOARD=nucleo-f429zi"; exit 2; }
	@case "$(BOARD)" in qemu-*) echo "$(BOARD) runs in QEMU: tests/qemu/netduinoplus2_boot.sh"; exit 2;; esac
	@case "$(FLASH_THROUGH_SLOT):$(APP)" in 1:*) ;; *.elf|*.hex|*.gz) echo "make $(MAKECMDGOALS): APP=$(APP) must be a raw binary (arm-none-eabi-objcopy -O binary app.elf app.bin)"; exit 2;; esac
	@[ -z "$(APP)" ] || [ -f "$(APP)" ] || { echo "make $(MAKECMDGOALS): APP=$(APP) not found"; exit 2; }

ifneq ($(BOARD),)
# Through a slot, refused while make reads this file (before any build): the
# direct profile, which has none, and a raw APP=, which must be packed first.
ifneq ($(FLASH_THROUGH_SLOT),)
ifeq ($(PROFILE),direct)
$(error make $(MAKECMDGOALS): the direct profile has no update slot to flash through: PROFILE=slot or rollback (make flash writes a direct board))
endif
ifneq ($(filter-out %.gz,$(APP)),)
$(error make $(MAKECMDGOALS): through a slot ($(PROFILE) profile) APP= is a packed image: otaboot pack $(APP) -b $(FLASH_LAYOUT) -v VERSION -p $(PROFILE), then APP=<the .gz>)
endif
endif
OPENOCD_CMD = openocd -f interface/stlink.cfg -f $(shell sed -n 's/^OPENOCD_TARGET := //p' boards/$(BOARD)/board.mk)
ifneq ($(PROFILE),rollback)
flash: fw-$(BOARD) $(FLASH_HDR)
	@scripts/install-deps.sh stlink
	st-flash write $(FW)/$(BOARD)/bl1.bin $(call flash_addr,BL1)
	head -c $(FLASH_JOURNAL_BYTES) /dev/zero | tr '\000' '\377' > $(FLASH_BLANK)
	st-flash write $(FLASH_BLANK) $(call flash_addr,JOURNAL0)
	st-flash write $(FW)/$(BOARD)/rescue.bin $(call flash_addr,RESCUE)
	st-flash --reset write $(FLASH_APP) $(call flash_addr,APP)

flash-openocd: fw-$(BOARD) $(FLASH_HDR)
	@scripts/install-deps.sh openocd
	$(OPENOCD_CMD) \
	    -c "program $(FW)/$(BOARD)/bl1.bin $(call flash_addr,BL1) verify" \
	    -c "flash erase_address $(call flash_addr,JOURNAL0) $(FLASH_JOURNAL_BYTES)" \
	    -c "program $(FW)/$(BOARD)/rescue.bin $(call flash_addr,RESCUE) verify" \
	    -c "program $(FLASH_APP) $(call flash_addr,APP) verify reset exit"
else
# rollback: through the slot, as flash-slot below.
flash: flash-slot
flash-openocd: fw-$(BOARD) $(FIRST)/slot.bin $(FLASH_HDR)
	@scripts/install-deps.sh openocd
	$(OPENOCD_CMD) \
	    -c "program $(FW)/$(BOARD)/bl1.bin $(call flash_addr,BL1) verify" \
	    -c "program $(FW)/$(BOARD)/rescue.bin $(call flash_addr,RESCUE) verify" \
	    -c "program $(FIRST)/journal.bin $(call flash_addr,JOURNAL0) verify" \
	    -c "program $(FIRST)/slot.bin $(FIRST_SLOT_ADDR) verify reset exit"
endif

# First flash through the update slot (slot and rollback profiles):
# build/host/firstflash runs the real receiver over the packed image on a
# simulated flash with the board's sector map and writes the journal sectors
# (SEAL record) and the slot the receiver used (its address in
# first/addresses); `make flash-slot BOARD=..` writes bl1, rescue and those two
# (whatever the application area holds, bl1 erases it), so the first boot is
# an ordinary install by bl1 (verify, inflate, read back, trial, the demo
# confirms). tests/fw/firstflash.sh boots the images on the virtual board.
#   make firstflash BOARD=..     only the images: build/fw/<board>/first/
firstflash: $(FIRST)/slot.bin

flash-slot: fw-$(BOARD) $(FIRST)/slot.bin $(FLASH_HDR)
	@scripts/install-deps.sh stlink
	st-flash write $(FW)/$(BOARD)/bl1.bin $(call flash_addr,BL1)
	st-flash write $(FW)/$(BOARD)/rescue.bin $(call flash_addr,RESCUE)
	st-flash write $(FIRST)/journal.bin $(call flash_addr,JOURNAL0)
	st-flash --reset write $(FIRST)/slot.bin $(FIRST_SLOT_ADDR)

# Made again on every run (fw-$(BOARD) is phony; firstflash takes a moment):
# the image, APP= or the profile may have changed since. After fw-$(BOARD),
# which repacks the demo.
$(FIRST)/slot.bin: $(FIRSTFLASH) fw-$(BOARD)
	@mkdir -p $(dir $@)
	$(FIRSTFLASH) $(FLASH_LAYOUT) $(FLASH_GZ) $(dir $@) $(PROFILE) >$(dir $@)addresses
$(FIRST)/journal.bin: $(FIRST)/slot.bin ;

# The self-test (docs/boards/*.md): bl1, the journal sectors erased (a
# journal record of another application would make bl1 refuse this one),
# the self-test at the start of the application area; then reset.
selftest: fw-$(BOARD) $(FLASH_HDR)
	head -c $(FLASH_JOURNAL_BYTES) /dev/zero | tr '\000' '\377' > $(FLASH_BLANK)
	st-flash write $(FW)/$(BOARD)/bl1.bin $(call flash_addr,BL1)
	st-flash write $(FLASH_BLANK) $(call flash_addr,JOURNAL0)
	st-flash --reset write $(FW)/$(BOARD)/selftest.bin $(call flash_addr,APP)

#   make hil BOARD=.. TTY=/dev/ttyACM0 [IP=..]   scripts/hil.sh: self-test, then
#                                          20 updates over the network, a report
hil: fw-$(BOARD) $(BUILD)/otaboot $(BUILD)/layoutgen
	BOARD=$(BOARD) TTY=$(TTY) IP=$(IP) PROFILE=$(PROFILE) scripts/hil.sh
endif

$(FIRSTFLASH): $(BUILD)/tools/firstflash/firstflash.o $(LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $< $(LIB) $(HOST_LIBS) -o $@

# The integration examples (docs/integration.md): mk/example.mk, once each.
.PHONY: examples
examples: $(BUILD)/layout/nucleo-f429zi/slot.ld | $(FETCHED)
	@for e in nosys rtos; do $(MAKE) --no-print-directory -f mk/example.mk EXAMPLE=$$e || exit 1; done

# ---------------------------------------------------------------------------
# make / make check. tests/qemu/hil.sh runs scripts/hil.sh on QEMU mps2-an386
# (about 2.5 min).
ALL_TARGETS += qemu $(FIRSTFLASH)
CHECK_BUILD += firmware qemu $(FIRSTFLASH) examples
CHECK_PROGS += tests/qemu/netduinoplus2_boot.sh tests/fw/jump_disasm.sh tests/fw/flash_recipe.sh \
    tests/fw/firstflash.sh tests/fw/flash_tools.sh tests/qemu/net/run.sh tests/qemu/hil.sh \
    tests/examples/integration.sh
CHECK_DEPS += firmware qemu source

# README's main job on emulated hardware, the QEMU end-to-end tests and benchmark.
.PHONY: demo-qemu check-qemu bench-qemu
demo-qemu: qemu $(BUILD)/otaboot
	@OTABOOT=$(BUILD)/otaboot scripts/demo-qemu.sh
check-qemu: qemu $(BUILD)/otaboot
	tests/qemu/net/run.sh
bench-qemu: qemu $(BUILD)/otaboot
	@OTABOOT=$(BUILD)/otaboot tests/qemu/net/bench.sh
