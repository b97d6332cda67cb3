# SPDX-License-Identifier: Apache-2.0
# Robustness (docs/ROBUSTNESS.md):
#   build/host/powercut       a power cut at every flash operation of every flow,
#                             on every layout (part of `make check`)
#   make torture              the same with full-size images and many more cuts
#   make fuzz FUZZ_SECONDS=N  each libFuzzer target N seconds (default 600)
#   make fuzz-deep            each target 10^7 executions (FUZZ_RUNS=, or
#                             FUZZ_SECONDS=) in one process per core (FUZZ_JOBS=),
#                             corpora merged and minimised (commit them)
#   make fuzz-corpus          writes the seed corpora (after a format change)
# `make check` also replays the corpora and fuzzes each target briefly
# (FUZZ_CHECK_SECONDS, default 20).

# The harness opens the journal at every power-up and after every step: it
# links the fuzz targets' ob_crc32 (tests/fuzz/crc_checked.c, zlib's crc32
# checked against the real one every 64th call), two thirds faster.
POWERCUT := $(BUILD)/powercut
POWERCUT_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard tests/powercut/*.c))) $(BUILD)/tests/fuzz/crc_checked.o
$(POWERCUT): $(POWERCUT_OBJ) $(TEST_SUPPORT_OBJ) $(LIB)
	$(HOST_CC) $(HOST_LDFLAGS) $(POWERCUT_OBJ) $(TEST_SUPPORT_OBJ) -Wl,--wrap=ob_crc32 $(LIB) -lcmocka \
	    $(HOST_LIBS) -o $@
.PHONY: torture fuzz fuzz-corpus fuzz-deep
torture: $(POWERCUT)
	$(POWERCUT) --torture

# libFuzzer (Debian clang): the library again with clang and coverage under
# build/fuzz; each tests/fuzz/fuzz_<t>.c is one target, its seeds in
# tests/fuzz/corpus/<t>/. Every target links tests/fuzz/crc_checked.c in place
# of ob_crc32 (a range check per call, a table CRC checked against the real one).
FUZZ_CC ?= clang
FUZZ_BUILD := build/fuzz
FUZZ_CFLAGS := -std=c99 -g -O1 $(WARN) $(SAN) -fsanitize=fuzzer-no-link \
    -fsanitize-coverage-ignorelist=tests/fuzz/coverage-ignore.txt \
    -fsanitize-ignorelist=tests/fuzz/sanitize-ignore.txt $(INCS) -D_POSIX_C_SOURCE=200809L -MMD -MP
FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
# SHA-256 from OpenSSL in place of mbedTLS's (tests/fuzz/sha256_openssl.c says why).
FUZZ_LIB_SRC := $(filter-out port/mbedtls/sha256_mbedtls.c,$(LIB_SRC)) tests/fuzz/sha256_openssl.c
FUZZ_SECONDS ?= 600
FUZZ_CHECK_SECONDS ?= 20
FUZZ_RUNS ?= 10000000

$(FUZZ_BUILD)/%.o: %.c tests/fuzz/coverage-ignore.txt tests/fuzz/sanitize-ignore.txt
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
# No comparison tracing for the inflater, the flash layer and the simulated
# flash: a callback per comparison of their per-bit and per-byte loops was
# most of the time, for values that are not input bytes (docs/ROBUSTNESS.md).
FUZZ_NO_CMP := $(FUZZ_BUILD)/core/inflate.o $(FUZZ_BUILD)/core/flash.o $(FUZZ_BUILD)/port/host/simflash.o
$(FUZZ_NO_CMP): FUZZ_CFLAGS += -fno-sanitize-coverage=trace-cmp
$(FUZZ_NO_CMP): mk/robust.mk
$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_BUILD)/tests/fuzz/crc_checked.o \
    $(patsubst %.c,$(FUZZ_BUILD)/%.o,$(FUZZ_LIB_SRC))
	$(FUZZ_CC) $(SAN) -fsanitize=fuzzer $^ -Wl,--wrap=ob_crc32 $(FUZZ_LINK_EXTRA) $(HOST_LIBS) -lcrypto -o $@
# The receiver targets share a simulated board; the signed one remembers
# signature verifications (fuzz_signed.c says why).
$(FUZZ_BUILD)/fuzz_receiver $(FUZZ_BUILD)/fuzz_signed: $(FUZZ_BUILD)/tests/fuzz/rxboard.o
$(FUZZ_BUILD)/fuzz_signed: FUZZ_LINK_EXTRA := -Wl,--wrap=ob_ecdsa_p256_verify
$(FUZZ_BUILD)/mkcorpus: tests/fuzz/mkcorpus.c $(TEST_SUPPORT_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) $< $(TEST_SUPPORT_OBJ) $(LIB) -lcmocka $(HOST_LIBS) -o $@

fuzz: $(FUZZ_BIN)
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)
fuzz-deep: $(FUZZ_BIN)
	FUZZ_RUNS=$(FUZZ_RUNS) \
	  $(if $(filter command line environment,$(origin FUZZ_SECONDS)),FUZZ_SECONDS=$(FUZZ_SECONDS)) \
	  tests/fuzz/deep.sh $(FUZZ_BIN)
fuzz-corpus: $(FUZZ_BUILD)/mkcorpus
	$(FUZZ_BUILD)/mkcorpus tests/fuzz/corpus
# The check's entry: replay every corpus, then fuzz each target briefly.
$(FUZZ_BUILD)/fuzz-check.sh: $(FUZZ_BIN) tests/fuzz/run.sh
	@mkdir -p $(dir $@)
	printf '#!/bin/sh\nexec tests/fuzz/run.sh %s %s\n' '$(FUZZ_CHECK_SECONDS)' '$(FUZZ_BIN)' > $@
	chmod +x $@

ALL_TARGETS += $(POWERCUT)
CHECK_BUILD += $(POWERCUT) $(FUZZ_BUILD)/fuzz-check.sh
CHECK_PROGS += $(POWERCUT) $(FUZZ_BUILD)/fuzz-check.sh
