# SPDX-License-Identifier: Apache-2.0
# Inflate: `make bench-inflate` (not part of check). The unit tests, and their
# 32-bit bit-buffer variant, are in tests/tests.mk.

# bench-inflate: -O2, no sanitizers, build/bench. Corpora (1 MiB each):
#   fw      .text+.rodata of newlib libc/libm and libgcc, linked whole for
#           several Cortex-M multilibs (Thumb-2 code and constants)
#   text    /usr/share/common-licenses and man pages
#   random  /dev/urandom (stored blocks)
# Cortex-M4 figures: arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os
# -ffunction-sections; stack = ob_inflate_run's frame plus its deepest callee
# chain (sort_codes -> fill_table -> decode_slow, or make_room), from -fstack-usage.
BENCH := build/bench
M4_CC := arm-none-eabi-gcc
M4_FLAGS := -std=c99 -mcpu=cortex-m4 -mthumb -Os -ffunction-sections -Icore
NEWLIB := /usr/lib/arm-none-eabi/newlib/thumb
LIBGCC := $(shell $(M4_CC) -print-file-name=libgcc.a 2>/dev/null | sed 's|/libgcc.a$$||')

.PHONY: bench-inflate
bench-inflate: $(BENCH)/inflate_bench $(BENCH)/corpus/fw.bin $(BENCH)/corpus/text.bin $(BENCH)/corpus/random.bin $(BENCH)/m4/inflate.o $(BENCH)/m4/sink.o
	@text=$$(arm-none-eabi-size $(BENCH)/m4/inflate.o | awk 'NR==2{print $$1}'); \
	 sink=$$(arm-none-eabi-size $(BENCH)/m4/sink.o | awk 'NR==2{print $$1}'); \
	 state=$$(printf '#include "inflate.h"\nunsigned ob_sz = sizeof(ob_inflate);\n' | \
	   $(M4_CC) $(M4_FLAGS) -S -x c - -o - | awk '/\.word/ {print $$2; exit}'); \
	 stack=$$(awk -F'\t' '{split($$1,a,":"); f[a[4]]=$$2} END { \
	   d = f["sort_codes"] + f["fill_table"] + f["decode_slow"]; \
	   if (f["make_room"] > d) d = f["make_room"]; print f["ob_inflate_run"] + d }' $(BENCH)/m4/inflate.su); \
	 $(BENCH)/inflate_bench fw=$(BENCH)/corpus/fw.bin text=$(BENCH)/corpus/text.bin random=$(BENCH)/corpus/random.bin \
	   --m4_text $$text --m4_sink_text $$sink --m4_stack $$stack --m4_state_bytes $$state

$(BENCH)/inflate_bench: bench/inflate_bench.c bench/zlib_ref.h core/inflate.c core/sink.c core/inflate.h core/ob.h
	@mkdir -p $(dir $@)
	$(HOST_CC) -std=c99 $(WARN) -O2 -Icore -D_POSIX_C_SOURCE=200809L bench/inflate_bench.c core/inflate.c core/sink.c -lz -o $@

$(BENCH)/m4/%.o: core/%.c core/inflate.h core/ob.h
	@mkdir -p $(dir $@)
	$(M4_CC) $(M4_FLAGS) -fstack-usage -c $< -o $@

$(BENCH)/corpus/fw.bin:
	@mkdir -p $(dir $@)
	@rm -f $@.tmp; for d in v7e-m+fp/hard v7-m/nofp v8-m.main+fp/hard v6-m/nofp; do \
	  arm-none-eabi-ld --whole-archive $(NEWLIB)/$$d/libc.a $(NEWLIB)/$$d/libm.a $(LIBGCC)/thumb/$$d/libgcc.a \
	    --no-whole-archive --unresolved-symbols=ignore-all --allow-multiple-definition -e 0 -o $@.elf && \
	  arm-none-eabi-objcopy -O binary -j .text -j .rodata $@.elf $@.part && cat $@.part >> $@.tmp || exit 1; \
	done; head -c 1048576 $@.tmp > $@; rm -f $@.tmp $@.part $@.elf

$(BENCH)/corpus/text.bin:
	@mkdir -p $(dir $@)
	@(cat /usr/share/common-licenses/*; for m in $$(ls /usr/share/man/man1/*.gz | sort); do zcat $$m; done) 2>/dev/null | head -c 1048576 > $@

$(BENCH)/corpus/random.bin:
	@mkdir -p $(dir $@)
	@head -c 1048576 /dev/urandom > $@
