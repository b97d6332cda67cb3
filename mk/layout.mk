# SPDX-License-Identifier: Apache-2.0
# Flash layouts: the layoutgen host tool, the build-time check of every
# layout, and rules that turn one layout into a linker fragment and a header:
#   make build/host/layout/<board>/<profile>.ld
#   make build/host/layout/<board>/<profile>.h
LAYOUTGEN := $(BUILD)/layoutgen
LAYOUT_STAMP := $(BUILD)/layout.checked

$(LAYOUTGEN): $(BUILD)/tools/layoutgen/layoutgen.o $(LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $< $(LIB) $(HOST_LIBS) -o $@

# `make` fails here when any layout breaks a rule (ob_layout_check).
$(LAYOUT_STAMP): $(LAYOUTGEN)
	$(LAYOUTGEN) --check
	@touch $@

$(BUILD)/layout/%.ld: $(LAYOUT_STAMP)
	@mkdir -p $(dir $@)
	$(LAYOUTGEN) --ld $(patsubst %/,%,$(dir $*)) $(notdir $*) > $@.tmp && mv $@.tmp $@

$(BUILD)/layout/%.h: $(LAYOUT_STAMP)
	@mkdir -p $(dir $@)
	$(LAYOUTGEN) --header $(patsubst %/,%,$(dir $*)) $(notdir $*) > $@.tmp && mv $@.tmp $@

ALL_TARGETS += $(LAYOUTGEN) $(LAYOUT_STAMP)
CHECK_BUILD += $(LAYOUT_STAMP)
