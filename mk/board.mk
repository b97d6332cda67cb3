# SPDX-License-Identifier: Apache-2.0
# The build of ONE board:   make -f mk/board.mk BOARD=<name> [VARIANT=<v>]
# `make firmware` and `make qemu` (mk/firmware.mk) run it once per board.
# It reads boards/<name>/board.mk (the board: port, layout, CPU or family) and
# port/<port>/port.mk (the port's lists: PORT_SRC, NET_SRC, BL1_OBJ,
# APP_START, DEMO_SRC, RESCUE_SRC, SELFTEST_SRC, IMAGES; its few own rules),
# then links each image of $(OUT) (build/fw/<name>, build/qemu/<short name>)
# from these objects, every one compiled with CFLAGS below:
#   base   the core, the layouts, PORT_SRC, BOARD_SRC     (every image)
#   keys   the crypto of KEYS: dev = SHA-256 and no key (a development board),
#          own = the keyring of SIGNING_KEYS, test = the TEST-ONLY keys
#   net    NET_SRC (the port's network glue), the update agent, lwIP
#   bl1.elf     = BL1_OBJ + base + keys                        (bl1.ld)
#   demo.elf    = DEMO_SRC + APP_START + base + keys + net     (app.ld)
#   rescue.elf  = RESCUE_SRC + APP_START + net + base + keys   (rescue.ld)
#   selftest.elf, demo-nonet.elf, the QEMU demo-<tag>.elf: the same way.
# A variant (VARIANT=sigtest; a QEMU board's slot, direct, rollback, slot-signed, ...)
# builds the same objects into $(OUT)/$(VARIANT) with its own profile and keys;
# the default goal builds the board's images, then each of its VARIANTS.
MAKEFLAGS += -r
.DEFAULT_GOAL := all
.SECONDARY:
include mk/sources.mk
include boards/$(BOARD)/board.mk
PROFILE ?= slot
DEMO_VERSION ?= 1.0.0
# A variant's name says its profile (slot-signed: slot) and the test keys.
ifneq ($(filter slot% direct% rollback%,$(VARIANT)),)
override PROFILE := $(firstword $(subst -, ,$(VARIANT)))
endif
ifneq ($(filter %-signed sigtest,$(VARIANT)),)
override KEYS := test
endif
OUT ?= build/fw/$(BOARD)
V := $(patsubst %/,%,$(OUT)/$(VARIANT))
CC := arm-none-eabi-gcc
TOOL := build/host/otaboot
LAYOUTGEN := build/host/layoutgen
CFLAGS = $(CPU) -std=c99 -Os -g -flto -ffunction-sections -fdata-sections -fno-common -MMD -MP \
    -Icore -Iboards -Iboards/$(BOARD) $(BOARD_INC) $(PORT_INC) -Iagent -Iselftest \
    -I$(LWIP_DIR)/src/include $(CRYPTO_CFLAGS) $(PORT_DEFS)
WARN = -Wall -Wextra -Werror
# lwIP and mbedTLS without -Werror: a newer compiler's new warning in
# third-party code cannot break the build.
TP_WARN = -Wall -Wextra -Wno-unused-parameter
LDFLAGS = $(CPU) -flto -Os -nostartfiles --specs=nano.specs -Wl,--gc-sections -Wl,--no-warn-rwx-segments

BASE_OBJ = $(patsubst %.c,$(OUT)/obj/%.o,$(CORE_SRC) boards/chips/geometry.c \
    boards/$(BOARD_LAYOUT)/layout.c $(PORT_SRC) $(BOARD_SRC))
NET_OBJ = $(if $(NET_SRC),$(patsubst %.c,$(OUT)/obj/%.o,$(NET_SRC) $(AGENT_SRC)) \
    $(patsubst %.c,$(OUT)/lwip/%.o,$(LWIP_SRC)))
KEYS_OBJ = $(patsubst %,$(OUT)/mbedtls/%.o,$(MBEDTLS_SHA) $(if $(filter dev,$(KEYS)),,$(MBEDTLS_SIG))) \
    $(patsubst %.c,$(OUT)/obj/%.o,$(CRYPTO_SHA_SRC) $(if $(filter dev,$(KEYS)),$(CRYPTO_DEV_SRC), \
    $(CRYPTO_SIG_SRC) $(if $(filter test,$(KEYS)),$(TEST_KEYRING_C),$(KEYRING_C))))
LINK_DEPS = $(V)/layout.ld $(wildcard $(LD_DIR)/*.ld) $(MODE_FILE)

include port/$(BOARD_PORT)/port.mk
# The flags as a file that changes only when they do (PROFILE, NET_*,
# RESCUE_RETURN_S, DEMO_VERSION, LWIP_DIR, ...): every object depends on it.
FLAGS := $(subst ','\'',$(CFLAGS) $(DEMO_VERSION))

ifeq ($(VARIANT),)
all: $(addprefix $(V)/,$(IMAGES))
	@for v in $(VARIANTS); do $(MAKE) --no-print-directory -f mk/board.mk BOARD=$(BOARD) VARIANT=$$v || exit 1; done
else
all: $(addprefix $(V)/,$(VARIANT_IMAGES)) $(VARIANT_EXTRA)
endif
.PHONY: all eth-check FORCE

$(V)/bl1.elf: $(BL1_OBJ) $(BASE_OBJ) $(KEYS_OBJ) $(LINK_DEPS)
$(V)/demo.elf: $(patsubst %.c,$(OUT)/obj/%.o,$(DEMO_SRC)) $(APP_START) $(BASE_OBJ) $(KEYS_OBJ) $(NET_OBJ) $(LINK_DEPS)
$(V)/demo-nonet.elf: $(OUT)/obj/demo/main.o $(OUT)/obj/demo/service_none.o $(APP_START) $(BASE_OBJ) \
    $(KEYS_OBJ) $(LINK_DEPS)
$(V)/rescue.elf: $(patsubst %.c,$(OUT)/obj/%.o,$(RESCUE_SRC)) $(APP_START) $(NET_OBJ) $(BASE_OBJ) \
    $(KEYS_OBJ) $(LINK_DEPS)
$(V)/selftest.elf: $(patsubst %.c,$(OUT)/obj/%.o,$(SELFTEST_SRC)) $(APP_START) $(BASE_OBJ) $(KEYS_OBJ) \
    $(NET_OBJ) $(LINK_DEPS)

# Every image: its objects above, linked with its script (LDS). The arguments
# stay in <image>.args, so a tool can link it again (mk/bench.mk). private:
# not passed on to the images they are made from (sigtime.elf reads demo-v1).
LDS := app.ld
%/bl1.elf %/hello.elf %/sigtime.elf: private LDS := bl1.ld
%/rescue.elf: private LDS := rescue.ld
%.elf:
	@echo '$(LDFLAGS) -L$(V) -L$(LD_DIR) -T$(LDS) $(filter %.o,$^)' > $(@:.elf=.args)
	$(CC) @$(@:.elf=.args) -Wl,-Map=$(MAP) -o $@
%.bin: %.elf
	arm-none-eabi-objcopy -O binary $< $@

$(OUT)/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(FLAGS)' | cmp -s - $@ || echo '$(FLAGS)' > $@
$(OUT)/obj/%.o: %.c $(OUT)/flags | $(FETCHED)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -c $< -o $@
$(OUT)/lwip/%.o: $(LWIP_DIR)/src/%.c $(OUT)/flags | $(FETCHED)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(TP_WARN) -c $< -o $@
$(OUT)/mbedtls/%.o: $(MBEDTLS_DIR)/%.c $(OUT)/flags | $(FETCHED)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(TP_WARN) -c $< -o $@

# The layout of this profile as a linker fragment (the top Makefile makes
# layoutgen first), replaced only when it changes: a new PROFILE relinks.
$(V)/layout.ld: FORCE
	@mkdir -p $(@D)
	@$(LAYOUTGEN) --ld $(BOARD_LAYOUT) $(PROFILE) > $@.tmp && { cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@; }

-include $(shell find $(OUT) -name '*.d' -type f 2>/dev/null)
