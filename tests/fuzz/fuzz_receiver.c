/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the update receiver (core/receiver.c) on a simulated
 * board of any layout, fed an arbitrary byte stream split at arbitrary
 * points. Input: the 4 parameter bytes of rxboard.h, then the stream; bit 0
 * of byte 1 builds in a key nobody signs with (a board with keys: plain gzip
 * and unsigned images are refused), else it is a development board. The
 * properties are rxboard.h's. On a development board the image's own
 * metadata vouches for its raw hash: a slot receiver without a dry-run
 * window cannot check that hash (receiver.h), so bl1 may refuse what it
 * accepted (input regress-windowless-dev-raw-hash). */
#include "rxboard.h"

/* A key nobody signs with. */
static const ob_keyring keyed = {.count = 1, .keys = {{.id = {1, 2, 3, 4, 5, 6, 7, 8}, .pub = {4}}}};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    (void)rx_run(data, data + 4, size - 4, (data[1] & 1) ? &keyed : NULL, 1, NULL);
    return 0;
}
