# Firmware crypto: SHA-256 from mbedTLS 2.28 built from Debian's source
# package (scripts/fetch-source.sh mbedtls, pinned and checksum-verified),
# only library/sha256.c and platform_util.c, with port/firmware's minimal
# configuration. The glue is the same mbedTLS API the host uses
# (port/mbedtls/sha256_mbedtls.c). Builds without signing keys link
# port/firmware/ecdsa_unsigned.c. Included before firmware.mk (sort order),
# which compiles FW_CRYPTO_SRC for each STM32 board; mk/qemu.mk uses it too.
#   MBEDTLS_DIR=/path/to/mbedtls-2.28.x   bring your own copy of the same release
MBEDTLS_DIR ?= build/third_party/mbedtls-2.28.3
MBEDTLS_FW_SRC := $(MBEDTLS_DIR)/library/sha256.c $(MBEDTLS_DIR)/library/platform_util.c
FW_CRYPTO_SRC := $(MBEDTLS_FW_SRC) port/mbedtls/sha256_mbedtls.c port/firmware/ecdsa_unsigned.c
FW_CRYPTO_CFLAGS := -I$(MBEDTLS_DIR)/include -Iport/firmware -DMBEDTLS_CONFIG_FILE='"ob_mbedtls_config.h"'

# The sources appear when the package is fetched (only for the default
# location: a user-supplied MBEDTLS_DIR must already hold them).
build/third_party/mbedtls-2.28.3/library/%.c build/third_party/mbedtls-2.28.3/include/mbedtls/%.h:
	scripts/fetch-source.sh mbedtls >/dev/null
