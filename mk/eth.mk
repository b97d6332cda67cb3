# SPDX-License-Identifier: Apache-2.0
# otaboot STM32 Ethernet: a cross-compile check of the MAC/DMA/PHY driver
# (and the lwIP netif glue) for every STM32 board. Its host test against a
# register + DMA + cache + PHY model is in tests/tests.mk.

# ---------------------------------------------------------------------------
# Cross-compile check: every driver file for the four STM32 boards with
# -Wall -Wextra -Werror, and eth_netif.c against lwIP 2.1.3 (Debian source,
# scripts/fetch-source.sh, or LWIP_DIR=) with the check options in
# port/stm32/eth_check/. `make eth-size` prints the object sizes per board.
ETH_FW_SRC := port/stm32/eth_mac.c port/stm32/eth_phy.c port/stm32/eth_pins.c
ETH_CHECK := build/eth-check
ETH_BOARDS := nucleo-f207zg olimex-e407 nucleo-f429zi nucleo-f746zg
ETH_CPU_nucleo-f207zg := -mcpu=cortex-m3 -mthumb -mfloat-abi=soft
ETH_CPU_olimex-e407 := -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard
ETH_CPU_nucleo-f429zi := -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard
ETH_CPU_nucleo-f746zg := -mcpu=cortex-m7 -mthumb -mfpu=fpv5-sp-d16 -mfloat-abi=hard
ETH_FW_CFLAGS := -std=c99 -Wall -Wextra -Werror -Os -ffunction-sections -fdata-sections \
                 -Icore -Iboards -Iport/stm32
# lwipopts.h and arch/cc.h: the update agent's (agent/, port/qemu/arch/) when
# present, else the minimal check options in port/stm32/eth_check/.
ETH_LWIP_OPTS := $(if $(wildcard agent/lwipopts.h),-Iagent) \
                 $(if $(wildcard port/qemu/arch/cc.h),-Iport/qemu) -Iport/stm32/eth_check

define eth_check_board
$(ETH_CHECK)/$(1)/%.o: port/stm32/%.c port/stm32/*.h
	@mkdir -p $$(dir $$@)
	arm-none-eabi-gcc $$(ETH_CPU_$(1)) $$(ETH_FW_CFLAGS) -c $$< -o $$@

$(ETH_CHECK)/$(1)/eth_netif.o: port/stm32/eth_netif.c port/stm32/*.h port/stm32/eth_check/lwipopts.h | $(FETCHED)
	@mkdir -p $$(dir $$@)
	arm-none-eabi-gcc $$(ETH_CPU_$(1)) $$(ETH_FW_CFLAGS) -DOTABOOT_LWIP=1 $$(ETH_LWIP_OPTS) \
	  -I$(LWIP_DIR)/src/include -c $$< -o $$@

ETH_CHECK_OBJ += $(patsubst port/stm32/%.c,$(ETH_CHECK)/$(1)/%.o,$(ETH_FW_SRC)) $(ETH_CHECK)/$(1)/eth_netif.o
endef
ETH_CHECK_OBJ :=
$(foreach b,$(ETH_BOARDS),$(eval $(call eth_check_board,$(b))))

.PHONY: eth-check eth-size
eth-check: $(ETH_CHECK_OBJ)

eth-size: $(ETH_CHECK_OBJ)
	@for b in $(ETH_BOARDS); do echo "== $$b"; arm-none-eabi-size $(ETH_CHECK)/$$b/*.o; done

CHECK_BUILD += eth-check
