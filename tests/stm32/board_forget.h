/* SPDX-License-Identifier: Apache-2.0 */
/* Forgets what the last boards/<board>/board.h defined, so that
 * test_stm32_boards.c can include the next board's. No include guard: it is
 * meant to be included once after each board. */
#undef BOARD_H
#undef BOARD_NAME
#undef BOARD_FAMILY
#undef BOARD_CLOCK
#undef BOARD_CONSOLE
#undef BOARD_LED
#undef BOARD_LED_ACTIVE_HIGH
