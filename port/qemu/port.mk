# SPDX-License-Identifier: Apache-2.0
# The QEMU mps2 port, read by mk/board.mk after the board's board.mk (OUT,
# CPU, VARIANTS, DEMO_TAGS). A variant is a profile and a set of keys
# (slot, direct, rollback: a development board; slot-signed, direct-signed:
# the TEST-ONLY keys, images signed with the first); all variants of a board
# share its objects but port/qemu/variant.c.
# Rescue entered on the application's request goes back to it when no
# install has started within 20 s (60 on the STM32 boards), so that the test
# of it stays short.
# port/qemu/lwip: this port's lwipopts.h and arch/cc.h.
PORT_INC := -Iport -Iport/qemu -Iport/qemu/lwip
PORT_SRC := port/qemu/startup.c port/qemu/uart.c port/qemu/sys.c port/qemu/qflash.c
NET_SRC := port/qemu/lan9118.c port/qemu/netif.c port/qemu/net.c
LD_DIR := port/qemu/ld
MAP = $@.map
KEYS ?= dev
# Every program runs on port/bsp.h: bsp.c (its layout from variant.c).
BL1_OBJ := $(OUT)/obj/bl1/main.o $(OUT)/obj/port/qemu/bsp.o $(V)/variant.o
RESCUE_SRC := rescue/main.c
APP_START := $(OUT)/obj/port/qemu/bsp.o $(V)/variant.o
IMAGES := hello.elf
# The rollback variant also builds the images of its tests (tests/qemu/net/run.sh):
# v2bad (2.0.0, never confirms itself) and v3 (3.0.0).
VARIANT_TAGS := $(DEMO_TAGS) $(if $(filter rollback%,$(VARIANT)),v2bad v3)
VARIANT_IMAGES := bl1.bin rescue.bin flash-v1.img demo-v2.plain.gz $(patsubst %,demo-%.gz,$(VARIANT_TAGS)) \
    $(patsubst %,demo-%.bin,$(VARIANT_TAGS))
# The signed demo's record, timed by tests/qemu/net/signed_time.sh (an386).
VARIANT_EXTRA := $(if $(filter slot-signed,$(VARIANT)),$(OUT)/sigtime.elf)

$(V)/variant.o: port/qemu/variant.c $(OUT)/flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -DMPS2_LAYOUT=ob_layout_$(subst -,_,$(BOARD_LAYOUT))_$(PROFILE) \
	    -DMPS2_RESCUE_RETURN_MS=20000u -c $< -o $@

# Demo builds: tag -> version, whether it confirms itself, filler (big: an
# incompressible 270000 bytes, about 300 KiB packed).
$(OUT)/demo/main-v1.o $(V)/demo-v1.gz: TAG_VERSION := 1.0.0
$(OUT)/demo/main-v2.o $(V)/demo-v2.gz: TAG_VERSION := 2.0.0
$(OUT)/demo/main-noconfirm.o $(V)/demo-noconfirm.gz: TAG_VERSION := 3.0.0
$(OUT)/demo/main-big.o $(V)/demo-big.gz: TAG_VERSION := 4.0.0
$(OUT)/demo/main-v2bad.o $(V)/demo-v2bad.gz: TAG_VERSION := 2.0.0
$(OUT)/demo/main-v3.o $(V)/demo-v3.gz: TAG_VERSION := 3.0.0
$(OUT)/demo/main-noconfirm.o $(OUT)/demo/main-v2bad.o: DEMO_CONFIRM := 0
DEMO_CONFIRM := 1
DEMO_OBJ := $(OUT)/obj/demo/service_net.o $(APP_START) $(BASE_OBJ) $(NET_OBJ) $(KEYS_OBJ) $(LINK_DEPS)
$(patsubst %,$(V)/demo-%.elf,$(filter-out big,$(VARIANT_TAGS))): $(V)/demo-%.elf: $(OUT)/demo/main-%.o $(DEMO_OBJ)
$(V)/demo-big.elf: $(OUT)/demo/main-big.o $(OUT)/demo/pad-big.o $(DEMO_OBJ)
$(OUT)/demo/main-%.o: demo/main.c $(OUT)/flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -DDEMO_VERSION_STR='"$(TAG_VERSION)"' -DDEMO_CONFIRM=$(DEMO_CONFIRM) -c $< -o $@
$(OUT)/demo/pad-big.o: port/qemu/pad.S $(OUT)/pad.bin
	@mkdir -p $(@D)
	$(CC) $(CPU) -DPAD_FILE='"$(OUT)/pad.bin"' -c $< -o $@
$(OUT)/pad.bin:
	@mkdir -p $(@D)
	python3 -c 'import random,sys; r=random.Random(1); sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(270000)))' > $@

# Packed with otaboot (--force: the rule owns its output); .plain.gz: gzip
# alone (development boards).
$(V)/demo-%.gz: $(V)/demo-%.bin $(TOOL)
	$(TOOL) pack $< -b $(BOARD_LAYOUT) -v $(TAG_VERSION) -p $(PROFILE) -o $@ -q --force \
	    $(if $(filter test,$(KEYS)),--key $(firstword $(TEST_KEYS)))
$(V)/demo-%.plain.gz: $(V)/demo-%.bin
	gzip -9nc $< > $@

# A fresh flash: erased, rescue and demo v1 programmed raw; in the rollback
# profile as `make flash` leaves a board (mk/firmware.mk): v1 through a slot,
# the journal and the slot build/host/firstflash makes of demo-v1.gz, so that
# bl1's first boot installs it and its copy stays there to go back to.
ifneq ($(filter rollback%,$(VARIANT)),)
$(V)/flash-v1.img: $(V)/rescue.bin $(V)/demo-v1.gz port/qemu/mkflash.sh build/host/firstflash
	@mkdir -p $(V)/first
	build/host/firstflash $(BOARD_LAYOUT) $(V)/demo-v1.gz $(V)/first $(PROFILE) > $(V)/first/addresses
	port/qemu/mkflash.sh $(LAYOUTGEN) $(BOARD_LAYOUT) $(PROFILE) $@ $(V)/rescue.bin - \
	    $(V)/first/journal.bin@$$(awk '/^journal/ {print $$2}' $(V)/first/addresses) \
	    $(V)/first/slot.bin@$$(awk '/^journal/ {print $$4}' $(V)/first/addresses)
else
$(V)/flash-v1.img: $(V)/rescue.bin $(V)/demo-v1.bin port/qemu/mkflash.sh
	port/qemu/mkflash.sh $(LAYOUTGEN) $(BOARD_LAYOUT) $(PROFILE) $@ $(V)/rescue.bin $(V)/demo-v1.bin
endif

# A program that only prints (tests/qemu/net/hello.c).
$(OUT)/hello.elf: $(OUT)/obj/tests/qemu/net/hello.o $(patsubst %.c,$(OUT)/obj/%.o,$(PORT_SRC))

# Instructions per signature verification (tests/qemu/net/signed_time.sh):
# ob_sig_check on the metadata record of the signed demo image.
$(OUT)/sigtime/rec.c: $(V)/demo-v1.gz
	@mkdir -p $(@D)
	@[ "$$(dd if=$< bs=1 skip=12 count=2 status=none)" = OB ] || { echo "$<: no record at offset 16"; exit 1; }
	{ echo '#include <stdint.h>'; echo 'const uint8_t signed_time_rec[180] = {'; \
	  od -An -v -tu1 -j16 -N180 $< | tr -s ' ' '\n' | grep . | paste -sd, ; echo '};'; } > $@.tmp && mv $@.tmp $@
$(OUT)/sigtime.elf: $(OUT)/obj/tests/qemu/net/signed_time.o $(OUT)/obj/$(OUT)/sigtime/rec.o $(BASE_OBJ) $(KEYS_OBJ)
