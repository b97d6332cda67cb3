# SPDX-License-Identifier: Apache-2.0
# One integration example of examples/cubemx-lwip/ (docs/integration.md),
# compiled and linked for the Nucleo-F429ZI (slot profile) so the guide
# cannot rot; `make examples` (mk/firmware.mk) runs it once each:
#   EXAMPLE=nosys  build/examples/cubemx-lwip/nosys.elf: NO_SYS=1, main loop + agent
#   EXAMPLE=rtos   build/examples/cubemx-lwip/rtos.elf: NO_SYS=0, tcpip thread + agent,
#                  with lwIP's single-threaded test port (test/unit/arch/sys_arch.c)
#                  in place of an RTOS: a compile and link check only
# tests/examples/integration.sh checks that the guide quotes these files
# exactly and that both images start at the application base.
MAKEFLAGS += -r
.DEFAULT_GOAL := all
.SECONDARY:
include mk/sources.mk
include port/stm32/f42x.mk
DIR := examples/cubemx-lwip
OUT := build/examples/cubemx-lwip
LAYOUT := nucleo-f429zi
SRC := $(CORE_SRC) boards/chips/geometry.c boards/$(LAYOUT)/layout.c port/stm32/stm32_family.c \
    port/stm32/stm32_flash.c port/stm32/stm32_clock.c port/stm32/stm32_gpio.c port/stm32/stm32_sys.c \
    port/stm32/usart_common.c port/stm32/libc_small.c port/stm32/libgcc_small.c port/stm32/stm32_rng.c \
    $(USART_SRC) port/stm32/eth_mac.c port/stm32/eth_phy.c port/stm32/eth_pins.c \
    port/stm32/eth_netif.c agent/ob_agent.c $(DIR)/board_nucleo_f429zi.c \
    $(CRYPTO_SHA_SRC) $(CRYPTO_DEV_SRC) $(DIR)/$(EXAMPLE)/main.c
LWIP := $(LWIP_SRC:%=src/%)
INC := -I$(DIR)/$(EXAMPLE) -I$(DIR) -Icore -Iboards -Iboards/$(LAYOUT) -Iport/stm32 -Iport/firmware \
    -Iagent -I$(LWIP_DIR)/src/include
ifeq ($(EXAMPLE),rtos)
LWIP += src/api/tcpip.c test/unit/arch/sys_arch.c
INC += -I$(LWIP_DIR)/test/unit
else
SRC += port/stm32/stm32_net.c agent/net_addr.c
endif
V := $(OUT)/$(EXAMPLE)
OBJ := $(patsubst %.c,$(V)/obj/%.o,$(SRC)) $(patsubst %,$(V)/mbedtls/%.o,$(MBEDTLS_SHA)) \
    $(patsubst %.c,$(V)/lwip/%.o,$(LWIP)) $(V)/obj/startup-app.o
OPT := $(CPU) -std=c99 -Os -g -flto -ffunction-sections -fdata-sections -fno-common -MMD -MP
TP_WARN := -Wall -Wextra -Wno-unused-parameter

all: $(OUT)/$(EXAMPLE).elf
$(OUT)/$(EXAMPLE).elf: $(OBJ) $(OUT)/layout.ld port/stm32/ld/app.ld port/stm32/ld/sections.ld
	arm-none-eabi-gcc $(CPU) -flto -Os -nostartfiles --specs=nano.specs -Wl,--gc-sections -Wl,--no-warn-rwx-segments \
	    -L$(OUT) -Lport/stm32/ld -Tapp.ld -Wl,-Map=$(OUT)/$(EXAMPLE).map $(OBJ) -o $@

$(V)/obj/port/stm32/libc_small.o $(V)/obj/port/stm32/libgcc_small.o: OPT += -fno-tree-loop-distribute-patterns -fno-lto
$(V)/obj/%.o: %.c | $(FETCHED)
	@mkdir -p $(@D)
	arm-none-eabi-gcc $(OPT) -Wall -Wextra -Werror $(INC) $(CRYPTO_CFLAGS) -c $< -o $@
$(V)/obj/startup-app.o: port/stm32/startup.c | $(FETCHED)
	@mkdir -p $(@D)
	arm-none-eabi-gcc $(OPT) -Wall -Wextra -Werror -Icore -Iboards -Iport/stm32 -Iport/firmware \
	    -DSTM32_VECTOR_IRQS=$(IRQS) -c $< -o $@
$(V)/mbedtls/%.o: $(MBEDTLS_DIR)/%.c | $(FETCHED)
	@mkdir -p $(@D)
	arm-none-eabi-gcc $(OPT) $(TP_WARN) $(CRYPTO_CFLAGS) -c $< -o $@
$(V)/lwip/%.o: $(LWIP_DIR)/%.c | $(FETCHED)
	@mkdir -p $(@D)
	arm-none-eabi-gcc $(OPT) $(TP_WARN) $(INC) -c $< -o $@
# lwIP sources mk/sources.mk does not name: they appear with the fetch.
$(LWIP_DIR)/src/api/tcpip.c $(LWIP_DIR)/test/unit/arch/sys_arch.c: | $(FETCHED) ;

$(OUT)/layout.ld: build/host/layout/$(LAYOUT)/slot.ld
	@mkdir -p $(@D)
	cp $< $@
-include $(shell find $(V) -name '*.d' -type f 2>/dev/null)
