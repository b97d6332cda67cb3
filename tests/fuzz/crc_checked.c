/* SPDX-License-Identifier: Apache-2.0 */
/* Linked into every fuzz target, and into the power-cut harness
 * (tests/powercut/: several journal opens per scenario), with
 * -Wl,--wrap=ob_crc32.
 *
 * ob_crc32 is built without ASan and UBSan there (tests/fuzz/sanitize-ignore.txt):
 * their checks of each byte and of each table load were a quarter of the
 * journal targets' time. The whole range it reads is checked here instead,
 * once per call, and a read past a buffer is reported by ASan as before.
 *
 * Then the journal checks the CRC of every committed record at every open,
 * several opens per input: the nibble-table CRC of core/verify.c (small for
 * bl1, a few ns a byte) was still most of jhistory's time, and a
 * 256-entry table CRC built with the fuzz flags (coverage and ASan on every
 * byte) still a fifth of journal's. The same CRC-32 (IEEE 802.3, reflected,
 * polynomial 0xEDB88320) is zlib's crc32, computed here by the system zlib
 * (not instrumented); every 64th call also runs the real ob_crc32 and aborts
 * if the two differ. */
#include <sanitizer/asan_interface.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

uint32_t __real_ob_crc32(uint32_t crc, const void *data, size_t len);
uint32_t __wrap_ob_crc32(uint32_t crc, const void *data, size_t len);

uint32_t __wrap_ob_crc32(uint32_t crc, const void *data, size_t len)
{
    static unsigned calls;
    if (!data)
        return __real_ob_crc32(crc, data, len);
    void *bad = __asan_region_is_poisoned((void *)(uintptr_t)data, len);
    if (bad)
        __asan_report_error(__builtin_return_address(0), __builtin_frame_address(0), __builtin_frame_address(0),
                            bad, 0, len);
    uint32_t c = (uint32_t)crc32(crc, (const Bytef *)data, (uInt)len);
    if (calls++ % 64 == 0 && c != __real_ob_crc32(crc, data, len)) {
        fprintf(stderr, "crc_checked: zlib's crc32 differs from ob_crc32\n");
        abort();
    }
    return c;
}
