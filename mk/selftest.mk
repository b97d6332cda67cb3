# SPDX-License-Identifier: Apache-2.0
# otaboot self-test firmware (selftest/, read after mk/firmware.mk and
# mk/fwnet.mk): an application that checks clocks, the hand-over from bl1,
# the flash controller, the watchdog and Ethernet on the board and prints one
# PASS / FAIL / SKIP line per check (docs/boards/*.md).
#   build/fw/<board>/selftest.elf, .bin   built by `make firmware` for the
#                                          four boards and qemu-netduinoplus2
#   make selftest BOARD=..                st-flash: bl1, erased journal, the self-test
#   make hil BOARD=.. TTY=/dev/ttyACM0 [IP=..]   scripts/hil.sh: self-test, then
#                                          20 updates over the network, a report
# Host tests (tests/tests.mk): the measurement arithmetic and the TIM5 capture
# against a register model (test_stm32_st_clock), the MAC loopback frames
# through the Ethernet driver and its model (test_stm32_st_loop). QEMU: the self-test in
# tests/qemu/netduinoplus2_boot.sh, scripts/hil.sh in tests/qemu/hil.sh.
ST_SRC := $(addprefix selftest/,main.c st_report.c st_board.c st_calc.c st_clock.c st_tim5.c \
    st_flash.c st_eth.c st_loop.c)
ST_ETH_SRC := port/stm32/eth_mac.c port/stm32/eth_phy.c port/stm32/eth_pins.c

# st_board SUFFIX NET-OBJECTS: the self-test of board $(1).
define st_board
ST_OBJ_$(1) := $$(patsubst %.c,$(FW)/$(1)/obj/%.o,$(ST_SRC) $(2))
$$(ST_OBJ_$(1)): FWB_CFLAGS_$(1) += -Iselftest
$(FW)/$(1)/selftest.elf: $$(ST_OBJ_$(1)) $(FW)/$(1)/obj/startup-app.o $$(FWB_COMMON_OBJ_$(1)) \
    $$(FWB_SHA_OBJ_$(1)) $(FW_MODE_FILE) $(FW)/$(1)/layout.ld port/stm32/ld/app.ld port/stm32/ld/sections.ld
	$$(call fwn_link,$(1),$$@,app.ld)
fw-$(1): $(FW)/$(1)/selftest.bin
endef
# The four boards: the network part (link, DHCP) on lwIP with the firmware's
# network objects (mk/fwnet.mk).
$(foreach b,$(FW_BOARDS),$(eval $(call st_board,$(b),selftest/st_net.c)))
$(foreach b,$(FW_BOARDS),$(eval $(FW)/$(b)/obj/selftest/st_net.o: FWB_CFLAGS_$(b) += $(FWN_INC) $(FWN_DEF)))
$(foreach b,$(FW_BOARDS),$(eval $(FW)/$(b)/selftest.elf: $$(FWN_OBJ_$(b))))
# QEMU netduinoplus2: the Ethernet driver without lwIP (it finds no MAC).
$(eval $(call st_board,$(FW_QEMU),selftest/st_nonet.c $(ST_ETH_SRC)))

# ---------------------------------------------------------------------------
# Flashing the self-test (stlink-tools): bl1, the journal sectors erased (a
# journal record of another application would make bl1 refuse this one),
# the self-test at the start of the application area; then reset.
st_region_size = $$(sed -n 's/^\#define OB_LAYOUT_$(1)_SIZE \(0x[0-9A-Fa-f]*\)u.*/\1/p' $(FLASH_HDR))
.PHONY: selftest hil
selftest hil: flash-check
ifneq ($(BOARD),)
$(FW)/$(BOARD)/selftest-journal.bin: $(FLASH_HDR)
	head -c $$(( $(call st_region_size,JOURNAL0) + $(call st_region_size,JOURNAL1) )) /dev/zero | tr '\0' '\377' > $@

selftest: fw-$(BOARD) $(FLASH_HDR) $(FW)/$(BOARD)/selftest-journal.bin
	st-flash write $(FW)/$(BOARD)/bl1.bin $(call flash_addr,BL1)
	st-flash write $(FW)/$(BOARD)/selftest-journal.bin $(call flash_addr,JOURNAL0)
	st-flash --reset write $(FW)/$(BOARD)/selftest.bin $(call flash_addr,APP)

hil: fw-$(BOARD) $(FW_TOOL) $(LAYOUTGEN)
	BOARD=$(BOARD) TTY=$(TTY) IP=$(IP) PROFILE=$(PROFILE) scripts/hil.sh
endif

# scripts/hil.sh proven on QEMU mps2-an386 (tests/qemu/hil.sh): about 2.5 min.
# Every file it loads is named here: bl1.bin of the QEMU slot build is
# otherwise made by no target of `make qemu`.
CHECK_BUILD += $(addprefix $(Q)/an386/slot/,bl1.elf bl1.bin rescue.bin demo-v1.bin demo-v2.bin \
    demo-noconfirm.bin flash-v1.img) $(addprefix $(FW)/$(FW_QEMU)/,bl1.bin selftest.bin demo.bin)
CHECK_PROGS += tests/qemu/hil.sh
