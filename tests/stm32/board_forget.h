/* SPDX-License-Identifier: Apache-2.0 */
/* Forgets what the last boards/<board>/board.h defined, so that
 * test_stm32_boards.c can include the next board's (the list of them,
 * stm32_boards.inc, comes from scripts/board-lists.sh). No include guard: it is
 * meant to be included once after each board. */
#undef BOARD_H
#undef BOARD_NAME
#undef BOARD_FAMILY
#undef BOARD_CLOCK
#undef BOARD_CONSOLE
#undef BOARD_LED
#undef BOARD_LED_ACTIVE_HIGH
#undef BOARD_SYSCLK_HZ
#undef BOARD_QEMU
#undef BOARD_ETH
#undef BOARD_LSE_HZ
