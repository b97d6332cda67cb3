# SPDX-License-Identifier: Apache-2.0
# STM32F405/407 (RM0090): Cortex-M4F, USART v1, 82 interrupts (table 61).
CPU := -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard
USART_SRC := port/stm32/usart_v1.c
IRQS := 82
