# SPDX-License-Identifier: Apache-2.0
# STM32F74x (RM0385): Cortex-M7F, USART v2, 98 interrupts (table 40).
CPU := -mcpu=cortex-m7 -mthumb -mfpu=fpv5-sp-d16 -mfloat-abi=hard
USART_SRC := port/stm32/usart_v2.c
IRQS := 98
