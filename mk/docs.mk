# SPDX-License-Identifier: Apache-2.0
# The repository stands on its own (tests/lint/standalone.sh): no tracked
# file cites a path or a document outside the tree, no process words. The
# script's self-test first plants each kind of fault in a scratch tree.
.PHONY: lint-standalone
lint-standalone:
	tests/lint/standalone.sh
CHECK_PROGS += tests/lint/standalone.sh
