/* SPDX-License-Identifier: Apache-2.0 */
/* Linked into every fuzz target with -Wl,--wrap=ob_crc32. ob_crc32 is built
 * without ASan and UBSan there (tests/fuzz/sanitize-ignore.txt): their checks
 * of each byte and of each table load were a quarter of the journal targets'
 * time. The whole range it reads is checked here instead, once per call, and
 * a read past a buffer is reported by ASan as before. */
#include <sanitizer/asan_interface.h>
#include <stddef.h>
#include <stdint.h>

uint32_t __real_ob_crc32(uint32_t crc, const void *data, size_t len);
uint32_t __wrap_ob_crc32(uint32_t crc, const void *data, size_t len);

uint32_t __wrap_ob_crc32(uint32_t crc, const void *data, size_t len)
{
    void *bad = data ? __asan_region_is_poisoned((void *)(uintptr_t)data, len) : NULL;
    if (bad)
        __asan_report_error(__builtin_return_address(0), __builtin_frame_address(0), __builtin_frame_address(0),
                            bad, 0, len);
    return __real_ob_crc32(crc, data, len);
}
