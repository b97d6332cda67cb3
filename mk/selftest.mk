# SPDX-License-Identifier: Apache-2.0
# otaboot self-test firmware (selftest/, built by mk/board.mk): an
# application that checks clocks, the hand-over from bl1, the flash controller, the watchdog and Ethernet on the board and prints one
# PASS / FAIL / SKIP line per check (docs/boards/*.md).
#   build/fw/<board>/selftest.elf, .bin   built by `make firmware` for the
#                                          four boards and qemu-netduinoplus2
#   make selftest BOARD=..                st-flash: bl1, erased journal, the self-test
#   make hil BOARD=.. TTY=/dev/ttyACM0 [IP=..]   scripts/hil.sh: self-test, then
#                                          20 updates over the network, a report
#                                          (both in mk/firmware.mk)
# Host tests: the measurement arithmetic and the TIM5 capture against a
# register model (test_stm32_st_clock), the MAC loopback frames through the
# Ethernet driver and its model (test_stm32_st_loop). QEMU: the self-test in
# tests/qemu/netduinoplus2_boot.sh, scripts/hil.sh in tests/qemu/hil.sh.

# ---------------------------------------------------------------------------
# Host tests.
ST_HOST_OBJ := $(BUILD)/st_model/selftest/st_calc.o $(BUILD)/st_model/selftest/st_tim5.o \
    $(BUILD)/st_model/selftest/st_loop.o
$(BUILD)/st_model/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -Iport/stm32 -Iselftest -DSTM32_REG_MODEL -c $< -o $@
$(BUILD)/tests/unit/test_stm32_st_clock.o $(BUILD)/tests/unit/test_stm32_st_loop.o: STM32_MODEL_CFLAGS += -Iselftest
$(BUILD)/tests/test_stm32_st_clock: STM32_MODEL_OBJ := $(BUILD)/st_model/selftest/st_calc.o \
    $(BUILD)/st_model/selftest/st_tim5.o
$(BUILD)/tests/test_stm32_st_clock: $(BUILD)/st_model/selftest/st_calc.o $(BUILD)/st_model/selftest/st_tim5.o
ST_LOOP_OBJ := $(filter-out %/eth_pins.o,$(ETH_HOST_OBJ)) $(BUILD)/st_model/selftest/st_calc.o \
    $(BUILD)/st_model/selftest/st_loop.o
$(BUILD)/tests/test_stm32_st_loop: STM32_MODEL_OBJ := $(ST_LOOP_OBJ)
$(BUILD)/tests/test_stm32_st_loop: $(ST_LOOP_OBJ)
