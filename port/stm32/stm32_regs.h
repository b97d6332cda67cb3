/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: register maps, written from the reference manuals.
 *
 * RM0033 (STM32F20x/21x), RM0090 (STM32F405/407/415/417/427/429/437/439) and
 * RM0385 (STM32F74x/75x) give the same map for FLASH, RCC, PWR, GPIO and IWDG
 * on all three families; the USART is a different IP on the F7 (RM0385
 * section 34.8) from the F2/F4 one (RM0033 section 26.6, RM0090 section 30.6).
 * The Cortex-M system registers come from the ARMv7-M Architecture Reference
 * Manual (B3.2 System Control Space, B3.3 SysTick, B3.5 MPU) and, for the M7
 * L1 caches, from the Cortex-M7 programming manual PM0253 section 4.8.
 * Only what this port uses is defined; reserved words keep offsets right. */
#ifndef STM32_REGS_H
#define STM32_REGS_H

#include <stdint.h>

typedef volatile uint32_t reg32;

/* ---- Embedded flash interface: RM0033 3.8, RM0090 3.9, RM0385 3.7 ---- */
typedef struct {
    reg32 ACR;     /* 0x00 access control: latency, prefetch, caches */
    reg32 KEYR;    /* 0x04 */
    reg32 OPTKEYR; /* 0x08 */
    reg32 SR;      /* 0x0C */
    reg32 CR;      /* 0x10 */
    reg32 OPTCR;   /* 0x14 */
} stm32_flash_regs;
#define STM32_FLASH_BASE 0x40023C00u

#define FLASH_KEY1 0x45670123u
#define FLASH_KEY2 0xCDEF89ABu

#define FLASH_ACR_LATENCY_MASK 0xFu  /* 3 bits on F2 and F405/407, 4 on F42x and F7 */
#define FLASH_ACR_PRFTEN (1u << 8)
#define FLASH_ACR_ICEN (1u << 9)     /* F2/F4 ART instruction cache (ARTEN on F7) */
#define FLASH_ACR_DCEN (1u << 10)    /* F2/F4 ART data cache */
#define FLASH_ACR_ICRST (1u << 11)   /* F2/F4: write only while ICEN = 0 */
#define FLASH_ACR_DCRST (1u << 12)   /* F2/F4: write only while DCEN = 0 */

#define FLASH_SR_EOP (1u << 0)
#define FLASH_SR_OPERR (1u << 1)
#define FLASH_SR_WRPERR (1u << 4)
#define FLASH_SR_PGAERR (1u << 5)
#define FLASH_SR_PGPERR (1u << 6)
#define FLASH_SR_PGSERR (1u << 7)    /* named ERSERR on the F7 (RM0385 3.7.4) */
#define FLASH_SR_RDERR (1u << 8)     /* F42x/F43x only (PCROP read error) */
#define FLASH_SR_BSY (1u << 16)

#define FLASH_CR_PG (1u << 0)
#define FLASH_CR_SER (1u << 1)
#define FLASH_CR_MER (1u << 2)
#define FLASH_CR_SNB_SHIFT 3u        /* 4 bits wide, 5 on F42x (bank-2 sectors) */
#define FLASH_CR_PSIZE_X32 (2u << 8)
#define FLASH_CR_PSIZE_MASK (3u << 8)
#define FLASH_CR_STRT (1u << 16)
#define FLASH_CR_LOCK (1u << 31)

/* ---- RCC: RM0033 5.3, RM0090 6.3/7.3, RM0385 5.3 ---- */
typedef struct {
    reg32 CR;         /* 0x00 */
    reg32 PLLCFGR;    /* 0x04 */
    reg32 CFGR;       /* 0x08 */
    reg32 CIR;        /* 0x0C */
    reg32 AHB1RSTR;   /* 0x10 */
    reg32 AHB2RSTR;   /* 0x14 */
    reg32 AHB3RSTR;   /* 0x18 */
    reg32 rsv0;       /* 0x1C */
    reg32 APB1RSTR;   /* 0x20 */
    reg32 APB2RSTR;   /* 0x24 */
    reg32 rsv1[2];    /* 0x28 */
    reg32 AHB1ENR;    /* 0x30 */
    reg32 AHB2ENR;    /* 0x34 */
    reg32 AHB3ENR;    /* 0x38 */
    reg32 rsv2;       /* 0x3C */
    reg32 APB1ENR;    /* 0x40 */
    reg32 APB2ENR;    /* 0x44 */
    reg32 rsv3[10];   /* 0x48 .. 0x6C: low-power enables */
    reg32 BDCR;       /* 0x70 */
    reg32 CSR;        /* 0x74: reset flags */
} stm32_rcc_regs;
#define STM32_RCC_BASE 0x40023800u

#define RCC_CR_HSION (1u << 0)
#define RCC_CR_HSIRDY (1u << 1)
#define RCC_CR_HSEON (1u << 16)
#define RCC_CR_HSERDY (1u << 17)
#define RCC_CR_HSEBYP (1u << 18)
#define RCC_CR_CSSON (1u << 19)
#define RCC_CR_PLLON (1u << 24)
#define RCC_CR_PLLRDY (1u << 25)

#define RCC_PLLCFGR_M_SHIFT 0u   /* 6 bits, 2..63 */
#define RCC_PLLCFGR_N_SHIFT 6u   /* 9 bits */
#define RCC_PLLCFGR_P_SHIFT 16u  /* 2 bits: 0 -> /2, 1 -> /4, 2 -> /6, 3 -> /8 */
#define RCC_PLLCFGR_SRC_HSE (1u << 22)
#define RCC_PLLCFGR_Q_SHIFT 24u  /* 4 bits, 2..15 */
#define RCC_PLLCFGR_FIELDS 0x0F437FFFu /* M, N, P, SRC, Q: the rest is reserved */

#define RCC_CFGR_SW_MASK 3u
#define RCC_CFGR_SW_HSI 0u
#define RCC_CFGR_SW_HSE 1u
#define RCC_CFGR_SW_PLL 2u
#define RCC_CFGR_SWS_SHIFT 2u
#define RCC_CFGR_HPRE_SHIFT 4u   /* 4 bits: 0xxx = /1 */
#define RCC_CFGR_PPRE1_SHIFT 10u /* 3 bits: 0xx = /1, 100 = /2, 101 = /4, 110 = /8 */
#define RCC_CFGR_PPRE2_SHIFT 13u
#define RCC_CFGR_PRE_MASK (0xFu << 4 | 7u << 10 | 7u << 13)

#define RCC_APB1ENR_PWREN (1u << 28)
/* Console USART clock enables, as bit numbers (stm32_uart_cfg.en_bit): the
 * same in the APB1/APB2 peripheral clock enable registers RCC_APB1ENR and
 * RCC_APB2ENR of all three families (RM0033 5.3, RM0090 6.3/7.3, RM0385 5.3). */
#define RCC_APB1ENR_USART3EN_BIT 18u
#define RCC_APB2ENR_USART1EN_BIT 4u
#define RCC_APB2ENR_USART6EN_BIT 5u

#define RCC_CSR_RMVF (1u << 24)
#define RCC_CSR_BORRSTF (1u << 25) /* F2/F4; reserved on F7 */
#define RCC_CSR_PINRSTF (1u << 26)
#define RCC_CSR_PORRSTF (1u << 27)
#define RCC_CSR_SFTRSTF (1u << 28)
#define RCC_CSR_IWDGRSTF (1u << 29)
#define RCC_CSR_WWDGRSTF (1u << 30)
#define RCC_CSR_LPWRRSTF (1u << 31)

/* ---- PWR: RM0090 5.4 (PWR_CR/PWR_CSR), RM0385 4.4 (PWR_CR1/PWR_CSR1) ---- */
typedef struct {
    reg32 CR;  /* 0x00 (CR1 on F7) */
    reg32 CSR; /* 0x04 (CSR1 on F7) */
} stm32_pwr_regs;
#define STM32_PWR_BASE 0x40007000u

#define PWR_CR_VOS_SHIFT 14u     /* F405/407: 1 bit; F42x and F7: 2 bits, 0b11 = scale 1 */
#define PWR_CR_ODEN (1u << 16)   /* F42x, F7 */
#define PWR_CR_ODSWEN (1u << 17)
#define PWR_CSR_ODRDY (1u << 16)
#define PWR_CSR_ODSWRDY (1u << 17)

/* ---- GPIO: RM0033 6.4, RM0090 8.4, RM0385 6.4 ---- */
typedef struct {
    reg32 MODER;   /* 0x00: 2 bits per pin, 00 input, 01 output, 10 alternate */
    reg32 OTYPER;  /* 0x04 */
    reg32 OSPEEDR; /* 0x08 */
    reg32 PUPDR;   /* 0x0C: 01 pull-up */
    reg32 IDR;     /* 0x10 */
    reg32 ODR;     /* 0x14 */
    reg32 BSRR;    /* 0x18: low half sets, high half resets */
    reg32 LCKR;    /* 0x1C */
    reg32 AFR[2];  /* 0x20, 0x24: 4 bits per pin */
} stm32_gpio_regs;
#define STM32_GPIO_BASE(port) (0x40020000u + 0x400u * (uint32_t)(port))

/* ---- USART, F2/F4 IP: RM0033 26.6, RM0090 30.6 ---- */
typedef struct {
    reg32 SR;   /* 0x00 */
    reg32 DR;   /* 0x04 */
    reg32 BRR;  /* 0x08 */
    reg32 CR1;  /* 0x0C */
    reg32 CR2;  /* 0x10 */
    reg32 CR3;  /* 0x14 */
    reg32 GTPR; /* 0x18 */
} stm32_usart_v1_regs;
#define USART1_SR_RXNE (1u << 5)
#define USART1_SR_TC (1u << 6)
#define USART1_SR_TXE (1u << 7)
#define USART1_CR1_RE (1u << 2)
#define USART1_CR1_TE (1u << 3)
#define USART1_CR1_UE (1u << 13)

/* ---- USART, F7 IP: RM0385 34.8 ---- */
typedef struct {
    reg32 CR1;  /* 0x00 */
    reg32 CR2;  /* 0x04 */
    reg32 CR3;  /* 0x08 */
    reg32 BRR;  /* 0x0C */
    reg32 GTPR; /* 0x10 */
    reg32 RTOR; /* 0x14 */
    reg32 RQR;  /* 0x18 */
    reg32 ISR;  /* 0x1C */
    reg32 ICR;  /* 0x20 */
    reg32 RDR;  /* 0x24 */
    reg32 TDR;  /* 0x28 */
} stm32_usart_v2_regs;
#define USART2_CR1_UE (1u << 0)
#define USART2_CR1_RE (1u << 2)
#define USART2_CR1_TE (1u << 3)
#define USART2_ISR_RXNE (1u << 5)
#define USART2_ISR_TC (1u << 6)
#define USART2_ISR_TXE (1u << 7)
#define USART2_ICR_ALL 0x00121B5Fu /* every clear-flag bit (ORE, FE, NE, PE, ...) */

/* USART bases: the same on all three families. */
#define STM32_USART1_BASE 0x40011000u
#define STM32_USART3_BASE 0x40004800u
#define STM32_USART6_BASE 0x40011400u

/* ---- IWDG: RM0033 19.4, RM0090 21.4, RM0385 27.4 ---- */
typedef struct {
    reg32 KR;   /* 0x00 */
    reg32 PR;   /* 0x04 */
    reg32 RLR;  /* 0x08 */
    reg32 SR;   /* 0x0C: PVU, RVU (and WVU on F7) */
} stm32_iwdg_regs;
#define STM32_IWDG_BASE 0x40003000u
#define IWDG_KEY_RELOAD 0xAAAAu
#define IWDG_KEY_ACCESS 0x5555u
#define IWDG_KEY_START 0xCCCCu

/* ---- Cortex-M system control space (ARMv7-M ARM B3.2, B3.3) ---- */
typedef struct {
    reg32 CTRL;  /* 0xE000E010 */
    reg32 LOAD;
    reg32 VAL;
    reg32 CALIB;
} cm_systick_regs;
#define CM_SYSTICK_BASE 0xE000E010u
#define SYSTICK_ENABLE (1u << 0)
#define SYSTICK_TICKINT (1u << 1)
#define SYSTICK_CLKSOURCE_CPU (1u << 2)

typedef struct {
    reg32 CPUID;    /* 0x00 */
    reg32 ICSR;     /* 0x04 */
    reg32 VTOR;     /* 0x08 */
    reg32 AIRCR;    /* 0x0C */
    reg32 SCR;      /* 0x10 */
    reg32 CCR;      /* 0x14 */
    reg32 SHPR[3];  /* 0x18 */
    reg32 SHCSR;    /* 0x24 */
    reg32 CFSR;     /* 0x28 */
    reg32 HFSR;     /* 0x2C */
    reg32 rsv0[20]; /* 0x30 .. 0x7C */
    reg32 CCSIDR;   /* 0x80 (M7) */
    reg32 CSSELR;   /* 0x84 (M7) */
    reg32 CPACR;    /* 0x88 */
    reg32 rsv1;     /* 0x8C */
    reg32 MPU_TYPE; /* 0x90 */
    reg32 MPU_CTRL; /* 0x94 */
} cm_scb_regs;
#define CM_SCB_BASE 0xE000ED00u
#define SCB_ICSR_PENDSTCLR (1u << 25)
#define SCB_AIRCR_VECTKEY (0x05FAu << 16)
#define SCB_AIRCR_PRIGROUP_MASK (7u << 8)
#define SCB_AIRCR_SYSRESETREQ (1u << 2)
#define SCB_CCR_DC (1u << 16)
#define SCB_CCR_IC (1u << 17)
#define SCB_CPACR_CP10_CP11 (0xFu << 20)

/* Cache maintenance operations (ARMv7-M ARM B2.2.7, PM0253 4.8). */
typedef struct {
    reg32 ICIALLU;  /* 0xE000EF50 */
    reg32 rsv0;
    reg32 ICIMVAU;  /* 0x58 */
    reg32 DCIMVAC;  /* 0x5C: invalidate data cache line by address */
    reg32 DCISW;    /* 0x60 */
    reg32 DCCMVAU;  /* 0x64 */
    reg32 DCCMVAC;  /* 0x68 */
    reg32 DCCSW;    /* 0x6C */
    reg32 DCCIMVAC; /* 0x70 */
    reg32 DCCISW;   /* 0x74: clean and invalidate by set/way */
} cm_cache_regs;
#define CM_CACHE_BASE 0xE000EF50u
#define CM_DCACHE_LINE 32u /* Cortex-M7 L1 line size (PM0253 4.8.1) */

#define CM_NVIC_ICER 0xE000E180u /* 8 words: write 1 to disable */
#define CM_NVIC_ICPR 0xE000E280u /* 8 words: write 1 to clear pending */

/* ---- RNG: RM0033 20.4, RM0090 24.4, RM0385 19.4 (same map on all three) ---- */
typedef struct {
    reg32 CR; /* 0x00 */
    reg32 SR; /* 0x04 */
    reg32 DR; /* 0x08 */
} stm32_rng_regs;
#define STM32_RNG_BASE 0x50060800u
#define RCC_AHB2ENR_RNGEN (1u << 6)
#define RNG_CR_RNGEN (1u << 2)
#define RNG_SR_DRDY (1u << 0)
#define RNG_SR_SECS (1u << 2) /* seed error: the noise source failed its test */
#define RNG_SR_SEIS (1u << 6)

#endif
