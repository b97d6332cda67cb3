# SPDX-License-Identifier: Apache-2.0
# STM32F2 (RM0033): Cortex-M3, USART v1, 81 interrupts (table 20).
CPU := -mcpu=cortex-m3 -mthumb -mfloat-abi=soft
USART_SRC := port/stm32/usart_v1.c
IRQS := 81
