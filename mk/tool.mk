# The host tool `otaboot` (tools/otaboot), its end-to-end tests, the demo and
# the loopback throughput measurement.
#   make build/host/otaboot     the tool (sanitizers on, like every host build)
#   make demo                   README's main job: a virtual board takes two updates
#   make bench-transfer         receive throughput of the virtual board on loopback
TOOL := $(BUILD)/otaboot
TOOL_SRC := $(sort $(wildcard tools/otaboot/*.c))
TOOL_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(TOOL_SRC))
# Everything but main(): linked into the tool's unit tests too.
TOOL_LIB_OBJ := $(filter-out $(BUILD)/tools/otaboot/main.o,$(TOOL_OBJ))

$(TOOL): $(TOOL_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $(TOOL_OBJ) $(LIB) $(HOST_LIBS) -o $@

# Unit tests of the tool's parts (tests/unit/test_tool_*.c) see its headers and
# link its objects. The stem is shorter than the generic rule's, so make picks
# this rule for them.
$(BUILD)/tests/unit/test_tool_%.o: HOST_CFLAGS += -Itools/otaboot
$(BUILD)/tests/test_tool_%: $(BUILD)/tests/unit/test_tool_%.o $(TEST_SUPPORT_OBJ) $(TOOL_LIB_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $< $(TEST_SUPPORT_OBJ) $(TOOL_LIB_OBJ) $(LIB) -lcmocka $(HOST_LIBS) -o $@

ALL_TARGETS += $(TOOL)
CHECK_BUILD += $(TOOL)
