/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: lwIP bring-up on the Ethernet driver, polling, the
 * PHY's link (the address: agent/net_addr.c), and the platform hooks lwIP
 * needs (sys_now, the assertion handler). See stm32_net.h. */
#include "stm32_net.h"

#include "eth_netif.h"
#include "eth_pins.h"
#include "line.h"
#include "lwip/init.h"
#include "lwip/timeouts.h"
#include "net_addr.h"
#include "netif/ethernet.h"
#include "stm32_sys.h"
#include "stm32_uart.h"
#include "verify.h"

#define LINK_POLL_MS 100u

/* 96-bit unique device ID: RM0033 30.2 and RM0090 39.1 (0x1FFF7A10),
 * RM0385 41.1 (0x1FF0F420). */
#define UID_F2_F4 0x1FFF7A10u
#define UID_F7 0x1FF0F420u

static eth_dma_mem dma_mem ETH_DMA_MEM_ATTR;
static eth_netif_state eth = {.mac = ETH_MAC_ON_CHIP(&dma_mem, NULL)};
static struct netif nif;
static int started;
static uint32_t poll_ms;

u32_t sys_now(void)
{
    return stm32_millis();
}

void stm32_net_assert(const char *file, int line)
{
    ob_line l;
    ob_line_init(&l);
    ob_line_str(ob_line_str(&l, "lwIP assertion failed at "), file);
    ob_line_u32(ob_line_str(&l, ":"), (uint32_t)line);
    stm32_uart_write(l.buf, l.len);
    stm32_uart_puts("\n");
    stm32_uart_flush();
    cm_reset();
}

static void say(const char *a, const char *b)
{
    stm32_uart_puts(a);
    stm32_uart_puts(b);
    stm32_uart_puts("\n");
}

/* A locally administered unicast address (IEEE 802 U/L bit set, I/G bit
 * clear) from the CRC-32 of the unique ID: stable per chip, distinct between
 * boards on one network with high probability. */
static void mac_from_uid(const stm32_family *fam, uint8_t mac[6])
{
    const volatile uint8_t *uid =
        (const volatile uint8_t *)(uintptr_t)(fam->cache == STM32_CACHE_L1 ? UID_F7 : UID_F2_F4);
    uint8_t id[12];
    uint32_t crc, i;

    for (i = 0; i < sizeof id; i++)
        id[i] = uid[i];
    crc = ob_crc32(0, id, sizeof id);
    mac[0] = 0x02;
    mac[1] = (uint8_t)(id[0] ^ id[4] ^ id[8]);
    mac[2] = (uint8_t)(crc >> 24);
    mac[3] = (uint8_t)(crc >> 16);
    mac[4] = (uint8_t)(crc >> 8);
    mac[5] = (uint8_t)crc;
    net_rand_stir(crc);
}

static void say_line(const char *line)
{
    say(line, "");
}

static const net_addr_cfg addr_cfg = {
    .dhcp = STM32_NET_DHCP,
    .wait_ms = STM32_NET_DHCP_WAIT_MS,
    .ip = STM32_NET_STATIC_IP,
    .mask = STM32_NET_STATIC_MASK,
    .gw = STM32_NET_STATIC_GW,
    .say = say_line,
};

struct netif *stm32_net_start(const stm32_net_cfg *cfg)
{
    const eth_board *b = cfg->eth;
    ip4_addr_t any;
    ob_line l;
    int i;

    if (started)
        return &nif;
    if (b == NULL) {
        say("net: no Ethernet pin map (BOARD_ETH in its board.h) for ", cfg->board);
        return NULL;
    }
    if (eth_mdio_cr(cfg->hclk_hz, &eth.phy.cr) != OB_OK) {
        say("net: HCLK outside the MDC clock ranges", "");
        return NULL;
    }
    eth.mac.cache = cfg->fam->cache == STM32_CACHE_L1 ? &eth_cache_l1 : NULL;
    eth.phy.regs = eth.mac.regs;
    eth.phy.addr = b->phy_addr;
    eth.phy.poll_limit = ETH_MDIO_POLLS;
    eth.phy.reset_polls = ETH_PHY_RESET_POLLS;
    mac_from_uid(cfg->fam, eth.hwaddr);
    eth_pins_setup(b);

    ip4_addr_set_zero(&any);
    lwip_init();
    if (!netif_add(&nif, &any, &any, &any, &eth, eth_netif_init, ethernet_input)) {
        say("net: Ethernet does not start: ",
            eth.init_error == OB_ERR_TIMEOUT ? "MAC reset timed out (no 50 MHz REF_CLK from the PHY?)"
            : eth.init_error == OB_ERR_STATE ? "no PHY answers on MDIO"
                                             : ob_strerror(eth.init_error));
        return NULL;
    }
    ob_line_init(&l);
    ob_line_str(&l, "net: Ethernet MAC ");
    for (i = 0; i < 6; i++) {
        static const char hex[] = "0123456789abcdef";
        char h[4] = {hex[eth.hwaddr[i] >> 4], hex[eth.hwaddr[i] & 15], ':', 0};
        if (i == 5)
            h[2] = 0;
        ob_line_str(&l, h);
    }
    ob_line_str(ob_line_str(&l, ", PHY "), eth_phy_name(eth.phy.model));
    ob_line_str(&l, STM32_NET_DHCP ? ", DHCP, static fallback " STM32_NET_STATIC_IP
                                   : ", static " STM32_NET_STATIC_IP);
    say(l.buf, "");
    netif_set_default(&nif);
    netif_set_up(&nif);
    net_addr_start(&nif, &addr_cfg);
    started = 1;
    say("net: waiting for the Ethernet link", "");
    return &nif;
}

int stm32_net_ready(void)
{
    return started && net_addr_ready();
}

static void show_link(void)
{
    int up = netif_is_link_up(&nif);
    if (!net_addr_link(up, stm32_millis()))
        return;
    if (up) {
        say(eth.phy.link.speed_100 ? "net: link up, 100 Mbit/s" : "net: link up, 10 Mbit/s",
            eth.phy.link.full_duplex ? " full duplex" : " half duplex");
    } else {
        say("net: link down", "");
    }
}

void stm32_net_poll(void)
{
    uint32_t now;

    if (!started)
        return;
    eth_netif_poll(&nif);
    now = stm32_millis();
    if (now - poll_ms >= LINK_POLL_MS) {
        poll_ms = now;
        eth_netif_poll_link(&nif);
        show_link();
    }
    sys_check_timeouts();
    net_addr_poll(now);
}
