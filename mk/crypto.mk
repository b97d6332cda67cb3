# SPDX-License-Identifier: Apache-2.0
# Firmware crypto and signing keys (docs/SIGNING.md).
#
# mbedTLS 2.28 is built from Debian's source package (scripts/fetch-source.sh
# mbedtls, pinned and checksum-verified) with port/firmware/ob_mbedtls_config.h,
# through the glue the host uses too (port/mbedtls/). Included before
# firmware.mk and qemu.mk (sort order): they compile FW_CRYPTO_SRC for each
# board with FW_CRYPTO_CFLAGS.
#
#   make firmware SIGNING_KEYS="a.pem b.pem"   signed: bl1 (and the agent and
#        rescue where they are built) accept images signed by one of these
#        keys only (PEM, public or private: only the public half is built in;
#        up to 4, so keys can be rotated)
#   make firmware DEV_MODE=1                   a development board: images are
#        checked for integrity, not authenticity, and a plain `gzip -9` of the
#        application is accepted (fully checked); bl1 says so on every boot.
#        Whether a board is one is decided in code from the keys built in.
#   MBEDTLS_DIR=/path/to/mbedtls-2.28.x        bring your own copy of the release
# A firmware build with neither is refused. `make check` and `make bench`
# build development firmware on purpose (DEV_MODE=1 unless SIGNING_KEYS is
# given) and, besides, signed test builds with the TEST-ONLY keys in
# tests/keys/ (build/fw/<board>/sigtest/bl1.elf here, the QEMU slot-signed
# variant in mk/qemu.mk).

ifneq ($(filter check test bench bench-build,$(MAKECMDGOALS)),)
ifeq ($(strip $(SIGNING_KEYS)),)
DEV_MODE ?= 1
endif
endif
SIGNING_KEYS ?=
DEV_MODE ?=
# The sub-makes of `make check` and `make bench` inherit the choice.
export DEV_MODE

# mbedTLS library files: SHA-256 for every build; ECDSA verification and what
# it needs with our configuration (constant-time helpers, the platform layer
# routing calloc/free to the static arena, the arena allocator; ASN.1 is
# required by MBEDTLS_ECDSA_C but never called for a raw (r, s)).
FW_MBEDTLS_SHA := sha256 platform_util
FW_MBEDTLS_SIG := bignum ecp ecp_curves ecdsa asn1parse asn1write constant_time platform memory_buffer_alloc
fw_mbedtls = $(patsubst %,$(MBEDTLS_DIR)/library/%.c,$(1))

FW_CRYPTO_CFLAGS := -I$(MBEDTLS_DIR)/include -Iport/firmware -DMBEDTLS_CONFIG_FILE='"ob_mbedtls_config.h"'
# Development: SHA-256 only; ob_fw_keys is NULL (port/firmware/ecdsa_unsigned.c).
FW_CRYPTO_DEV_SRC := $(call fw_mbedtls,$(FW_MBEDTLS_SHA)) port/mbedtls/sha256_mbedtls.c \
    port/firmware/ecdsa_unsigned.c
# Signed: add ECDSA, its glue, and the keyring generated from the keys
# (argument: the keyring's C file).
fw_crypto_signed = $(call fw_mbedtls,$(FW_MBEDTLS_SHA) $(FW_MBEDTLS_SIG)) port/mbedtls/sha256_mbedtls.c \
    port/mbedtls/ecdsa_mbedtls.c port/firmware/signed.c $(1)

FW_KEYS_DIR := build/keys
FW_KEYRING_C := $(FW_KEYS_DIR)/keyring.c
FW_SIGNED := $(if $(strip $(SIGNING_KEYS)),1,0)
FW_CRYPTO_SRC := $(if $(filter 1,$(FW_SIGNED)),$(call fw_crypto_signed,$(FW_KEYRING_C)),$(FW_CRYPTO_DEV_SRC))

# The mode of the STM32 firmware build, as a file that changes only when the
# mode or the key list does (the links depend on it, so switching relinks);
# its recipe refuses a build with no keys unless DEV_MODE=1 is explicit.
FW_MODE_FILE := $(FW_KEYS_DIR)/mode
FW_MODE := $(if $(filter 1,$(FW_SIGNED)),signed: $(SIGNING_KEYS),$(if $(filter 1,$(DEV_MODE)),development,none))
FW_MODE_ERR := $(strip \
    $(if $(filter none,$(FW_MODE)),no signing keys: a board built without them installs any image anyone on its network sends. Give SIGNING_KEYS="key.pem ..." (make a key with build/host/otaboot keygen -o key.pem; see docs/SIGNING.md) or say DEV_MODE=1 for a development build.) \
    $(if $(and $(filter 1,$(FW_SIGNED)),$(filter 1,$(DEV_MODE))),SIGNING_KEYS and DEV_MODE=1 both given: choose one.) \
    $(if $(word 5,$(SIGNING_KEYS)),SIGNING_KEYS names more than 4 keys.) \
    $(foreach k,$(SIGNING_KEYS),$(if $(wildcard $(k)),,SIGNING_KEYS: $(k) not found.)))

ifneq ($(BL1_DEV_MODE),)
$(warning BL1_DEV_MODE is ignored: a board built without keys (DEV_MODE=1) is a development board and takes plain gzip; one with SIGNING_KEYS never does)
endif

.PHONY: fw-mode-check
fw-mode-check:
	@if [ -n '$(FW_MODE_ERR)' ]; then echo 'firmware: $(FW_MODE_ERR)' >&2; exit 2; fi
$(FW_MODE_FILE): fw-mode-check
	@mkdir -p $(dir $@)
	@echo '$(FW_MODE)' | cmp -s - $@ || echo '$(FW_MODE)' > $@

# The keyring of a signed build (C source, core/sig.h's ob_keyring).
$(FW_KEYRING_C): $(FW_MODE_FILE) $(SIGNING_KEYS) | $(BUILD)/otaboot
	$(BUILD)/otaboot keyring -o $@.tmp $(SIGNING_KEYS) && mv $@.tmp $@

# Every STM32 firmware link (bl1, demo) carries the mode.
FW_MODE_BOARDS := $(patsubst boards/%/board.mk,%,$(wildcard boards/*/board.mk)) qemu-netduinoplus2
$(foreach b,$(FW_MODE_BOARDS),build/fw/$(b)/bl1.elf build/fw/$(b)/demo.elf): $(FW_MODE_FILE)

# ---------------------------------------------------------------------------
# Test keys (TEST-ONLY, tests/keys/README.md): the keyring of the signed test
# builds. Never used for a real board.
FW_TEST_KEYS := tests/keys/test-only-a.pem tests/keys/test-only-b.pem
FW_TEST_KEYRING_C := $(FW_KEYS_DIR)/test/keyring.c
$(FW_TEST_KEYRING_C): $(FW_TEST_KEYS) | $(BUILD)/otaboot
	@mkdir -p $(dir $@)
	$(BUILD)/otaboot keyring -o $@.tmp $(FW_TEST_KEYS) && mv $@.tmp $@

# Signed bl1 of every STM32 board with the test keys, whatever the mode of
# the main build: CI compiles and links it (-Werror for our code, as every
# firmware file), `make size` reports it next to bl1. The board's own bl1,
# core and port objects (mk/firmware.mk), relinked with the signed crypto
# in place of the development one. Variables of firmware.mk are used in
# recipes only (it is read after this file).
FW_SIGTEST_SRC := $(call fw_crypto_signed,$(FW_TEST_KEYRING_C))
define fw_sigtest
FW_SIGTEST_OBJ_$(1) := $$(patsubst %.c,build/fw/$(1)/sigtest/obj/%.o,$$(subst $(MBEDTLS_DIR)/library/,mbedtls/,$(FW_SIGTEST_SRC)))
build/fw/$(1)/sigtest/obj/mbedtls/%.o: $(MBEDTLS_DIR)/library/%.c port/firmware/ob_mbedtls_config.h | $(FETCHED)
	@mkdir -p $$(dir $$@)
	$$(FW_CC) $$(FWB_CFLAGS_$(1)) $$(FW_CRYPTO_CFLAGS) -c $$< -o $$@
build/fw/$(1)/sigtest/obj/%.o: %.c port/firmware/ob_mbedtls_config.h | $(FETCHED)
	@mkdir -p $$(dir $$@)
	$$(FW_CC) $$(FWB_CFLAGS_$(1)) $$(FW_CRYPTO_CFLAGS) -c $$< -o $$@
build/fw/$(1)/sigtest/bl1.elf: build/fw/$(1)/bl1.elf $$(FW_SIGTEST_OBJ_$(1))
	$$(FW_CC) $$(FW_CPU_$$(FWB_FAMILY_$(1))) $$(FW_LDFLAGS_COMMON) -Lbuild/fw/$(1) -Lport/stm32/ld -Tbl1.ld \
	    -Wl,-Map=build/fw/$(1)/sigtest/bl1.map $$(FWB_BL1_OBJ_$(1)) $$(FWB_COMMON_OBJ_$(1)) \
	    $$(FW_SIGTEST_OBJ_$(1)) -o $$@
endef
$(foreach b,$(FW_MODE_BOARDS),$(eval $(call fw_sigtest,$(b))))

.PHONY: fw-sigtest
fw-sigtest: $(foreach b,$(FW_MODE_BOARDS),build/fw/$(b)/sigtest/bl1.elf)
CHECK_BUILD += fw-sigtest

# The sources appear when the package is fetched (FETCHED, the top Makefile;
# a user-supplied MBEDTLS_DIR must already hold them). The files we compile,
# by name: a pattern would also offer to "make" any other .c there (make's
# built-in rules then chain through it).
$(call fw_mbedtls,$(FW_MBEDTLS_SHA) $(FW_MBEDTLS_SIG)): | $(FETCHED) ;

# The signed QEMU build end to end (mk/qemu.mk builds build/qemu/an386/slot-signed).
.PHONY: check-signed
check-signed: qemu $(BUILD)/otaboot $(BUILD)/layoutgen
	tests/qemu/net/signed.sh
CHECK_PROGS += tests/qemu/net/signed.sh

# Instructions per verification, under QEMU -icount (tests/qemu/net/signed_time.c).
.PHONY: sig-time
sig-time: qemu
	tests/qemu/net/signed_time.sh
CHECK_PROGS += tests/qemu/net/signed_time.sh
