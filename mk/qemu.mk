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

LWIP_DIR ?= build/third_party/lwip-2.1.3+dfsg1
Q_LWIP_STAMP := $(if $(filter build/third_party/%,$(LWIP_DIR)),$(LWIP_DIR)/.otaboot-verified)
Q_MBEDTLS_STAMP := $(if $(filter build/third_party/%,$(MBEDTLS_DIR)),$(MBEDTLS_DIR)/.otaboot-verified)
$(LWIP_DIR)/.otaboot-verified:
	scripts/fetch-source.sh lwip >/dev/null
$(MBEDTLS_DIR)/.otaboot-verified:
	scripts/fetch-source.sh mbedtls >/dev/null

# lwIP 2.1.3 (src/Filelists.mk): core, IPv4, Ethernet. Files for options that
# are off compile to nothing.
Q_LWIP_SRC = $(addprefix $(LWIP_DIR)/src/core/,init.c def.c inet_chksum.c ip.c mem.c memp.c netif.c \
    pbuf.c raw.c stats.c sys.c tcp.c tcp_in.c tcp_out.c timeouts.c udp.c \
    ipv4/dhcp.c ipv4/etharp.c ipv4/icmp.c ipv4/ip4.c ipv4/ip4_addr.c ipv4/ip4_frag.c) \
    $(LWIP_DIR)/src/netif/ethernet.c
Q_CORE_SRC := $(addprefix core/,boot.c flash.c flash_sink.c image.c inflate.c journal.c layout.c \
    line.c ob.c receiver.c sig.c sink.c slot.c status.c verify.c)
Q_PORT_SRC := $(addprefix port/qemu/,startup.c uart.c sys.c qflash.c)
Q_NET_SRC := $(addprefix port/qemu/,lan9118.c netif.c net.c)
Q_AGENT_SRC := $(sort $(wildcard agent/*.c))

# ---------------------------------------------------------------------------
# q_board B: objects of board B (an386, an500), shared by every image.
define q_board
Q_INC_$(1) := -Icore -Iboards -Iport/qemu -Iport/qemu/$(1) -Iagent -I$(LWIP_DIR)/src/include
Q_CFLAGS_$(1) := $$(Q_CPU_$(1)) $(Q_OPT) $$(Q_INC_$(1))

$(Q)/$(1)/obj/%.o: %.c
	@mkdir -p $$(dir $$@)
	$(Q_CC) $$(Q_CFLAGS_$(1)) $(Q_WARN) -c $$< -o $$@

$(Q)/$(1)/tp/lwip/%.o: $(LWIP_DIR)/src/%.c | $(Q_LWIP_STAMP)
	@mkdir -p $$(dir $$@)
	$(Q_CC) $$(Q_CFLAGS_$(1)) $(Q_TP_WARN) -c $$< -o $$@

$(Q)/$(1)/tp/mbedtls/%.o: $(MBEDTLS_DIR)/library/%.c | $(Q_MBEDTLS_STAMP)
	@mkdir -p $$(dir $$@)
	$(Q_CC) $$(Q_CFLAGS_$(1)) $(Q_TP_WARN) $(FW_CRYPTO_CFLAGS) -c $$< -o $$@

$(Q)/$(1)/obj/port/host/sha256_mbedtls.o: port/host/sha256_mbedtls.c | $(Q_MBEDTLS_STAMP)
	@mkdir -p $$(dir $$@)
	$(Q_CC) $$(Q_CFLAGS_$(1)) $(Q_WARN) $(FW_CRYPTO_CFLAGS) -c $$< -o $$@

Q_BASE_OBJ_$(1) := $$(patsubst %.c,$(Q)/$(1)/obj/%.o,$(Q_PORT_SRC))
Q_CORE_OBJ_$(1) := $$(patsubst %.c,$(Q)/$(1)/obj/%.o,$(Q_CORE_SRC) boards/chips/layout.c \
    boards/$$(Q_NAME_$(1))/layout.c port/host/sha256_mbedtls.c port/firmware/ecdsa_unsigned.c) \
    $(Q)/$(1)/tp/mbedtls/sha256.o $(Q)/$(1)/tp/mbedtls/platform_util.o

$(Q)/$(1)/hello.elf: $(Q)/$(1)/obj/tests/qemu/net/hello.o $$(Q_BASE_OBJ_$(1)) port/qemu/ld/bl1.ld port/qemu/ld/sections.ld
	$(Q_CC) $$(Q_CPU_$(1)) $(Q_LDFLAGS) -Lport/qemu/ld -Tbl1.ld -Wl,-Map=$$@.map \
	    $(Q)/$(1)/obj/tests/qemu/net/hello.o $$(Q_BASE_OBJ_$(1)) -o $$@

-include $$(shell find $(Q)/$(1) -name '*.d' -type f 2>/dev/null)
endef
$(foreach b,$(Q_BOARDS),$(eval $(call q_board,$(b))))

.PHONY: qemu
qemu: $(foreach b,$(Q_BOARDS),$(Q)/$(b)/hello.elf)
