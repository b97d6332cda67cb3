/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the update receiver (core/receiver.c) on a simulated
 * board of any layout, fed an arbitrary byte stream split at arbitrary
 * points, on a board without keys. Input: the 4 parameter bytes of
 * rxboard.h, then the stream; the properties are rxboard.h's. Without keys
 * the image's own metadata vouches for its raw hash: a slot receiver without
 * a dry-run window cannot check that hash (receiver.h), so bl1 may refuse
 * what it accepted (input regress-windowless-dev-raw-hash). */
#include "rxboard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    (void)rx_run(data, data + 4, size - 4, NULL, 1, NULL);
    return 0;
}
