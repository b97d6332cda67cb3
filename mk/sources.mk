# SPDX-License-Identifier: Apache-2.0
# Source lists and third-party copies, read by the top Makefile and by
# mk/board.mk (the build of one board).
# lwIP 2.1.3 (Debian 12) and mbedTLS 3.6.6 (Debian 13) are fetched from
# Debian's source packages (scripts/fetch-source.sh, checksum-pinned) unless
# a copy is given with
# LWIP_DIR= / MBEDTLS_DIR=. Every firmware build waits for FETCHED, so a fresh
# clone fetches both before compiling anything that includes their headers.
LWIP_DIR ?=
LWIP_DIR := $(if $(strip $(LWIP_DIR)),$(LWIP_DIR),build/third_party/lwip-2.1.3+dfsg1)
MBEDTLS_DIR ?= build/third_party/mbedtls-3.6.6
FETCHED := $(addsuffix /.otaboot-verified,$(filter build/third_party/%,$(LWIP_DIR) $(MBEDTLS_DIR)))
build/third_party/lwip-2.1.3+dfsg1/.otaboot-verified:
	scripts/fetch-source.sh lwip >/dev/null
build/third_party/mbedtls-3.6.6/.otaboot-verified:
	scripts/fetch-source.sh mbedtls >/dev/null

CORE_SRC := $(sort $(wildcard core/*.c))
AGENT_SRC := $(sort $(wildcard agent/*.c))

# lwIP (src/Filelists.mk): core, IPv4, Ethernet, relative to $(LWIP_DIR)/src.
# Files for options that are off compile to nothing.
LWIP_SRC := $(addprefix core/,init.c def.c inet_chksum.c ip.c mem.c memp.c netif.c pbuf.c raw.c \
    stats.c sys.c tcp.c tcp_in.c tcp_out.c timeouts.c udp.c ipv4/dhcp.c ipv4/etharp.c \
    ipv4/icmp.c ipv4/ip4.c ipv4/ip4_addr.c ipv4/ip4_frag.c) netif/ethernet.c

# mbedTLS 3.6 files, relative to $(MBEDTLS_DIR), without .c, built with
# port/firmware/ob_mbedtls_config.h: SHA-256 for every build; for a signed
# one, p256-m's ECDSA P-256 verification. Then otaboot's glue over them
# (core/ob_port.h): a development build's verifier never vouches for anything.
MBEDTLS_SHA := library/sha256 library/platform_util
MBEDTLS_SIG := 3rdparty/p256-m/p256-m/p256-m
CRYPTO_SHA_SRC := port/mbedtls/sha256_mbedtls.c
CRYPTO_SIG_SRC := port/firmware/ecdsa_p256m.c port/firmware/signed.c
CRYPTO_DEV_SRC := port/firmware/ecdsa_unsigned.c
CRYPTO_CFLAGS := -I$(MBEDTLS_DIR)/include -I$(MBEDTLS_DIR)/3rdparty/p256-m/p256-m -Iport/firmware \
    -DMBEDTLS_CONFIG_FILE='"ob_mbedtls_config.h"'
# The keyring of a signed build (otaboot keyring) and of the TEST-ONLY keys.
KEYRING_C := build/keys/keyring.c
TEST_KEYS := tests/keys/test-only-a.pem tests/keys/test-only-b.pem
TEST_KEYRING_C := build/keys/test/keyring.c

# The third-party files we compile appear with the fetch: named here so that
# pattern rules can use them (a pattern would also offer to "make" any other
# .c there, and make's built-in rules would chain through it).
$(addprefix $(LWIP_DIR)/src/,$(LWIP_SRC)) $(patsubst %,$(MBEDTLS_DIR)/%.c,$(MBEDTLS_SHA) $(MBEDTLS_SIG)): | $(FETCHED) ;
