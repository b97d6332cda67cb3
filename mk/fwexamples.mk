# SPDX-License-Identifier: Apache-2.0
# The integration examples (examples/cubemx-lwip/, shown in
# docs/integration.md), compiled and linked for the Nucleo-F429ZI
# (Cortex-M4, slot profile) so the guide cannot rot: our code with -Wall
# -Wextra -Werror, lwIP and mbedTLS (third-party) with -Wall -Wextra. Read
# after mk/firmware.mk and mk/crypto.mk (their flags and source lists).
#   build/examples/cubemx-lwip/nosys.elf   NO_SYS=1: main loop + agent
#   build/examples/cubemx-lwip/rtos.elf    NO_SYS=0: tcpip thread + agent; linked
#       with lwIP's single-threaded test port (test/unit/arch/sys_arch.c) in
#       place of an RTOS and its sys_arch.c: a compile and link check only
# tests/examples/integration.sh checks that the guide quotes these files
# exactly and that both images start at the application base.
EX_DIR := examples/cubemx-lwip
EX_OUT := build/examples/cubemx-lwip
EX_LAYOUT := nucleo-f429zi
# The F429's family (CPU, USART_SRC, IRQS).
include port/stm32/f42x.mk
EX_CPU := $(CPU)
EX_OWN_SRC := $(CORE_SRC) boards/chips/layout.c boards/$(EX_LAYOUT)/layout.c port/stm32/stm32_family.c \
    port/stm32/stm32_flash.c port/stm32/stm32_clock.c port/stm32/stm32_gpio.c port/stm32/stm32_sys.c \
    port/stm32/usart_common.c port/stm32/libc_small.c port/stm32/libgcc_small.c port/stm32/stm32_rng.c \
    $(USART_SRC) port/stm32/eth_mac.c port/stm32/eth_phy.c port/stm32/eth_pins.c \
    port/stm32/eth_netif.c agent/ob_agent.c $(EX_DIR)/board_nucleo_f429zi.c \
    port/mbedtls/sha256_mbedtls.c port/firmware/ecdsa_unsigned.c
EX_MBEDTLS_SRC := $(patsubst %,$(MBEDTLS_DIR)/library/%.c,$(MBEDTLS_SHA))
EX_OPT := -std=c99 -Os -g -flto -ffunction-sections -fdata-sections -fno-common -MMD -MP
EX_TP_WARN := -Wall -Wextra -Wno-unused-parameter

# ex_variant NAME EXTRA_OWN_SRC EXTRA_LWIP_SRC(relative to $(LWIP_DIR)) EXTRA_INC
define ex_variant
EX_INC_$(1) := -I$(EX_DIR)/$(1) -I$(EX_DIR) -Icore -Iboards -Iboards/$(EX_LAYOUT) -Iport/stm32 \
    -Iport/firmware -Iagent -I$(LWIP_DIR)/src/include $(4)
EX_OBJ_$(1) := $$(patsubst %.c,$(EX_OUT)/$(1)/obj/%.o,$(EX_OWN_SRC) $(EX_DIR)/$(1)/main.c $(2)) \
    $$(patsubst $(MBEDTLS_DIR)/library/%.c,$(EX_OUT)/$(1)/mbedtls/%.o,$(EX_MBEDTLS_SRC)) \
    $$(patsubst %.c,$(EX_OUT)/$(1)/lwip/%.o,$(LWIP_SRC:%=src/%) $(3)) \
    $(EX_OUT)/$(1)/obj/startup-app.o

$(EX_OUT)/$(1)/obj/%.o: %.c | $(FETCHED)
	@mkdir -p $$(dir $$@)
	arm-none-eabi-gcc $(EX_CPU) $(EX_OPT) -Wall -Wextra -Werror $$(EX_INC_$(1)) $(CRYPTO_CFLAGS) \
	    $$(if $$(filter port/stm32/libc_small.c port/stm32/libgcc_small.c,$$<),-fno-tree-loop-distribute-patterns -fno-lto) \
	    -c $$< -o $$@
$(EX_OUT)/$(1)/obj/startup-app.o: port/stm32/startup.c | $(FETCHED)
	@mkdir -p $$(dir $$@)
	arm-none-eabi-gcc $(EX_CPU) $(EX_OPT) -Wall -Wextra -Werror -Icore -Iboards -Iport/stm32 -Iport/firmware \
	    -DSTM32_VECTOR_IRQS=$(IRQS) -c $$< -o $$@
$(EX_OUT)/$(1)/mbedtls/%.o: $(MBEDTLS_DIR)/library/%.c | $(FETCHED)
	@mkdir -p $$(dir $$@)
	arm-none-eabi-gcc $(EX_CPU) $(EX_OPT) $(EX_TP_WARN) $(CRYPTO_CFLAGS) -c $$< -o $$@
$(EX_OUT)/$(1)/lwip/%.o: $(LWIP_DIR)/%.c | $(FETCHED)
	@mkdir -p $$(dir $$@)
	arm-none-eabi-gcc $(EX_CPU) $(EX_OPT) $(EX_TP_WARN) $$(EX_INC_$(1)) -c $$< -o $$@
$(EX_OUT)/$(1).elf: $$(EX_OBJ_$(1)) $(EX_OUT)/layout.ld port/stm32/ld/app.ld port/stm32/ld/sections.ld
	arm-none-eabi-gcc $(EX_CPU) -flto -Os -nostartfiles --specs=nano.specs -Wl,--gc-sections -Wl,--no-warn-rwx-segments -L$(EX_OUT) -Lport/stm32/ld -Tapp.ld \
	    -Wl,-Map=$(EX_OUT)/$(1).map $$(EX_OBJ_$(1)) -o $$@
-include $$(shell find $(EX_OUT)/$(1) -name '*.d' -type f 2>/dev/null)
endef

$(eval $(call ex_variant,nosys,port/stm32/stm32_net.c,,))
$(eval $(call ex_variant,rtos,,src/api/tcpip.c test/unit/arch/sys_arch.c,-I$(LWIP_DIR)/test/unit))

# lwIP sources mk/sources.mk does not name: they appear with the fetch.
$(LWIP_DIR)/src/api/tcpip.c $(LWIP_DIR)/test/unit/arch/sys_arch.c: | $(FETCHED) ;

$(EX_OUT)/layout.ld: $(BUILD)/layout/$(EX_LAYOUT)/slot.ld
	@mkdir -p $(dir $@)
	cp $< $@

.PHONY: examples
examples: $(EX_OUT)/nosys.elf $(EX_OUT)/rtos.elf
CHECK_BUILD += examples
CHECK_PROGS += tests/examples/integration.sh
