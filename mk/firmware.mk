# SPDX-License-Identifier: Apache-2.0
# The firmware: mk/board.mk builds ONE board; here one sub-make runs per
# boards/<name>/board.mk. Boards named qemu-* run in QEMU only.
#   make firmware                 every STM32 board: build/fw/<board>/
#   make qemu                     the QEMU mps2 boards: build/qemu/<an386|an500>/
#   make BOARD=nucleo-f429zi      one board (added to `make`)
#   make size [BOARD=..]          flash and RAM of each image per board (scripts/fw-size.sh)
#   make eth-size                 the Ethernet driver's objects without LTO, per board
#   make demo / demo-sim          README's main job: QEMU (scripts/demo-qemu.sh) / the virtual board
#   make flash BOARD=..           st-flash: bl1, rescue, then the application
#                                 (the demo, or APP=path/to/app.bin)
#   make flash-openocd BOARD=..   the same with OpenOCD
#   make flash-slot BOARD=..      the packed application through the update slot
#   make selftest / hil BOARD=..  the self-test; scripts/hil.sh (TTY=, IP=)
# Options: PROFILE=slot|direct|rollback, DEMO_VERSION=M.m.p, RESCUE_RETURN_S=N and
# NET_*= (port/stm32/port.mk); DEV_MODE=1 or SIGNING_KEYS= (mk/crypto.mk).
BOARDS := $(patsubst boards/%/board.mk,%,$(wildcard boards/*/board.mk))
QEMU_BOARDS := $(patsubst boards/%/board.mk,%,$(shell grep -l '^BOARD_PORT := qemu' boards/*/board.mk))
FW_BOARDS := $(filter-out $(QEMU_BOARDS),$(BOARDS))
ETH_BOARDS := $(filter-out qemu-%,$(FW_BOARDS))
FW := build/fw
PROFILE ?= slot

# A board build reads the host tool, layoutgen, the fetched sources and the
# keyrings; the STM32 boards also the signing mode (mk/crypto.mk), the QEMU
# boards firstflash (their rollback flash image goes through a slot).
.PHONY: firmware qemu $(addprefix fw-,$(BOARDS)) size size-qemu eth-check eth-size examples
firmware: $(addprefix fw-,$(FW_BOARDS))
qemu: $(addprefix fw-,$(QEMU_BOARDS))
$(addprefix fw-,$(FW_BOARDS)): $(FW_MODE_FILE) $(FW_KEYRING)
$(addprefix fw-,$(QEMU_BOARDS)): $(FIRSTFLASH)
$(addprefix fw-,$(BOARDS)): fw-%: $(TOOL) $(BUILD)/layout.checked $(FETCHED) $(TEST_KEYRING_C)
	@$(MAKE) --no-print-directory -f mk/board.mk BOARD=$*

ifneq ($(BOARD),)
ifeq ($(filter $(BOARD),$(BOARDS)),)
$(error BOARD=$(BOARD) is not one of $(BOARDS))
endif
ALL_TARGETS += fw-$(BOARD)
endif
SIZE_BOARDS := $(if $(BOARD),$(BOARD),$(ETH_BOARDS))

size: $(addprefix fw-,$(SIZE_BOARDS)) $(if $(BOARD),,size-qemu)
	@scripts/fw-size.sh $(FW) $(SIZE_BOARDS)
size-qemu: qemu
	@scripts/fw-size.sh --qemu
eth-check: | $(FETCHED)
	@for b in $(ETH_BOARDS); do $(MAKE) --no-print-directory -f mk/board.mk BOARD=$$b eth-check || exit 1; done
eth-size: eth-check
	@for b in $(ETH_BOARDS); do echo "== $$b"; arm-none-eabi-size build/eth-check/$$b/*.o; done
# The integration examples (docs/integration.md): mk/example.mk, once each.
examples: $(BUILD)/layout/nucleo-f429zi/slot.ld | $(FETCHED)
	@for e in nosys rtos; do $(MAKE) --no-print-directory -f mk/example.mk EXAMPLE=$$e || exit 1; done

# Flashing (scripts/flash.sh says what goes where; Debian stlink-tools /
# openocd, installed first). Through a slot (flash-slot, and `make flash` in
# the rollback profile so that the factory application keeps its compressed
# copy to go back to) it writes what build/host/firstflash makes of the packed
# image (APP= a .gz from `otaboot pack`); otherwise the raw APP= or the demo.
FLASH_THROUGH_SLOT := $(if $(or $(filter rollback,$(PROFILE)),$(filter flash-slot firstflash,$(MAKECMDGOALS))),1)
FLASH_LAYOUT := $(if $(BOARD),$(shell sed -n 's/^BOARD_LAYOUT := //p' boards/$(BOARD)/board.mk))
FLASH_HDR := $(BUILD)/layout/$(FLASH_LAYOUT)/$(PROFILE).h
FIRST := $(FW)/$(BOARD)/first
FLASH_ARGS := $(FW)/$(BOARD) $(FLASH_HDR) $(if $(filter rollback,$(PROFILE)),slot,app $(if $(APP),$(APP),$(FW)/$(BOARD)/demo.bin))

.PHONY: flash flash-openocd flash-check firstflash flash-slot selftest hil
flash flash-openocd firstflash flash-slot selftest hil: flash-check
flash-check:
	@[ -n "$(BOARD)" ] || { echo "make $(MAKECMDGOALS): name the board, e.g. BOARD=nucleo-f429zi"; exit 2; }
	@case "$(BOARD)" in qemu-*) echo "$(BOARD) runs in QEMU: tests/qemu/netduinoplus2_boot.sh"; exit 2;; esac
	@case "$(FLASH_THROUGH_SLOT):$(APP)" in 1:*) ;; *.elf|*.hex|*.gz) echo "make $(MAKECMDGOALS): APP=$(APP) must be a raw binary (arm-none-eabi-objcopy -O binary app.elf app.bin)"; exit 2;; esac
	@[ -z "$(APP)" ] || [ -f "$(APP)" ] || { echo "make $(MAKECMDGOALS): APP=$(APP) not found"; exit 2; }

ifneq ($(BOARD),)
# Refused before any build: through a slot in the direct profile, which has
# none, or with a raw APP=, which must be packed first.
ifneq ($(FLASH_THROUGH_SLOT),)
ifeq ($(PROFILE),direct)
$(error make $(MAKECMDGOALS): the direct profile has no update slot to flash through: PROFILE=slot or rollback (make flash writes a direct board))
endif
ifneq ($(filter-out %.gz,$(APP)),)
$(error make $(MAKECMDGOALS): through a slot ($(PROFILE) profile) APP= is a packed image: otaboot pack $(APP) -b $(FLASH_LAYOUT) -v VERSION -p $(PROFILE), then APP=<the .gz>)
endif
endif
flash flash-openocd: fw-$(BOARD) $(FLASH_HDR) $(if $(filter rollback,$(PROFILE)),$(FIRST)/slot.bin)
flash:
	@scripts/install-deps.sh stlink
	scripts/flash.sh st-flash $(FLASH_ARGS)
flash-openocd:
	@scripts/install-deps.sh openocd
	scripts/flash.sh openocd $(FLASH_ARGS)
flash-slot: fw-$(BOARD) $(FIRST)/slot.bin $(FLASH_HDR)
	@scripts/install-deps.sh stlink
	scripts/flash.sh st-flash $(FW)/$(BOARD) $(FLASH_HDR) slot
selftest: fw-$(BOARD) $(FLASH_HDR)
	@scripts/install-deps.sh stlink
	scripts/flash.sh st-flash $(FW)/$(BOARD) $(FLASH_HDR) selftest
# `make firstflash BOARD=..`: only the images, build/fw/<board>/first/ (made on
# every run, after fw-$(BOARD) repacks the demo: APP= or the profile may have changed).
firstflash: $(FIRST)/slot.bin
$(FIRST)/slot.bin: $(FIRSTFLASH) fw-$(BOARD)
	@mkdir -p $(dir $@)
	$(FIRSTFLASH) $(FLASH_LAYOUT) $(if $(APP),$(APP),$(FW)/$(BOARD)/app.bin.gz) $(dir $@) $(PROFILE) >$(dir $@)addresses
$(FIRST)/journal.bin: $(FIRST)/slot.bin ;
hil: fw-$(BOARD) $(TOOL) $(LAYOUTGEN)
	BOARD=$(BOARD) TTY=$(TTY) IP=$(IP) PROFILE=$(PROFILE) scripts/hil.sh
endif

# README's main job on emulated hardware (the packages first, then a sub-make),
# the virtual board without an emulator, the QEMU end-to-end tests and benchmark.
.PHONY: demo demo-sim demo-qemu check-qemu bench-qemu
demo:
	@for d in host firmware qemu source; do scripts/install-deps.sh $$d || exit 1; done
	@$(MAKE) -s --no-print-directory demo-qemu
demo-sim: $(TOOL)
	@scripts/install-deps.sh host
	@OTABOOT=$(TOOL) scripts/demo.sh
demo-qemu: qemu $(TOOL)
	@OTABOOT=$(TOOL) scripts/demo-qemu.sh
check-qemu: qemu $(TOOL)
	tests/qemu/net/run.sh
bench-qemu: qemu $(TOOL)
	@OTABOOT=$(TOOL) tests/qemu/net/bench.sh

ALL_TARGETS += qemu
CHECK_BUILD += firmware qemu $(FIRSTFLASH) examples eth-check
CHECK_PROGS += tests/qemu/netduinoplus2_boot.sh tests/fw/jump_disasm.sh tests/fw/flash_recipe.sh \
    tests/fw/firstflash.sh tests/fw/flash_tools.sh tests/qemu/net/run.sh tests/qemu/hil.sh \
    tests/examples/integration.sh
CHECK_DEPS += firmware qemu source
