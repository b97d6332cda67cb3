# otaboot firmware: STM32 drivers, bl1 and the demo application for every
# board, the QEMU netduinoplus2 boot test, and the host register-model tests
# of the STM32 drivers.

# ---------------------------------------------------------------------------
# Host: tests/unit/test_stm32_*.c run port/stm32 drivers against register
# models. The drivers are not in libotaboot.a (they are target code); they
# are compiled here with STM32_REG_MODEL so stm32_mmio.h calls the test's
# model instead of touching memory. These explicit rules win over the top
# Makefile's generic test rule.
STM32_MODEL_SRC := port/stm32/stm32_flash.c port/stm32/stm32_family.c
STM32_MODEL_OBJ := $(patsubst %.c,$(BUILD)/model/%.o,$(STM32_MODEL_SRC))
STM32_MODEL_CFLAGS := $(HOST_CFLAGS) -Iport/stm32 -DSTM32_REG_MODEL
STM32_TEST_SRC := $(filter tests/unit/test_stm32_%,$(TEST_SRC))
STM32_TEST_OBJ := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%.o,$(STM32_TEST_SRC))
STM32_TEST_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(STM32_TEST_SRC))

$(STM32_MODEL_OBJ): $(BUILD)/model/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(STM32_MODEL_CFLAGS) -c $< -o $@

$(STM32_TEST_OBJ): $(BUILD)/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(STM32_MODEL_CFLAGS) -c $< -o $@

$(STM32_TEST_BIN): $(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(STM32_MODEL_OBJ) $(TEST_SUPPORT_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $< $(STM32_MODEL_OBJ) $(TEST_SUPPORT_OBJ) $(LIB) -lcmocka $(HOST_LIBS) -o $@
