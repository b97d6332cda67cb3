/* SPDX-License-Identifier: Apache-2.0 */
/* The board functions the two examples call: what a CubeMX project already
 * has (HAL and generated code), named here so the examples compile anywhere.
 * In your project each is a line or two over the HAL (shown after each
 * declaration). For otaboot's own link test, board_nucleo_f429zi.c provides
 * them from otaboot's STM32 port (port/stm32) for the Nucleo-F429ZI. */
#ifndef BOARD_HAL_H
#define BOARD_HAL_H

#include <stdint.h>

#include "lwip/netif.h"

/* HAL_Init(); SystemClock_Config(); MX_GPIO_Init(); MX_USART3_UART_Init(); */
void board_init(void);

/* return HAL_GetTick(); */
uint32_t board_millis(void);

/* HAL_UART_Transmit(&huart3, line, strlen(line), 100), then "\r\n" */
void board_log(const char *line);

/* IWDG->KR = 0xAAAA; (or HAL_IWDG_Refresh(&hiwdg) after MX_IWDG_Init())
 * bl1 started the independent watchdog: it cannot be stopped. */
void board_watchdog_refresh(void);

/* NVIC_SystemReset(); */
void board_reset(void) __attribute__((noreturn));

/* MX_LWIP_Init(): lwIP, the Ethernet netif (ST's ethernetif_init), DHCP;
 * returns &gnetif. With NO_SYS=0 it also starts the tcpip thread
 * (tcpip_init) and adds the netif with tcpip_input. */
struct netif *board_net_start(void);

/* 1 once the link is up and the netif has an address:
 * netif_is_link_up(&gnetif) && !ip4_addr_isany_val(*netif_ip4_addr(&gnetif)) */
int board_net_up(void);

/* NO_SYS=1 only: MX_LWIP_Process(): ethernetif_input(&gnetif) and
 * sys_check_timeouts(). */
void board_net_poll(void);

/* NO_SYS=0 only: run task as a thread and start the scheduler:
 * osThreadNew(task, NULL, &attributes); osKernelStart(); */
void board_rtos_start(void (*task)(void *arg)) __attribute__((noreturn));

#endif
