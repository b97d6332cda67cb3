# SPDX-License-Identifier: Apache-2.0
# Robustness proof (docs/ROBUSTNESS.md):
#   build/host/powercut     power cut at every flash operation of every flow,
#                           on every layout (part of `make check`)
#   make torture            the same with full-size images and many more cuts
#   make fuzz FUZZ_SECONDS=N  each libFuzzer target N seconds (default 600)
#   make fuzz-deep            each target 10^7 executions (FUZZ_RUNS=, or
#                             FUZZ_SECONDS=), corpora merged and minimised
#   make lint               cppcheck + clang-tidy on core/ and tools/otaboot/
# `make check` also replays the fuzz corpora and fuzzes each target briefly
# (FUZZ_CHECK_SECONDS, default 20) and runs the lint.

# ---------------------------------------------------------------------------
# Power-cut harness: tests/powercut/*.c with the test support, on the host
# library (ASan/UBSan like every host test). It opens the journal at every
# power-up and after every step, and the CRC of its records was two thirds
# of its time: it links the fuzz targets' ob_crc32 (tests/fuzz/crc_checked.c,
# zlib's crc32, checked against the real one every 64th call).
POWERCUT := $(BUILD)/powercut
POWERCUT_SRC := $(sort $(wildcard tests/powercut/*.c))
POWERCUT_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(POWERCUT_SRC)) $(BUILD)/tests/fuzz/crc_checked.o

$(POWERCUT): $(POWERCUT_OBJ) $(TEST_SUPPORT_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $(POWERCUT_OBJ) $(TEST_SUPPORT_OBJ) -Wl,--wrap=ob_crc32 $(LIB) -lcmocka \
	    $(HOST_LIBS) -o $@

.PHONY: torture
torture: $(POWERCUT)
	$(POWERCUT) --torture

ALL_TARGETS += $(POWERCUT)
CHECK_BUILD += $(POWERCUT)
CHECK_PROGS += $(POWERCUT)

# ---------------------------------------------------------------------------
# libFuzzer targets (Debian clang 14). The library is rebuilt with clang and
# coverage instrumentation under build/fuzz; each tests/fuzz/fuzz_<t>.c is one
# target with its seed corpus in tests/fuzz/corpus/<t>/.
FUZZ_CC ?= clang
FUZZ_BUILD := build/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=c99 -g -O1 $(WARN) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
               -fsanitize-coverage-ignorelist=tests/fuzz/coverage-ignore.txt \
               -fsanitize-ignorelist=tests/fuzz/sanitize-ignore.txt $(INCS) \
               -D_POSIX_C_SOURCE=200809L -MMD -MP
# SHA-256 from OpenSSL in place of mbedTLS's (tests/fuzz/sha256_openssl.c says why).
FUZZ_LIB_SRC := $(filter-out port/mbedtls/sha256_mbedtls.c,$(LIB_SRC)) tests/fuzz/sha256_openssl.c
FUZZ_LIB_OBJ := $(patsubst %.c,$(FUZZ_BUILD)/%.o,$(FUZZ_LIB_SRC))
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BIN := $(addprefix $(FUZZ_BUILD)/fuzz_,$(FUZZ_TARGETS))
FUZZ_SECONDS ?= 600
FUZZ_CHECK_SECONDS ?= 20

$(FUZZ_BUILD)/%.o: %.c tests/fuzz/coverage-ignore.txt tests/fuzz/sanitize-ignore.txt
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

# The inflater, the flash layer and the simulated flash keep their edge
# coverage but not comparison tracing (trace-cmp): a callback for every
# comparison of their per-bit and per-byte loops (UBSan's own pointer checks
# included) was most of the time of the targets that run them, while the
# values handed to the mutator are bit-buffer fields, flash bytes and
# addresses, not input bytes (docs/ROBUSTNESS.md, Fuzzing).
FUZZ_NO_CMP := $(FUZZ_BUILD)/core/inflate.o $(FUZZ_BUILD)/core/flash.o $(FUZZ_BUILD)/port/host/simflash.o
$(FUZZ_NO_CMP): FUZZ_CFLAGS += -fno-sanitize-coverage=trace-cmp
$(FUZZ_NO_CMP): mk/robust.mk

# Every target links tests/fuzz/crc_checked.c in place of ob_crc32: a range
# check once per call (ob_crc32 is built without ASan and UBSan,
# sanitize-ignore.txt) and a table CRC checked against the real one.
$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_BUILD)/tests/fuzz/crc_checked.o $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer $^ -Wl,--wrap=ob_crc32 $(FUZZ_LINK_EXTRA) $(HOST_LIBS) -lcrypto -o $@

# The two receiver targets share the simulated board (rxboard.c); the signed
# one remembers signature verifications (fuzz_signed.c says why).
$(FUZZ_BUILD)/fuzz_receiver $(FUZZ_BUILD)/fuzz_signed: $(FUZZ_BUILD)/tests/fuzz/rxboard.o
$(FUZZ_BUILD)/fuzz_signed: FUZZ_LINK_EXTRA := -Wl,--wrap=ob_ecdsa_p256_verify

# Writes the seed corpora (run by hand after a format change; the output is committed).
$(FUZZ_BUILD)/mkcorpus: tests/fuzz/mkcorpus.c $(TEST_SUPPORT_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) $< $(TEST_SUPPORT_OBJ) $(LIB) -lcmocka $(HOST_LIBS) -o $@

.PHONY: fuzz fuzz-corpus fuzz-check fuzz-deep
fuzz: $(FUZZ_BIN)
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

# Each target to FUZZ_RUNS executions (or FUZZ_SECONDS seconds, when given),
# then its corpus merged and minimised into tests/fuzz/corpus/<t> (commit it).
FUZZ_RUNS ?= 10000000
fuzz-deep: $(FUZZ_BIN)
	FUZZ_RUNS=$(FUZZ_RUNS) \
	  $(if $(filter command line environment,$(origin FUZZ_SECONDS)),FUZZ_SECONDS=$(FUZZ_SECONDS)) \
	  tests/fuzz/deep.sh $(FUZZ_BIN)

fuzz-corpus: $(FUZZ_BUILD)/mkcorpus
	$(FUZZ_BUILD)/mkcorpus tests/fuzz/corpus

# The check entry: replay every corpus, then fuzz each target briefly.
FUZZ_CHECK := $(FUZZ_BUILD)/fuzz-check.sh
$(FUZZ_CHECK): $(FUZZ_BIN) tests/fuzz/run.sh
	@mkdir -p $(dir $@)
	printf '#!/bin/sh\nexec tests/fuzz/run.sh %s %s\n' '$(FUZZ_CHECK_SECONDS)' '$(FUZZ_BIN)' > $@
	chmod +x $@

CHECK_BUILD += $(FUZZ_CHECK)
CHECK_PROGS += $(FUZZ_CHECK)

# ---------------------------------------------------------------------------
# Static analysis: cppcheck + clang-tidy (.clang-tidy) on core/ and
# tools/otaboot/, zero findings outside tests/lint/baseline.txt.
.PHONY: lint
lint:
	tests/lint/run.sh

CHECK_PROGS += tests/lint/run.sh
