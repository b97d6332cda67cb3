/* SPDX-License-Identifier: Apache-2.0 */
/* board_hal.h for the Nucleo-F429ZI from otaboot's own STM32 port instead
 * of ST's HAL, so that `make check` links the examples into real firmware
 * (mk/examples.mk). In a CubeMX project the HAL and the generated code
 * provide these functions (board_hal.h shows how).
 *
 * NO_SYS=1: the network is port/stm32/stm32_net.c (Ethernet driver, lwIP,
 * DHCP with a static fallback), as in the demo application.
 * NO_SYS=0: the Ethernet netif is added to lwIP's tcpip thread with
 * tcpip_input, and a thread of its own moves received frames in (what ST's
 * ethernetif.c does under FreeRTOS). otaboot has no RTOS: the link test
 * links lwIP's single-threaded test port (test/unit/arch/sys_arch.c of the
 * lwIP source) in place of FreeRTOS and ST's sys_arch.c, which checks that
 * the example compiles and links against lwIP's NO_SYS=0 API; that image
 * schedules no threads, and board_rtos_start says so on the console. */
#include "board_hal.h"

#include "board.h" /* boards/nucleo-f429zi: clock, console, Ethernet pins */
#include "eth_pins.h"
#include "stm32_clock.h"
#include "stm32_flash.h"
#include "stm32_start.h"
#include "stm32_sys.h"
#include "stm32_uart.h"

#if NO_SYS
#include "stm32_net.h"
/* stm32_net.c's lwIP hooks (declared for lwIP in port/stm32/lwip/arch/cc.h). */
uint32_t net_rand(void);
void stm32_net_assert(const char *file, int line) __attribute__((noreturn));
#else
#include <errno.h>
#include <stddef.h>

#include "eth_netif.h"
#include "lwip/dhcp.h"
#include "lwip/tcpip.h"
#endif

static stm32_flash clock_flash = STM32_FLASH_ON_CHIP(&BOARD_FAMILY); /* wait states */
static const eth_board board_eth = BOARD_ETH; /* RMII pins, PHY address */
static stm32_clocks clk;

void board_init(void)
{
    static const stm32_clock_cfg clk_cfg = BOARD_CLOCK;
    static const stm32_uart_cfg con = BOARD_CONSOLE;

    stm32_start(&clock_flash, &clk_cfg, &con, BOARD_FAMILY.cache == STM32_CACHE_L1, &clk);
}

uint32_t board_millis(void)
{
    return stm32_millis();
}

void board_log(const char *line)
{
    stm32_uart_puts(line);
    stm32_uart_puts("\r\n");
}

void board_watchdog_refresh(void)
{
    stm32_iwdg_kick();
}

void board_reset(void)
{
    stm32_uart_flush();
    cm_reset();
}

#if NO_SYS

struct netif *board_net_start(void)
{
    const stm32_net_cfg cfg = {
        .board = BOARD_NAME, .eth = &board_eth, .fam = &BOARD_FAMILY, .hclk_hz = clk.hclk_hz};
    return stm32_net_start(&cfg);
}

int board_net_up(void)
{
    return stm32_net_ready();
}

void board_net_poll(void)
{
    stm32_net_poll();
}

uint32_t board_rand(void)
{
    return net_rand();
}

void board_assert(const char *file, int line)
{
    stm32_net_assert(file, line);
}

#else /* NO_SYS == 0 */

/* 96-bit unique device ID of the F4 (RM0090 39.1). */
#define UID_ADDR 0x1FFF7A10u

static eth_dma_mem dma_mem ETH_DMA_MEM_ATTR;
static eth_netif_state eth = {.mac = ETH_MAC_ON_CHIP(&dma_mem, NULL)};
static struct netif nif;
static uint32_t rand_state = 1u;

/* Received frames to tcpip_input, the PHY's link state every 100 ms. */
static void eth_thread(void *arg)
{
    uint32_t last = 0;

    (void)arg;
    for (;;) {
        eth_netif_poll(&nif);
        if (board_millis() - last >= 100u) {
            last = board_millis();
            LOCK_TCPIP_CORE();
            eth_netif_poll_link(&nif);
            UNLOCK_TCPIP_CORE();
        }
        sys_msleep(1);
    }
}

struct netif *board_net_start(void)
{
    const volatile uint8_t *uid = (const volatile uint8_t *)UID_ADDR;
    struct netif *added;
    int i;

    if (eth_mdio_cr(clk.hclk_hz, &eth.phy.cr) != OB_OK)
        return NULL;
    eth.phy.regs = eth.mac.regs;
    eth.phy.addr = board_eth.phy_addr;
    eth.phy.poll_limit = ETH_MDIO_POLLS;
    eth.phy.reset_polls = ETH_PHY_RESET_POLLS;
    eth.hwaddr[0] = 0x02; /* locally administered, unicast */
    for (i = 1; i < 6; i++) {
        eth.hwaddr[i] = (uint8_t)(uid[i - 1] ^ uid[i + 5]);
        rand_state = rand_state * 31u + uid[i + 5];
    }
    eth_pins_setup(&board_eth);

    tcpip_init(NULL, NULL);
    LOCK_TCPIP_CORE();
    added = netif_add(&nif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4, &eth, eth_netif_init, tcpip_input);
    if (added != NULL) {
        netif_set_default(&nif);
        netif_set_up(&nif);
        (void)dhcp_start(&nif);
    }
    UNLOCK_TCPIP_CORE();
    if (added == NULL) {
        board_log("Ethernet does not start (no PHY, or no REF_CLK)");
        return NULL;
    }
    sys_thread_new("eth", eth_thread, NULL, 512, 2);
    return &nif;
}

int board_net_up(void)
{
    return netif_is_link_up(&nif) && !ip4_addr_isany_val(*netif_ip4_addr(&nif));
}

/* newlib's malloc takes memory here (CubeMX generates this in sysmem.c);
 * lwIP's test port allocates its mailboxes with malloc. */
void *_sbrk(ptrdiff_t incr) __attribute__((used)); /* referenced from libc, after LTO */
void *_sbrk(ptrdiff_t incr)
{
    static uint8_t heap[4096] __attribute__((aligned(8)));
    static size_t used;
    void *p = &heap[used];

    if (incr < 0 || (size_t)incr > sizeof heap - used) {
        errno = ENOMEM;
        return (void *)-1;
    }
    used += (size_t)incr;
    return p;
}

/* No RTOS here: the task is kept for the link (all it calls is linked), and
 * the console says that this image is a link check. */
void (*volatile board_rtos_task)(void *arg);

void board_rtos_start(void (*task)(void *arg))
{
    board_rtos_task = task;
    board_log("link check of the NO_SYS=0 example: no RTOS linked, nothing scheduled");
    for (;;)
        board_watchdog_refresh();
}

/* TCP initial sequence numbers, ports, DHCP ids: a linear congruential step
 * (Numerical Recipes' constants) seeded from the unique ID, stirred with
 * the clock. */
uint32_t board_rand(void)
{
    rand_state = rand_state * 1664525u + 1013904223u + board_millis();
    return rand_state;
}

void board_assert(const char *file, int line)
{
    (void)file;
    (void)line;
    board_log("lwIP assertion failed");
    board_reset();
}

#endif
