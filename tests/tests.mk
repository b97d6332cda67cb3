# SPDX-License-Identifier: Apache-2.0
# Host unit tests, one folder per layer of the code. Every program is
# build/host/tests/<name>, built by `make host` and run by `make check`;
# `make build/host/tests/<name>` builds one. Each program's objects are listed
# here: its test file, the test support it uses, and what it tests.
#   tests/core    core/, boards/ and port/host (libotaboot.a)
#   tests/tool    the host tool's parts (tools/otaboot/, all but main.c)
#   tests/stm32   port/stm32 drivers and the self-test's measurements
#                 against register models, compiled with STM32_REG_MODEL
#   tests/crypto  the firmware's signature verifier (port/firmware, p256-m)
#                 compiled for the host, against the host's and OpenSSL's
#   tests/support the fixture (a board on simulated flash, images; also
#                 linked by the power-cut harness and the fuzz corpus writer)
#                 and the deflate streams and feeders of the inflate tests
# Included by the top Makefile after mk/*.mk (it names the tool's objects).

# Deflate streams made bit by bit or by zlib, and feeding them to ob_inflate.
DEFLATE_SUPPORT_OBJ := $(BUILD)/tests/support/deflate_gen.o $(BUILD)/tests/support/inflate_feed.o

# ---------------------------------------------------------------------------
# tests/core: test file + fixture + libotaboot.a, compiled like every host file.
CORE_TESTS := test_auth test_badinput test_boot test_flash test_gzhdr \
    test_image test_inflate test_inflate_diff test_inflate_sinks test_journal \
    test_journal_flips test_layout test_opt test_receiver test_session test_sig test_simflash \
    test_rollback test_status test_verify
CORE_TEST_BIN := $(addprefix $(BUILD)/tests/,$(CORE_TESTS))

$(CORE_TEST_BIN): $(BUILD)/tests/%: $(BUILD)/tests/core/%.o $(TEST_SUPPORT_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $(filter %.o,$^) $(LIB) -lcmocka $(HOST_LIBS) -o $@

# Their further objects.
$(BUILD)/tests/test_inflate $(BUILD)/tests/test_inflate_sinks: $(DEFLATE_SUPPORT_OBJ)
$(BUILD)/tests/test_inflate_diff: $(BUILD)/tests/support/deflate_gen.o

# The inflate tests again against core/inflate.c built with
# OB_INFLATE_BITBUF=uint32_t (what uint_fast32_t is on Cortex-M): the bit
# buffer of the firmware, run on the host. No library: the inflater alone.
INFLATE32_OBJ := $(BUILD)/inflate32/inflate.o $(BUILD)/inflate32/sink.o
INFLATE32_TEST_BIN := $(BUILD)/tests/test_inflate32 $(BUILD)/tests/test_inflate_sinks32

$(INFLATE32_OBJ): $(BUILD)/inflate32/%.o: core/%.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -DOB_INFLATE_BITBUF=uint32_t -c $< -o $@

$(INFLATE32_TEST_BIN): $(BUILD)/tests/%32: $(BUILD)/tests/core/%.o $(DEFLATE_SUPPORT_OBJ) $(INFLATE32_OBJ)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -lcmocka -lz -o $@

# ---------------------------------------------------------------------------
# tests/tool: test file + fixture + the tool's objects but main + libotaboot.a;
# compiled with the tool's headers.
TOOL_TESTS := test_tool_appcheck test_tool_loadimg test_tool_misc
TOOL_TEST_BIN := $(addprefix $(BUILD)/tests/,$(TOOL_TESTS))

$(patsubst %,$(BUILD)/tests/tool/%.o,$(TOOL_TESTS)): HOST_CFLAGS += -Itools/otaboot

$(TOOL_TEST_BIN): $(BUILD)/tests/%: $(BUILD)/tests/tool/%.o $(TEST_SUPPORT_OBJ) $(TOOL_LIB_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $(filter %.o,$^) $(LIB) -lcmocka $(HOST_LIBS) -o $@

# ---------------------------------------------------------------------------
# tests/stm32: the drivers are target code, not in libotaboot.a. They and the
# tests are compiled under build/host/model with STM32_REG_MODEL, so that
# stm32_mmio.h calls the test's register model (stm32_rd/stm32_wr, defined by
# each test or by the Ethernet and flash models) instead of touching memory.
STM32_TESTS := test_stm32_boards test_stm32_clock test_stm32_eth test_stm32_eth_phy \
    test_stm32_flash test_stm32_rng test_stm32_st_clock test_stm32_st_loop test_stm32_udiv
STM32_TEST_BIN := $(addprefix $(BUILD)/tests/,$(STM32_TESTS))
MODEL := $(BUILD)/model
STM32_MODEL_CFLAGS := $(HOST_CFLAGS) -Iport/stm32 -Iselftest -Itests/stm32 -DSTM32_REG_MODEL

$(STM32_TEST_BIN): $(BUILD)/tests/%: $(MODEL)/tests/stm32/%.o $(TEST_SUPPORT_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $(filter %.o,$^) $(LIB) -lcmocka $(HOST_LIBS) -o $@

# What each one tests, with the models that are not the test file itself.
M32 := $(MODEL)/port/stm32
ETH_MODEL_OBJ := $(MODEL)/tests/stm32/stm32_eth_model.o $(MODEL)/tests/stm32/stm32_eth_phy_model.o
ETH_BENCH_OBJ := $(MODEL)/tests/stm32/eth_bench.o
$(BUILD)/tests/test_stm32_boards: $(M32)/stm32_clock.o $(M32)/stm32_flash.o $(M32)/stm32_family.o \
    $(MODEL)/selftest/st_calc.o
$(BUILD)/tests/test_stm32_clock: $(M32)/stm32_clock.o $(M32)/stm32_flash.o $(M32)/stm32_family.o
$(BUILD)/tests/test_stm32_eth: $(M32)/eth_mac.o $(ETH_MODEL_OBJ) $(ETH_BENCH_OBJ)
$(BUILD)/tests/test_stm32_eth_phy: $(M32)/eth_mac.o $(M32)/eth_phy.o $(M32)/eth_pins.o $(ETH_MODEL_OBJ) \
    $(ETH_BENCH_OBJ)
$(BUILD)/tests/test_stm32_flash: $(M32)/stm32_flash.o $(M32)/stm32_family.o \
    $(MODEL)/tests/stm32/stm32_flash_model.o
$(BUILD)/tests/test_stm32_rng: $(M32)/stm32_rng.o
$(BUILD)/tests/test_stm32_st_clock: $(MODEL)/selftest/st_calc.o $(MODEL)/selftest/st_tim5.o
$(BUILD)/tests/test_stm32_st_loop: $(M32)/eth_mac.o $(M32)/eth_phy.o $(ETH_MODEL_OBJ) \
    $(MODEL)/selftest/st_calc.o $(MODEL)/selftest/st_loop.o
$(BUILD)/tests/test_stm32_udiv: $(M32)/libgcc_small.o

# Everything under build/host/model: the tests, their models and the code
# they test.
$(MODEL)/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(STM32_MODEL_CFLAGS) -c $< -o $@

# ---------------------------------------------------------------------------
# tests/crypto: the firmware's ECDSA verifier, port/firmware/ecdsa_p256m.c over
# mbedTLS 3.6's p256-m (MBEDTLS_SIG, CRYPTO_CFLAGS: mk/sources.mk), compiled
# for the host under build/host/fwcrypto with the host's flags. The glue is
# renamed fw_ecdsa_p256_verify so that it links beside the host's
# ob_ecdsa_p256_verify (libotaboot.a, libmbedcrypto); OpenSSL's libcrypto
# judges both. p256-m.c's functions get their own sections and the link drops
# those not called: its key generation and signing (psa_generate_random).
CRYPTO_TESTS := test_p256_diff
CRYPTO_TEST_BIN := $(addprefix $(BUILD)/tests/,$(CRYPTO_TESTS))
FWCRYPTO := $(BUILD)/fwcrypto
FW_VERIFY_OBJ := $(FWCRYPTO)/port/firmware/ecdsa_p256m.o $(patsubst %,$(FWCRYPTO)/mbedtls/%.o,$(MBEDTLS_SIG))

$(FWCRYPTO)/port/firmware/ecdsa_p256m.o: port/firmware/ecdsa_p256m.c | $(FETCHED)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(CRYPTO_CFLAGS) -Dob_ecdsa_p256_verify=fw_ecdsa_p256_verify -c $< -o $@

$(FWCRYPTO)/mbedtls/%.o: $(MBEDTLS_DIR)/%.c | $(FETCHED)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(CRYPTO_CFLAGS) -ffunction-sections -c $< -o $@

$(CRYPTO_TEST_BIN): $(BUILD)/tests/%: $(BUILD)/tests/crypto/%.o $(FW_VERIFY_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) -Wl,--gc-sections $(filter %.o,$^) $(LIB) -lcmocka $(HOST_LIBS) -lcrypto -o $@

# Keys and signatures made with OpenSSL's arithmetic.
$(BUILD)/tests/test_p256_diff: $(BUILD)/tests/crypto/p256_gen.o

# ---------------------------------------------------------------------------
TEST_BIN := $(CORE_TEST_BIN) $(INFLATE32_TEST_BIN) $(TOOL_TEST_BIN) $(STM32_TEST_BIN) $(CRYPTO_TEST_BIN)

# A test file missing from the lists above would never run.
TEST_UNLISTED := $(filter-out $(CORE_TESTS) $(TOOL_TESTS) $(STM32_TESTS) $(CRYPTO_TESTS), \
    $(basename $(notdir $(wildcard tests/core/test_*.c tests/tool/test_*.c tests/stm32/test_*.c \
    tests/crypto/test_*.c))))
$(if $(TEST_UNLISTED),$(error tests/tests.mk: add $(TEST_UNLISTED) to its folder's list))

# Adding a board is adding its folder: scripts/board-lists.sh on a copy of
# boards/ with one more board.
CHECK_PROGS += tests/boards/new_board.sh
