# SPDX-License-Identifier: Apache-2.0
# The STM32 port, read by mk/board.mk after the board's board.mk (which reads
# its family's port/stm32/<family>.mk: CPU, USART_SRC, IRQS).
# Network choices, compiled into stm32_net.c (port/stm32/stm32_net.h):
#   NET_DHCP=1|0  NET_STATIC_IP=192.168.1.50  NET_STATIC_MASK=255.255.255.0
#   NET_STATIC_GW=192.168.1.1
# RESCUE_RETURN_S=N: rescue entered on the application's request goes back to
# it when no install has started within N seconds.
NET_DHCP ?= 1
NET_STATIC_IP ?= 192.168.1.50
NET_STATIC_MASK ?= 255.255.255.0
NET_STATIC_GW ?= 192.168.1.1
RESCUE_RETURN_S ?= 60
# port/stm32/lwip: this port's lwipopts.h and arch/cc.h.
PORT_INC := -Iport -Iport/stm32 -Iport/stm32/lwip
PORT_DEFS := -DOB_BOARD_LAYOUT=ob_layout_$(subst -,_,$(BOARD_LAYOUT))_$(PROFILE) \
    -DOB_AGENT_RESCUE_RETURN_MS=$(RESCUE_RETURN_S)000u \
    -DSTM32_NET_DHCP=$(NET_DHCP) -DSTM32_NET_STATIC_IP='"$(NET_STATIC_IP)"' \
    -DSTM32_NET_STATIC_MASK='"$(NET_STATIC_MASK)"' -DSTM32_NET_STATIC_GW='"$(NET_STATIC_GW)"'
PORT_SRC := port/stm32/bsp.c port/stm32/stm32_family.c port/stm32/stm32_flash.c port/stm32/stm32_clock.c \
    port/stm32/stm32_gpio.c port/stm32/stm32_sys.c port/stm32/usart_common.c \
    port/stm32/libc_small.c port/stm32/libgcc_small.c port/stm32/stm32_rng.c $(USART_SRC)
ETH_SRC := port/stm32/eth_mac.c port/stm32/eth_phy.c port/stm32/eth_pins.c
LD_DIR := port/stm32/ld
MAP = $(@:.elf=.map)
# The keys of the main build (sigtest: the TEST-ONLY keys, mk/board.mk).
KEYS ?= $(if $(strip $(SIGNING_KEYS)),own,dev)
MODE_FILE := $(if $(filter test,$(KEYS)),,build/keys/mode)

# The programs. bl1's vector table has no interrupt, the applications' the family's.
BL1_OBJ := $(OUT)/obj/bl1/main.o $(OUT)/obj/startup-bl1.o
APP_START := $(OUT)/obj/startup-app.o
SELFTEST_SRC := selftest/main.c selftest/st_report.c selftest/st_calc.c \
    selftest/st_clock.c selftest/st_tim5.c selftest/st_flash.c selftest/st_eth.c selftest/st_loop.c
ifeq ($(BOARD_NET),none)
DEMO_SRC := demo/main.c demo/service_none.c
SELFTEST_SRC += selftest/st_nonet.c $(ETH_SRC)
IMAGES := bl1.bin demo.bin app.bin.gz selftest.bin
else
NET_SRC := $(ETH_SRC) port/stm32/eth_netif.c port/stm32/stm32_net.c port/stm32/bsp_net.c
DEMO_SRC := demo/main.c demo/service_net.c
RESCUE_SRC := rescue/main.c
SELFTEST_SRC += selftest/st_net.c
IMAGES := bl1.bin demo.bin app.bin.gz selftest.bin rescue.bin demo-nonet.elf
endif
# bl1 with signature checking and the TEST-ONLY keys, whatever this build's mode.
VARIANTS := sigtest
VARIANT_IMAGES := bl1.elf

$(OUT)/obj/startup-bl1.o: port/stm32/startup.c $(OUT)/flags | $(FETCHED)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -DSTM32_VECTOR_IRQS=0 -c $< -o $@
$(OUT)/obj/startup-app.o: port/stm32/startup.c $(OUT)/flags | $(FETCHED)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -DSTM32_VECTOR_IRQS=$(IRQS) -c $< -o $@
# Our memset/memcpy and the libgcc helpers: never turned into calls to
# themselves; outside LTO, their call graph (.ci) is written here for
# tools/stackdepth (mk/bench.mk).
$(OUT)/obj/port/stm32/libc_small.o $(OUT)/obj/port/stm32/libgcc_small.o: \
    CFLAGS += -fno-tree-loop-distribute-patterns -fno-lto -fcallgraph-info=su
$(OUT)/obj/demo/%.o: CFLAGS += -DDEMO_VERSION_STR='"$(DEMO_VERSION)"'

# The demo packed for an install.
$(V)/app.bin.gz: $(V)/demo.bin $(TOOL)
	$(TOOL) pack $< -b $(BOARD_LAYOUT) -v $(DEMO_VERSION) -p $(PROFILE) -o $@ -q --force

# Ethernet driver objects without LTO, whose sizes `make eth-size` prints.
ETH_CHECK := build/eth-check/$(BOARD)
eth-check: $(patsubst port/stm32/%.c,$(ETH_CHECK)/%.o,$(ETH_SRC) port/stm32/eth_netif.c)
$(ETH_CHECK)/%.o: port/stm32/%.c | $(FETCHED)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -fno-lto -c $< -o $@
