# SPDX-License-Identifier: Apache-2.0
# otaboot STM32 Ethernet: host test of the MAC/DMA/PHY driver against its
# register + DMA + cache + PHY model (the cross-compile check, `make
# eth-check` / `make eth-size`: mk/firmware.mk).

# ---------------------------------------------------------------------------
# Host test. tests/unit/test_stm32_eth.c matches firmware.mk's test_stm32_%
# rule, which compiles it with STM32_REG_MODEL and links $(STM32_MODEL_OBJ).
# For this one binary that list is the Ethernet driver plus its model (a
# target-specific value), compiled here with the same flags. The model is not
# in tests/support: it defines stm32_rd/stm32_wr, which other tests define too.
ETH_HOST_SRC := port/stm32/eth_mac.c port/stm32/eth_phy.c port/stm32/eth_pins.c \
                tests/unit/stm32_eth_model.c
ETH_HOST_OBJ := $(patsubst %.c,$(BUILD)/eth_model/%.o,$(ETH_HOST_SRC))
ETH_TEST_BIN := $(BUILD)/tests/test_stm32_eth

$(ETH_HOST_OBJ): $(BUILD)/eth_model/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -Iport/stm32 -DSTM32_REG_MODEL -c $< -o $@

$(ETH_TEST_BIN): STM32_MODEL_OBJ := $(ETH_HOST_OBJ)
$(ETH_TEST_BIN): $(ETH_HOST_OBJ)
