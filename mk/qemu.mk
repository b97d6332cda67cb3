# SPDX-License-Identifier: Apache-2.0
# QEMU mps2 firmware (mps2-an386 Cortex-M4, mps2-an500 Cortex-M7): bl1, the
# rescue firmware, the demo application with the update agent, flash images,
# the end-to-end tests and the QEMU demo.
#   make qemu                 everything for both boards
#   make demo-qemu            README's main job on emulated hardware
#   make size-qemu            arm-none-eabi-size of bl1, agent, rescue, demo
# Our code builds with -Wall -Wextra -Werror; lwIP and mbedTLS (third-party,
# fetched from Debian source packages) with -Wall -Wextra but without -Werror,
# so a newer compiler's new warning in their code cannot break the build.
#   LWIP_DIR=/path/to/lwip-2.1.3    bring your own copy of the same release
Q := build/qemu
# tool.mk (TOOL) is read after this file: name the host tool directly.
Q_TOOL := $(BUILD)/otaboot
Q_BOARDS := an386 an500
Q_CC := arm-none-eabi-gcc
Q_OBJCOPY := arm-none-eabi-objcopy
Q_SIZE := arm-none-eabi-size
Q_CPU_an386 := -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
Q_CPU_an500 := -mcpu=cortex-m7 -mthumb -mfloat-abi=soft
Q_NAME_an386 := qemu-mps2-an386
Q_NAME_an500 := qemu-mps2-an500
Q_MACHINE_an386 := mps2-an386
Q_MACHINE_an500 := mps2-an500
Q_OPT := -std=c99 -Os -g -ffunction-sections -fdata-sections -fno-common -MMD -MP
Q_WARN := -Wall -Wextra -Werror
Q_TP_WARN := -Wall -Wextra -Wno-unused-parameter
Q_LDFLAGS := -nostartfiles --specs=nano.specs -Wl,--gc-sections -Wl,--no-warn-rwx-segments

# LWIP_DIR, MBEDTLS_DIR and FETCHED (their fetch): the top Makefile.
Q_LWIP := $(LWIP_DIR)

Q_CORE_SRC := $(addprefix core/,auth.c boot.c flash.c flash_sink.c image.c inflate.c journal.c layout.c \
    line.c ob.c receiver.c session.c sig.c sink.c slot.c status.c verify.c)
Q_PORT_SRC := $(addprefix port/qemu/,startup.c uart.c sys.c qflash.c)
Q_NET_SRC := $(addprefix port/qemu/,lan9118.c netif.c net.c)
Q_AGENT_SRC := $(sort $(wildcard agent/*.c))

# ---------------------------------------------------------------------------
# q_board B: objects of board B (an386, an500), shared by every image.
define q_board
Q_INC_$(1) := -Icore -Iboards -Iport/qemu -Iport/qemu/$(1) -Iport/firmware -Iagent -I$(Q_LWIP)/src/include
Q_CFLAGS_$(1) := $$(Q_CPU_$(1)) $(Q_OPT) $$(Q_INC_$(1))

$(Q)/$(1)/obj/%.o: %.c | $(FETCHED)
	@mkdir -p $$(dir $$@)
	$(Q_CC) $$(Q_CFLAGS_$(1)) $(Q_WARN) -c $$< -o $$@

$(Q)/$(1)/tp/lwip/%.o: $(Q_LWIP)/src/%.c | $(FETCHED)
	@mkdir -p $$(dir $$@)
	$(Q_CC) $$(Q_CFLAGS_$(1)) $(Q_TP_WARN) -c $$< -o $$@

$(Q)/$(1)/tp/mbedtls/%.o: $(MBEDTLS_DIR)/library/%.c | $(FETCHED)
	@mkdir -p $$(dir $$@)
	$(Q_CC) $$(Q_CFLAGS_$(1)) $(Q_TP_WARN) $(FW_CRYPTO_CFLAGS) -c $$< -o $$@

$(Q)/$(1)/obj/port/mbedtls/%.o: port/mbedtls/%.c | $(FETCHED)
	@mkdir -p $$(dir $$@)
	$(Q_CC) $$(Q_CFLAGS_$(1)) $(Q_WARN) $(FW_CRYPTO_CFLAGS) -c $$< -o $$@

Q_BASE_OBJ_$(1) := $$(patsubst %.c,$(Q)/$(1)/obj/%.o,$(Q_PORT_SRC))
Q_CORE_OBJ_$(1) := $$(patsubst %.c,$(Q)/$(1)/obj/%.o,$(Q_CORE_SRC) boards/chips/geometry.c \
    boards/$$(Q_NAME_$(1))/layout.c port/mbedtls/sha256_mbedtls.c) \
    $(Q)/$(1)/tp/mbedtls/sha256.o $(Q)/$(1)/tp/mbedtls/platform_util.o
# Keys (mk/crypto.mk): development variants link no keyring; signed ones the
# test keyring (TEST-ONLY keys) and mbedTLS's ECDSA.
Q_DEV_OBJ_$(1) := $(Q)/$(1)/obj/port/firmware/ecdsa_unsigned.o
Q_SIG_OBJ_$(1) := $$(patsubst %,$(Q)/$(1)/tp/mbedtls/%.o,$(FW_MBEDTLS_SIG)) \
    $$(patsubst %.c,$(Q)/$(1)/obj/%.o,port/mbedtls/ecdsa_mbedtls.c port/firmware/signed.c $(FW_TEST_KEYRING_C))

Q_NET_OBJ_$(1) := $$(patsubst %.c,$(Q)/$(1)/obj/%.o,$(Q_NET_SRC) port/qemu/agent_glue.c $(Q_AGENT_SRC)) \
    $$(patsubst %.c,$(Q)/$(1)/tp/lwip/%.o,$(LWIP_SRC))

$(Q)/$(1)/hello.elf: $(Q)/$(1)/obj/tests/qemu/net/hello.o $$(Q_BASE_OBJ_$(1)) port/qemu/ld/bl1.ld port/qemu/ld/sections.ld
	$(Q_CC) $$(Q_CPU_$(1)) $(Q_LDFLAGS) -Lport/qemu/ld -Tbl1.ld -Wl,-Map=$$@.map \
	    $(Q)/$(1)/obj/tests/qemu/net/hello.o $$(Q_BASE_OBJ_$(1)) -o $$@

# Demo builds: TAG -> version, confirms itself or not, filler.
$(Q)/$(1)/demo/demo-%.o: port/qemu/demo_main.c
	@mkdir -p $$(dir $$@)
	$(Q_CC) $$(Q_CFLAGS_$(1)) $(Q_WARN) -DDEMO_VERSION='"$$(Q_DEMO_VER_$$*)"' \
	    -DDEMO_CONFIRM=$$(Q_DEMO_CONFIRM_$$*) -c $$< -o $$@
$(Q)/$(1)/demo/pad-none.o: port/qemu/pad_none.S
	@mkdir -p $$(dir $$@)
	$(Q_CC) $$(Q_CPU_$(1)) -c $$< -o $$@
$(Q)/$(1)/demo/pad-big.o: port/qemu/pad.S $(Q)/pad.bin
	@mkdir -p $$(dir $$@)
	$(Q_CC) $$(Q_CPU_$(1)) -DPAD_FILE='"$(Q)/pad.bin"' -c $$< -o $$@

endef
$(foreach b,$(Q_BOARDS),$(eval $(call q_board,$(b))))

# Dependency files are included by the top Makefile; they are never made
# (without this, make's built-in `%: %.o` would try to link demo-v1.d).
$(Q)/%.d: ;

# Demo application builds (TAG: version, confirms, filler).
Q_DEMO_TAGS := v1 v2 noconfirm big
# The big image (about 300 KiB packed) needs a slot larger than an500's 256 KiB.
Q_DEMO_TAGS_an386 := v1 v2 noconfirm big
Q_DEMO_TAGS_an500 := v1 v2 noconfirm
Q_DEMO_VER_v1 := 1.0.0
Q_DEMO_VER_v2 := 2.0.0
Q_DEMO_VER_noconfirm := 3.0.0
Q_DEMO_VER_big := 4.0.0
Q_DEMO_CONFIRM_v1 := 1
Q_DEMO_CONFIRM_v2 := 1
Q_DEMO_CONFIRM_noconfirm := 0
Q_DEMO_CONFIRM_big := 1
Q_DEMO_PAD_v1 := none
Q_DEMO_PAD_v2 := none
Q_DEMO_PAD_noconfirm := none
Q_DEMO_PAD_big := big
# Incompressible filler: the big image is about 300 KiB packed.
Q_PAD_BYTES := 270000
$(Q)/pad.bin:
	@mkdir -p $(dir $@)
	python3 -c 'import random,sys; r=random.Random(1); sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range($(Q_PAD_BYTES))))' > $@

# Rescue entered on the application's request goes back to it when no
# install has started within this many seconds (60 on the STM32 boards): the
# emulated boards use less, so that the test of it stays short.
Q_RESCUE_RETURN_S ?= 20

# ---------------------------------------------------------------------------
# q_variant B V PROFILE [signed]: one firmware set of board B in directory
# V: bl1, rescue, the demo builds, their packed images and a fresh flash file.
# Without signed it is a development board (no keys: plain gzip accepted);
# signed: the test keys are built in and the images signed with the first one.
define q_variant
Q_VD := $(Q)/$(1)/$(2)
Q_KEYS_OBJ_$(1)_$(2) := $(if $(4),$$(Q_SIG_OBJ_$(1)),$$(Q_DEV_OBJ_$(1)))
$(Q)/$(1)/$(2)/variant.o: port/qemu/variant.c
	@mkdir -p $$(dir $$@)
	$(Q_CC) $$(Q_CFLAGS_$(1)) $(Q_WARN) -DMPS2_LAYOUT=ob_layout_$$(subst -,_,$$(Q_NAME_$(1)))_$(3) \
	    -DMPS2_RESCUE_RETURN_MS=$(Q_RESCUE_RETURN_S)000u -c $$< -o $$@

$(Q)/$(1)/$(2)/layout.ld: $(LAYOUT_STAMP)
	@mkdir -p $$(dir $$@)
	$(LAYOUTGEN) --ld $$(Q_NAME_$(1)) $(3) > $$@.tmp && mv $$@.tmp $$@

$(Q)/$(1)/$(2)/bl1.elf: $(Q)/$(1)/obj/port/qemu/bl1_main.o $(Q)/$(1)/$(2)/variant.o $$(Q_BASE_OBJ_$(1)) $$(Q_CORE_OBJ_$(1)) $$(Q_KEYS_OBJ_$(1)_$(2)) port/qemu/ld/bl1.ld port/qemu/ld/sections.ld
	$(Q_CC) $$(Q_CPU_$(1)) $(Q_LDFLAGS) -Lport/qemu/ld -Tbl1.ld -Wl,-Map=$$@.map \
	    $$(filter %.o,$$^) -o $$@

$(Q)/$(1)/$(2)/rescue.elf: $(Q)/$(1)/obj/rescue/main.o $(Q)/$(1)/$(2)/variant.o $$(Q_BASE_OBJ_$(1)) $$(Q_NET_OBJ_$(1)) $$(Q_CORE_OBJ_$(1)) $$(Q_KEYS_OBJ_$(1)_$(2)) $(Q)/$(1)/$(2)/layout.ld port/qemu/ld/rescue.ld port/qemu/ld/sections.ld
	$(Q_CC) $$(Q_CPU_$(1)) $(Q_LDFLAGS) -L$(Q)/$(1)/$(2) -Lport/qemu/ld -Trescue.ld -Wl,-Map=$$@.map \
	    $$(filter %.o,$$^) -o $$@

$(Q)/$(1)/$(2)/demo-%.elf: $(Q)/$(1)/demo/demo-%.o $(Q)/$(1)/$(2)/variant.o $$(Q_BASE_OBJ_$(1)) $$(Q_NET_OBJ_$(1)) $$(Q_CORE_OBJ_$(1)) $$(Q_KEYS_OBJ_$(1)_$(2)) $(Q)/$(1)/$(2)/layout.ld port/qemu/ld/app.ld port/qemu/ld/sections.ld
	$(Q_CC) $$(Q_CPU_$(1)) $(Q_LDFLAGS) -L$(Q)/$(1)/$(2) -Lport/qemu/ld -Tapp.ld -Wl,-Map=$$@.map \
	    $$(filter %.o,$$^) -o $$@
$(foreach t,$(Q_DEMO_TAGS),$(Q)/$(1)/$(2)/demo-$(t).elf: $(Q)/$(1)/demo/pad-$(Q_DEMO_PAD_$(t)).o
)

$(Q)/$(1)/$(2)/%.bin: $(Q)/$(1)/$(2)/%.elf
	$(Q_OBJCOPY) -O binary $$< $$@

# Packed with otaboot (metadata; --force: the rule owns its output); .plain.gz:
# gzip alone (development boards).
$(Q)/$(1)/$(2)/demo-%.gz: $(Q)/$(1)/$(2)/demo-%.bin $(Q_TOOL)
	$(Q_TOOL) pack $$< -b $$(Q_NAME_$(1)) -v $$(Q_DEMO_VER_$$*) -p $(3) -o $$@ -q --force $(if $(4),--key $(firstword $(FW_TEST_KEYS)))
$(Q)/$(1)/$(2)/demo-%.plain.gz: $(Q)/$(1)/$(2)/demo-%.bin
	gzip -9nc $$< > $$@

# A fresh flash: erased, rescue and demo v1 programmed raw.
$(Q)/$(1)/$(2)/flash-v1.img: $(Q)/$(1)/$(2)/rescue.bin $(Q)/$(1)/$(2)/demo-v1.bin port/qemu/mkflash.sh $(LAYOUT_STAMP)
	port/qemu/mkflash.sh $(LAYOUTGEN) $$(Q_NAME_$(1)) $(3) $$@ $(Q)/$(1)/$(2)/rescue.bin $(Q)/$(1)/$(2)/demo-v1.bin

Q_SET_$(1)_$(2) := $(addprefix $(Q)/$(1)/$(2)/,bl1.elf rescue.elf flash-v1.img \
    $(foreach t,$(Q_DEMO_TAGS_$(1)),demo-$(t).elf demo-$(t).gz) demo-v2.plain.gz)
Q_ALL += $$(Q_SET_$(1)_$(2))
endef

Q_ALL :=
$(foreach b,$(Q_BOARDS),$(eval $(call q_variant,$(b),slot,slot)))
$(foreach b,$(Q_BOARDS),$(eval $(call q_variant,$(b),direct,direct)))
$(eval $(call q_variant,an386,slot-signed,slot,signed))
$(eval $(call q_variant,an386,direct-signed,direct,signed))

# Instructions per signature verification (tests/qemu/net/signed_time.sh):
# ob_sig_check on the metadata record of the signed demo image.
$(Q)/an386/sigtime/rec.c: $(Q)/an386/slot-signed/demo-v1.gz
	@mkdir -p $(dir $@)
	@[ "$$(dd if=$< bs=1 skip=12 count=2 status=none)" = OB ] || { echo "$<: no record at offset 16"; exit 1; }
	{ echo '#include <stdint.h>'; echo 'const uint8_t signed_time_rec[180] = {'; \
	  od -An -v -tu1 -j16 -N180 $< | tr -s ' ' '\n' | grep . | paste -sd, ; echo '};'; } > $@.tmp && mv $@.tmp $@
$(Q)/an386/sigtime.elf: $(Q)/an386/obj/tests/qemu/net/signed_time.o $(Q)/an386/obj/$(Q)/an386/sigtime/rec.o \
    $(Q_BASE_OBJ_an386) $(Q_CORE_OBJ_an386) $(Q_SIG_OBJ_an386) port/qemu/ld/bl1.ld port/qemu/ld/sections.ld
	$(Q_CC) $(Q_CPU_an386) $(Q_LDFLAGS) -Lport/qemu/ld -Tbl1.ld -Wl,-Map=$@.map $(filter %.o,$^) -o $@
Q_ALL += $(Q)/an386/sigtime.elf

.PHONY: qemu size-qemu
qemu: $(Q_ALL) $(foreach b,$(Q_BOARDS),$(Q)/$(b)/hello.elf)

# Flash = text + data, RAM = data + bss (the stack comes on top).
size-qemu: qemu
	@printf '%-8s %-8s %-10s %10s %10s\n' board variant image flash RAM
	@for b in $(Q_BOARDS); do for v in slot direct; do for i in bl1 rescue demo-v1; do \
	    $(Q_SIZE) -B $(Q)/$$b/$$v/$$i.elf | awk -v b=$$b -v v=$$v -v i=$$i \
	    'NR==2 {printf "%-8s %-8s %-10s %10d %10d\n", b, v, i, $$1+$$2, $$2+$$3}'; done; done; done

# ---------------------------------------------------------------------------
# Demo, tests, measurement.
.PHONY: demo-qemu check-qemu bench-qemu
demo-qemu: qemu $(Q_TOOL)
	@OTABOOT=$(Q_TOOL) scripts/demo-qemu.sh

check-qemu: qemu $(Q_TOOL)
	tests/qemu/net/run.sh

bench-qemu: qemu $(Q_TOOL)
	@OTABOOT=$(Q_TOOL) tests/qemu/net/bench.sh

ALL_TARGETS += qemu
CHECK_BUILD += qemu
CHECK_PROGS += tests/qemu/net/run.sh
CHECK_DEPS += firmware qemu source
