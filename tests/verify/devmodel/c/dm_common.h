/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dm_common.h - what every device-model test harness shares: the failure macro and the test
 * frame (Ethernet + IPv4 + UDP 12345 -> 53, payload stamped with its sequence number at
 * offset 42 so a receiver can check order and content).
 */
#ifndef DM_COMMON_H
#define DM_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAIL(...) do { fprintf(stderr, "FAIL: " __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)

static inline uint32_t make_frame(uint8_t *f, uint32_t seq, uint32_t len)
{
	uint32_t i;

	memset(f, 0, 42);
	memcpy(f, "\x52\x54\x00\x12\x34\x56\x52\x54\x00\xab\xcd\xef\x08\x00", 14);
	f[14] = 0x45;
	f[16] = (uint8_t)((len - 14) >> 8);
	f[17] = (uint8_t)(len - 14);
	f[22] = 64;
	f[23] = 17;
	memcpy(f + 26, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	f[34] = 0x30; f[35] = 0x39; f[36] = 0x00; f[37] = 0x35;
	f[38] = (uint8_t)((len - 34) >> 8);
	f[39] = (uint8_t)(len - 34);
	for (i = 42; i < len; i++)
		f[i] = (uint8_t)(seq * 7 + i);
	memcpy(f + 42, &seq, 4);
	return len;
}

#endif /* DM_COMMON_H */
