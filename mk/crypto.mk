# SPDX-License-Identifier: Apache-2.0
# Signing mode and keys of the firmware (docs/SIGNING.md): SIGNING_KEYS="a.pem ..."
# (up to 4) for a signed build, DEV_MODE=1 for a development board; a firmware
# build with neither is refused. `make check` and `make bench` build development
# firmware unless SIGNING_KEYS is given, and signed test builds with tests/keys/.
ifneq ($(filter check test bench bench-build,$(MAKECMDGOALS)),)
ifeq ($(strip $(SIGNING_KEYS)),)
DEV_MODE ?= 1
endif
endif
export DEV_MODE

FW_SIGNED := $(if $(strip $(SIGNING_KEYS)),1,0)
FW_KEYRING := $(if $(filter 1,$(FW_SIGNED)),$(KEYRING_C))

# The mode as a file that changes only when the mode or the key list does: the
# STM32 links depend on it, so switching relinks.
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

.PHONY: fw-mode-check check-signed sig-time
fw-mode-check:
	@if [ -n '$(FW_MODE_ERR)' ]; then echo 'firmware: $(FW_MODE_ERR)' >&2; exit 2; fi
$(FW_MODE_FILE): fw-mode-check
	@mkdir -p $(dir $@)
	@echo '$(FW_MODE)' | cmp -s - $@ || echo '$(FW_MODE)' > $@

# The keyring (core/sig.h's ob_keyring) of a signed build, and that of the
# TEST-ONLY keys (tests/keys/README.md), never used for a real board.
$(KEYRING_C): $(FW_MODE_FILE) $(SIGNING_KEYS) | $(TOOL)
	$(TOOL) keyring -o $@.tmp $(SIGNING_KEYS) && mv $@.tmp $@
$(TEST_KEYRING_C): $(TEST_KEYS) | $(TOOL)
	@mkdir -p $(dir $@)
	$(TOOL) keyring -o $@.tmp $(TEST_KEYS) && mv $@.tmp $@

# The signed QEMU build end to end; instructions per verification (QEMU -icount).
check-signed: qemu $(TOOL) $(LAYOUTGEN)
	tests/qemu/net/signed.sh
sig-time: qemu
	tests/qemu/net/signed_time.sh
CHECK_PROGS += tests/qemu/net/signed.sh tests/qemu/net/signed_time.sh
