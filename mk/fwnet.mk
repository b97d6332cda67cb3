# SPDX-License-Identifier: Apache-2.0
# otaboot STM32 firmware with the network (read after mk/firmware.mk, which
# defines each board's flags, objects and the bl1/demo links): lwIP 2.1.3,
# the Ethernet driver (port/stm32/eth_*), the update agent and its STM32 glue
# (port/stm32/stm32_net.c, stm32_agent.c) for the four boards.
#   build/fw/<board>/demo.elf        the demo: network, agent, confirms itself
#   build/fw/<board>/rescue.elf      the agent alone, in the layout's rescue region
#   build/fw/<board>/demo-nonet.elf  the demo without the network (for `make size`:
#                                    demo - demo-nonet is what the agent costs)
# qemu-netduinoplus2's demo is the network-less one (QEMU has no STM32 MAC).
# Network choices, compiled into stm32_net.c (port/stm32/stm32_net.h):
#   NET_DHCP=1|0  NET_STATIC_IP=192.168.1.50  NET_STATIC_MASK=255.255.255.0
#   NET_STATIC_GW=192.168.1.1   (after a change: rm build/fw/*/obj/port/stm32/stm32_net.o)
#   LWIP_DIR=/path/to/lwip-2.1.3   bring your own copy of the same release
# Our code builds with -Wall -Wextra -Werror; lwIP (third-party) with -Wall
# -Wextra but without -Werror, as in mk/qemu.mk.
NET_DHCP ?= 1
NET_STATIC_IP ?= 192.168.1.50
NET_STATIC_MASK ?= 255.255.255.0
NET_STATIC_GW ?= 192.168.1.1

# LWIP_DIR and FETCHED (the fetch of the default copy): the top Makefile.
FWN_LWIP := $(LWIP_DIR)
FWN_NET_SRC := port/stm32/eth_mac.c port/stm32/eth_phy.c port/stm32/eth_pins.c port/stm32/eth_netif.c \
    port/stm32/stm32_net.c port/stm32/stm32_agent.c $(sort $(wildcard agent/*.c))
# port/stm32/lwip before agent/: both hold a lwipopts.h, this firmware uses the first.
FWN_INC := -Iport/stm32/lwip -Iagent -I$(FWN_LWIP)/src/include
FWN_DEF := -DSTM32_NET_DHCP=$(NET_DHCP) -DSTM32_NET_STATIC_IP='"$(NET_STATIC_IP)"' \
    -DSTM32_NET_STATIC_MASK='"$(NET_STATIC_MASK)"' -DSTM32_NET_STATIC_GW='"$(NET_STATIC_GW)"'
FWN_TP_WARN := -Wall -Wextra -Wno-unused-parameter

# fwn_link NAME OUT SCRIPT: the link command of firmware.mk's images, with
# every object among the prerequisites.
fwn_link = $(FW_CC) $(FW_CPU_$(FWB_FAMILY_$(1))) $(FW_LDFLAGS_COMMON) -L$(FW)/$(1) -Lport/stm32/ld \
    -T$(3) -Wl,-Map=$(2:.elf=.map) $(filter %.o,$^) -o $(2)

define fwn_board
FWN_OBJ_$(1) := $$(patsubst %.c,$(FW)/$(1)/obj/%.o,$(FWN_NET_SRC)) \
    $$(patsubst %.c,$(FW)/$(1)/lwip/%.o,$(LWIP_SRC))
FWN_OWN_OBJ_$(1) := $$(patsubst %.c,$(FW)/$(1)/obj/%.o,$(FWN_NET_SRC) demo/service_net.c rescue/stm32_main.c)

# Our network objects: firmware.mk's rules, with lwIP's include paths.
$$(FWN_OWN_OBJ_$(1)): FWB_CFLAGS_$(1) += $(FWN_INC) $(FWN_DEF)

$(FW)/$(1)/lwip/%.o: $(FWN_LWIP)/src/%.c | $(FETCHED)
	@mkdir -p $$(dir $$@)
	$(FW_CC) $$(FW_CPU_$$(FWB_FAMILY_$(1))) -std=c99 -Os -g -flto -ffunction-sections -fdata-sections \
	    -fno-common -MMD -MP $(FWN_TP_WARN) $(FWN_INC) -c $$< -o $$@

$(FW)/$(1)/demo.elf: $(FW)/$(1)/obj/demo/service_net.o $$(FWN_OBJ_$(1))

$(FW)/$(1)/demo-nonet.elf: $$(FWB_DEMO_OBJ_$(1)) $(FW)/$(1)/obj/demo/service_none.o $$(FWB_COMMON_OBJ_$(1)) \
    $$(FWB_SHA_OBJ_$(1)) $(FW)/$(1)/layout.ld port/stm32/ld/app.ld port/stm32/ld/sections.ld
	$$(call fwn_link,$(1),$$@,app.ld)

$(FW)/$(1)/rescue.elf: $(FW)/$(1)/obj/rescue/stm32_main.o $(FW)/$(1)/obj/startup-app.o $$(FWN_OBJ_$(1)) \
    $$(FWB_COMMON_OBJ_$(1)) $$(FWB_SHA_OBJ_$(1)) $(FW)/$(1)/layout.ld port/stm32/ld/rescue.ld port/stm32/ld/sections.ld
	$$(call fwn_link,$(1),$$@,rescue.ld)

# A change of signing mode or keys relinks (mk/crypto.mk's mode file).
$(FW)/$(1)/rescue.elf $(FW)/$(1)/demo-nonet.elf: $(FW_MODE_FILE)

fw-$(1): $(FW)/$(1)/rescue.bin $(FW)/$(1)/demo-nonet.elf
endef
$(foreach b,$(FW_BOARDS),$(eval $(call fwn_board,$(b))))

$(FW)/$(FW_QEMU)/demo.elf: $(FW)/$(FW_QEMU)/obj/demo/service_none.o

# `make size` (mk/firmware.mk) also reports the QEMU firmware.
ifeq ($(BOARD),)
size: size-qemu
endif

# ---------------------------------------------------------------------------
# First flash through the update slot (slot profile): build/host/firstflash
# runs the real receiver over app.bin.gz on a simulated flash with the
# board's sector map and writes the journal sectors (SEAL record) and the
# slot; `make flash-slot BOARD=..` writes bl1, rescue and those two (whatever
# the application area holds, bl1 erases it), so the first boot is an
# ordinary install by bl1 (verify, inflate, read back, trial, the demo
# confirms). tests/fw/firstflash.sh boots the images on the virtual board.
#   make firstflash BOARD=..     only the images: build/fw/<board>/first/
FIRSTFLASH := $(BUILD)/firstflash
$(FIRSTFLASH): $(BUILD)/tools/firstflash/firstflash.o $(LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $< $(LIB) $(HOST_LIBS) -o $@
ALL_TARGETS += $(FIRSTFLASH)
CHECK_BUILD += $(FIRSTFLASH)
CHECK_PROGS += tests/fw/firstflash.sh tests/fw/flash_tools.sh

$(FW)/%/first/slot.bin: $(FW)/%/app.bin.gz $(FIRSTFLASH)
	@mkdir -p $(dir $@)
	$(FIRSTFLASH) $* $< $(dir $@) >$(dir $@)addresses
$(FW)/%/first/journal.bin: $(FW)/%/first/slot.bin ;

.PHONY: firstflash flash-slot
firstflash flash-slot: flash-check
ifneq ($(BOARD),)
firstflash: $(FW)/$(BOARD)/first/slot.bin

flash-slot: fw-$(BOARD) $(FW)/$(BOARD)/first/slot.bin $(FLASH_HDR)
	@[ "$(PROFILE)" = slot ] || { echo "flash-slot: the slot profile only (PROFILE=slot)"; exit 2; }
	@scripts/install-deps.sh stlink
	st-flash write $(FW)/$(BOARD)/bl1.bin $(call flash_addr,BL1)
	st-flash write $(FW)/$(BOARD)/rescue.bin $(call flash_addr,RESCUE)
	st-flash write $(FW)/$(BOARD)/first/journal.bin $(call flash_addr,JOURNAL0)
	st-flash --reset write $(FW)/$(BOARD)/first/slot.bin $(call flash_addr,SLOT)
endif
