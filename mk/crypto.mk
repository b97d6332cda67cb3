# SPDX-License-Identifier: Apache-2.0
# Firmware crypto and signing keys (docs/SIGNING.md).
#
# mbedTLS 3.6 LTS is built from Debian 13's source package
# (scripts/fetch-source.sh mbedtls, pinned and checksum-verified) with
# port/firmware/ob_mbedtls_config.h: its SHA-256, through the glue the host
# uses too (port/mbedtls/sha256_mbedtls.c), and for a signed build its p256-m
# (port/firmware/ecdsa_p256m.c); mk/board.mk links the crypto of each image
# (mk/sources.mk lists the files). The host tool links Debian 12's
# libmbedcrypto 2.28 (docs/SIGNING.md).
#
#   make firmware SIGNING_KEYS="a.pem b.pem"   signed: bl1 (and the agent and
#        rescue where they are built) accept images signed by one of these
#        keys only (PEM, public or private: only the public half is built in;
#        up to 4, so keys can be rotated)
#   make firmware DEV_MODE=1                   a development board: images are
#        checked for integrity, not authenticity, and a plain `gzip -9` of the
#        application is accepted (fully checked); bl1 says so on every boot.
#        Whether a board is one is decided in code from the keys built in.
#   MBEDTLS_DIR=/path/to/mbedtls-3.6.x         bring your own copy of the release
# A firmware build with neither is refused. `make check` and `make bench`
# build development firmware on purpose (DEV_MODE=1 unless SIGNING_KEYS is
# given) and, besides, signed test builds with the TEST-ONLY keys in
# tests/keys/ (build/fw/<board>/sigtest/bl1.elf, the QEMU slot-signed and
# direct-signed variants).

ifneq ($(filter check test bench bench-build,$(MAKECMDGOALS)),)
ifeq ($(strip $(SIGNING_KEYS)),)
DEV_MODE ?= 1
endif
endif
SIGNING_KEYS ?=
DEV_MODE ?=
# The sub-makes of `make check` and `make bench` inherit the choice.
export DEV_MODE

FW_SIGNED := $(if $(strip $(SIGNING_KEYS)),1,0)
FW_KEYRING := $(if $(filter 1,$(FW_SIGNED)),$(KEYRING_C))

# The mode of the STM32 firmware build, as a file that changes only when the
# mode or the key list does (the links depend on it, so switching relinks);
# its recipe refuses a build with no keys unless DEV_MODE=1 is explicit.
FW_MODE_FILE := build/keys/mode
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

# The keyring of a signed build (C source, core/sig.h's ob_keyring), and that
# of the TEST-ONLY keys (tests/keys/README.md), never used for a real board.
$(KEYRING_C): $(FW_MODE_FILE) $(SIGNING_KEYS) | $(BUILD)/otaboot
	$(BUILD)/otaboot keyring -o $@.tmp $(SIGNING_KEYS) && mv $@.tmp $@
$(TEST_KEYRING_C): $(TEST_KEYS) | $(BUILD)/otaboot
	@mkdir -p $(dir $@)
	$(BUILD)/otaboot keyring -o $@.tmp $(TEST_KEYS) && mv $@.tmp $@

# The signed QEMU build end to end.
.PHONY: check-signed
check-signed: qemu $(BUILD)/otaboot $(BUILD)/layoutgen
	tests/qemu/net/signed.sh
CHECK_PROGS += tests/qemu/net/signed.sh

# Instructions per verification, under QEMU -icount (tests/qemu/net/signed_time.c).
.PHONY: sig-time
sig-time: qemu
	tests/qemu/net/signed_time.sh
CHECK_PROGS += tests/qemu/net/signed_time.sh
