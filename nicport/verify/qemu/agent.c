// SPDX-License-Identifier: GPL-2.0-only
/*
 * nicport-agent: the guest half of nicport's L3 (QEMU) traffic plan.
 *
 * Built statically at initramfs build time and run by the generated /init.
 * It reports on the serial console with lines that start with "@@NP "; the
 * host half (nicport/verify/qemu/peer.py) checks every frame on the wire.
 *
 *   nicport-agent now                                   monotonic time, ns
 *   nicport-agent waitlink IF TIMEOUT_MS                wait for carrier
 *   nicport-agent waitcarrier IF 0|1 TIMEOUT_MS         wait for carrier 0 / 1 and operstate down / up
 *   nicport-agent features IF                           offload state (ethtool ioctls)
 *   nicport-agent stats IF                              ethtool -S
 *   nicport-agent gro-off IF                            switch GRO off (see cmd_gro_off)
 *   nicport-agent offload IF NAME...                    switch claimed offloads on
 *   nicport-agent settle IF TIMEOUT_MS                  wait for the packet counters to settle
 *   nicport-agent udp-send TAG SRC DST PORT COUNT       stream guest -> host
 *   nicport-agent udp-recv TAG SRC PORT COUNT DST CPORT IF  stream host -> guest (acked)
 *   nicport-agent tcp-send TAG DST PORT BYTES           one TCP connection (TSO when offered)
 *
 * The payload pattern is shared with peer.py (payload_for / tcp_byte):
 *   UDP datagram seq: "NPU1", be32 seq, then byte i (i >= 8) = (seq * 7 + i * 13) & 0xff,
 *   length 8 + (seq * 97) % 1465 (8 .. 1472 bytes: every frame size from tiny to full MTU).
 *   TCP stream byte at offset o = (o * 31 + (o >> 8)) & 0xff.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define NP_MAGIC "NPU1"
#define NP_BAD_SEQ 0xffffffffu	/* host marks datagrams it corrupted on purpose */
#define NP_ACK_EVERY 16

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static size_t udp_len(uint32_t seq)
{
	return 8 + (size_t)((seq * 97u) % 1465u);
}

static void udp_fill(unsigned char *buf, uint32_t seq)
{
	size_t i, n = udp_len(seq);
	uint32_t be = htonl(seq);

	memcpy(buf, NP_MAGIC, 4);
	memcpy(buf + 4, &be, 4);
	for (i = 8; i < n; i++)
		buf[i] = (unsigned char)((seq * 7u + i * 13u) & 0xff);
}

static unsigned char tcp_byte(uint64_t off)
{
	return (unsigned char)((off * 31u + (off >> 8)) & 0xff);
}

static int die(const char *what)
{
	printf("@@NP error %s errno=%d (%s)\n", what, errno, strerror(errno));
	fflush(stdout);
	return 1;
}

static int sockaddr_of(struct sockaddr_in *sa, const char *ip, int port)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, ip, &sa->sin_addr) == 1 ? 0 : -1;
}

static int ethtool(int fd, const char *ifname, void *cmd)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = cmd;
	return ioctl(fd, SIOCETHTOOL, &ifr);
}

static int get_value(int fd, const char *ifname, uint32_t op)
{
	struct ethtool_value v = { .cmd = op };

	if (ethtool(fd, ifname, &v) < 0)
		return -1;
	return (int)v.data;
}

static int cmd_features(const char *ifname)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int flags;

	if (fd < 0)
		return die("socket");
	flags = get_value(fd, ifname, ETHTOOL_GFLAGS);
	printf("@@NP features tx_csum=%d rx_csum=%d sg=%d tso=%d txvlan=%d rxvlan=%d\n",
	       get_value(fd, ifname, ETHTOOL_GTXCSUM),
	       get_value(fd, ifname, ETHTOOL_GRXCSUM),
	       get_value(fd, ifname, ETHTOOL_GSG),
	       get_value(fd, ifname, ETHTOOL_GTSO),
	       flags < 0 ? -1 : !!(flags & ETH_FLAG_TXVLAN),
	       flags < 0 ? -1 : !!(flags & ETH_FLAG_RXVLAN));
	close(fd);
	return 0;
}

/*
 * GRO off: GRO validates UDP/TCP checksums in software and marks the skb, which would hide
 * whether the driver reported the NIC's checksum verdict.  With it off, the packet tap in
 * udp-recv sees exactly what the driver set.
 */
static int cmd_gro_off(const char *ifname)
{
	struct ethtool_value v = { .cmd = ETHTOOL_SGRO, .data = 0 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		return die("socket");
	if (ethtool(fd, ifname, &v) < 0)
		return die("ETHTOOL_SGRO");
	close(fd);
	printf("@@NP gro off rc=0 gro=%d\n", get_value(socket(AF_INET, SOCK_DGRAM, 0), ifname, ETHTOOL_GGRO));
	return 0;
}

static int set_value(int fd, const char *ifname, uint32_t op, uint32_t value)
{
	struct ethtool_value v = { .cmd = op, .data = value };

	return ethtool(fd, ifname, &v);
}

/*
 * Switch on the offloads the driver claims (ethtool -K): the harness tests what is claimed,
 * whether or not the driver enables it by default.  Each name: tx_csum rx_csum tso vlan.
 */
static int cmd_offload(int argc, char **argv)
{
	const char *ifname = argv[0];
	int fd = socket(AF_INET, SOCK_DGRAM, 0), i, rc = 0;

	if (fd < 0)
		return die("socket");
	for (i = 1; i < argc; i++) {
		int r;

		/* set only what is off: a fixed feature that is already on refuses a set */
		if (!strcmp(argv[i], "tx_csum"))
			r = get_value(fd, ifname, ETHTOOL_GTXCSUM) == 1 ? 0 :
			    set_value(fd, ifname, ETHTOOL_STXCSUM, 1);
		else if (!strcmp(argv[i], "rx_csum"))
			r = get_value(fd, ifname, ETHTOOL_GRXCSUM) == 1 ? 0 :
			    set_value(fd, ifname, ETHTOOL_SRXCSUM, 1);
		else if (!strcmp(argv[i], "tso"))
			r = get_value(fd, ifname, ETHTOOL_GTSO) == 1 ? 0 :
			    set_value(fd, ifname, ETHTOOL_STSO, 1);
		else if (!strcmp(argv[i], "vlan")) {
			int flags = get_value(fd, ifname, ETHTOOL_GFLAGS);
			uint32_t want = ETH_FLAG_TXVLAN | ETH_FLAG_RXVLAN;

			r = flags < 0 ? -1 : ((uint32_t)flags & want) == want ? 0 :
			    set_value(fd, ifname, ETHTOOL_SFLAGS, (uint32_t)flags | want);
		} else {
			errno = EINVAL;
			r = -1;
		}
		printf("@@NP offload %s rc=%d%s%s\n", argv[i], r < 0 ? errno : 0,
		       r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
		rc |= r < 0;
	}
	close(fd);
	return rc;
}

static int cmd_stats(const char *ifname)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	struct ethtool_gstrings *names;
	struct ethtool_stats *stats;
	uint32_t i, n;

	if (fd < 0)
		return die("socket");
	if (ethtool(fd, ifname, &info) < 0)
		return die("ETHTOOL_GDRVINFO");
	printf("@@NP drvinfo driver=%s bus=%s\n", info.driver, info.bus_info);
	n = info.n_stats;
	if (n == 0)
		return 0;
	names = calloc(1, sizeof(*names) + (size_t)n * ETH_GSTRING_LEN);
	stats = calloc(1, sizeof(*stats) + (size_t)n * sizeof(uint64_t));
	if (!names || !stats)
		return die("calloc");
	names->cmd = ETHTOOL_GSTRINGS;
	names->string_set = ETH_SS_STATS;
	names->len = n;
	stats->cmd = ETHTOOL_GSTATS;
	stats->n_stats = n;
	if (ethtool(fd, ifname, names) < 0 || ethtool(fd, ifname, stats) < 0)
		return die("ETHTOOL_GSTATS");
	for (i = 0; i < n; i++) {
		char name[ETH_GSTRING_LEN + 1];

		memcpy(name, names->data + (size_t)i * ETH_GSTRING_LEN, ETH_GSTRING_LEN);
		name[ETH_GSTRING_LEN] = 0;
		printf("@@NP ethstat %s %llu\n", name, (unsigned long long)stats->data[i]);
	}
	close(fd);
	return 0;
}

static int cmd_waitlink(const char *ifname, int timeout_ms)
{
	char path[128], c = '0';
	uint64_t t0 = now_ns(), deadline = t0 + (uint64_t)timeout_ms * 1000000ull;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/carrier", ifname);
	while (now_ns() < deadline) {
		f = fopen(path, "r");
		if (f) {
			if (fread(&c, 1, 1, f) != 1)
				c = '0';
			fclose(f);
		}
		if (c == '1') {
			printf("@@NP link up us=%llu\n",
			       (unsigned long long)((now_ns() - t0) / 1000));
			return 0;
		}
		usleep(1000);
	}
	printf("@@NP link down timeout_ms=%d\n", timeout_ms);
	return 1;
}

static void read_word(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (f) {
		if (!fgets(buf, (int)len, f))
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, "\r\n")] = '\0';
}

/*
 * Wait until /sys/class/net/IF/carrier reads `want` and operstate says "up" (1) or "down" (0):
 * the carrier is the driver's netif_carrier_on/off, operstate follows through linkwatch.
 */
static int cmd_waitcarrier(const char *ifname, int want, int timeout_ms)
{
	char cpath[128], opath[128], c[16], o[32];
	uint64_t t0 = now_ns(), deadline = t0 + (uint64_t)timeout_ms * 1000000ull, tc = 0;

	snprintf(cpath, sizeof(cpath), "/sys/class/net/%s/carrier", ifname);
	snprintf(opath, sizeof(opath), "/sys/class/net/%s/operstate", ifname);
	for (;;) {
		read_word(cpath, c, sizeof(c));
		read_word(opath, o, sizeof(o));
		if (!tc && c[0] == (want ? '1' : '0'))
			tc = now_ns();
		if (tc && !strcmp(o, want ? "up" : "down")) {
			printf("@@NP carrier value=%s operstate=%s carrier_us=%llu us=%llu\n", c, o,
			       (unsigned long long)((tc - t0) / 1000), (unsigned long long)((now_ns() - t0) / 1000));
			return 0;
		}
		if (now_ns() >= deadline)
			break;
		usleep(1000);
	}
	printf("@@NP carrier value=%s operstate=%s timeout_ms=%d want=%d\n", c[0] ? c : "?", o[0] ? o : "?",
	       timeout_ms, want);
	return 1;
}

static unsigned long long read_stat(const char *ifname, const char *name)
{
	char path[160];
	unsigned long long v = ~0ull;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s", ifname, name);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%llu", &v) != 1)
			v = ~0ull;
		fclose(f);
	}
	return v;
}

/*
 * Wait until the interface's packet counters stop moving: drivers reclaim TX descriptors
 * (and count them) from a delayed interrupt, so the last frames of a flood are counted a
 * little after they left.  Stable = unchanged over 300 ms.
 */
static int cmd_settle(const char *ifname, int timeout_ms)
{
	uint64_t t0 = now_ns(), deadline = t0 + (uint64_t)timeout_ms * 1000000ull;
	unsigned long long tx = read_stat(ifname, "tx_packets"), rx = read_stat(ifname, "rx_packets");
	int stable = 0;

	while (now_ns() < deadline) {
		unsigned long long tx2, rx2;

		usleep(50000);
		tx2 = read_stat(ifname, "tx_packets");
		rx2 = read_stat(ifname, "rx_packets");
		stable = (tx2 == tx && rx2 == rx) ? stable + 1 : 0;
		tx = tx2;
		rx = rx2;
		if (stable >= 6) {
			printf("@@NP settle ms=%llu\n", (unsigned long long)((now_ns() - t0) / 1000000));
			return 0;
		}
	}
	printf("@@NP warn counters still moving after %d ms\n", timeout_ms);
	return 1;
}

static int cmd_udp_send(const char *tag, const char *src, const char *dst, int port, uint32_t count)
{
	struct sockaddr_in local, peer;
	unsigned char buf[1500];
	uint32_t seq, sent = 0;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		return die("socket");
	if (sockaddr_of(&local, src, 0) || sockaddr_of(&peer, dst, port))
		return die("address");
	if (bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0)
		return die("bind");
	for (seq = 0; seq < count; seq++) {
		udp_fill(buf, seq);
		if (sendto(fd, buf, udp_len(seq), 0, (struct sockaddr *)&peer, sizeof(peer)) < 0)
			return die("sendto");
		sent++;
	}
	printf("@@NP udp-tx tag=%s sent=%u\n", tag, sent);
	close(fd);
	return 0;
}

/*
 * A packet socket beside the UDP socket sees each datagram as the driver handed it up, with
 * the driver's checksum verdict: TP_STATUS_CSUM_VALID is set when the skb arrived
 * CHECKSUM_UNNECESSARY (RX checksum offload).  Opened before READY, read after the stream.
 */
static int csum_tap_open(const char *ifname)
{
	struct sockaddr_ll sll;
	int fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	int one = 1, buf = 16 << 20;

	if (fd < 0)
		return -1;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IP);
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf));
	if (setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

struct csum_count {
	uint32_t seen, valid, bad_seen, bad_valid;
};

static void csum_tap_drain(int fd, int port, struct csum_count *c)
{
	unsigned char pkt[2048];
	char ctl[CMSG_SPACE(sizeof(struct tpacket_auxdata))];

	for (;;) {
		struct iovec iov = { .iov_base = pkt, .iov_len = sizeof(pkt) };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = ctl, .msg_controllen = sizeof(ctl) };
		struct cmsghdr *cm;
		uint32_t status = 0, seq;
		ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
		size_t ihl;

		if (n < 0)
			return;
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == SOL_PACKET && cm->cmsg_type == PACKET_AUXDATA)
				status = ((struct tpacket_auxdata *)CMSG_DATA(cm))->tp_status;
		if (n < 20 || pkt[9] != 17)
			continue;
		ihl = (size_t)(pkt[0] & 0x0f) * 4;
		if ((size_t)n < ihl + 16 || ((pkt[ihl + 2] << 8) | pkt[ihl + 3]) != port ||
		    memcmp(pkt + ihl + 8, NP_MAGIC, 4))
			continue;
		memcpy(&seq, pkt + ihl + 12, 4);
		if (ntohl(seq) == NP_BAD_SEQ) {
			c->bad_seen++;
			c->bad_valid += !!(status & TP_STATUS_CSUM_VALID);
		} else {
			c->seen++;
			c->valid += !!(status & TP_STATUS_CSUM_VALID);
		}
	}
}

static int cmd_udp_recv(const char *tag, const char *src, int port, uint32_t count,
			const char *dst, int cport, const char *ifname)
{
	struct sockaddr_in local, ctl;
	unsigned char buf[2048], want[1500];
	struct timeval tv = { .tv_sec = 3 };
	struct csum_count cs = { 0 };
	uint32_t got = 0, bad = 0, corrupt = 0, next = 0;
	char msg[64];
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int tap = csum_tap_open(ifname);
	int rcvbuf = 1 << 20;

	if (fd < 0 || tap < 0)
		return die("socket");
	if (sockaddr_of(&local, src, port) || sockaddr_of(&ctl, dst, cport))
		return die("address");
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0)
		return die("bind");
	snprintf(msg, sizeof(msg), "READY %s %u", tag, count);
	if (sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&ctl, sizeof(ctl)) < 0)
		return die("sendto ready");
	while (got < count) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		uint32_t seq;

		if (n < 0)
			break;	/* timeout: reported below */
		if (n < 8 || memcmp(buf, NP_MAGIC, 4)) {
			bad++;
			continue;
		}
		memcpy(&seq, buf + 4, 4);
		seq = ntohl(seq);
		if (seq == NP_BAD_SEQ) {
			corrupt++;	/* a bad checksum got through the stack */
			continue;
		}
		udp_fill(want, seq);
		if (seq != next || (size_t)n != udp_len(seq) || memcmp(buf, want, (size_t)n))
			bad++;
		next = seq + 1;
		got++;
		if (got % NP_ACK_EVERY == 0 || got == count) {
			snprintf(msg, sizeof(msg), "ACK %s %u", tag, got);
			if (sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&ctl, sizeof(ctl)) < 0)
				return die("sendto ack");
		}
	}
	csum_tap_drain(tap, port, &cs);
	printf("@@NP udp-rx tag=%s got=%u bad=%u corrupt_delivered=%u "
	       "tap_seen=%u csum_valid=%u tap_bad_seen=%u bad_csum_valid=%u\n",
	       tag, got, bad, corrupt, cs.seen, cs.valid, cs.bad_seen, cs.bad_valid);
	close(tap);
	close(fd);
	return got == count && bad == 0 && corrupt == 0 ? 0 : 1;
}

static int cmd_tcp_send(const char *tag, const char *dst, int port, uint64_t bytes)
{
	struct sockaddr_in peer;
	unsigned char buf[65536];
	struct timeval tv = { .tv_sec = 4 };
	uint64_t off = 0;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return die("socket");
	if (sockaddr_of(&peer, dst, port))
		return die("address");
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&peer, sizeof(peer)) < 0)
		return die("connect");
	while (off < bytes) {
		size_t i, n = bytes - off < sizeof(buf) ? (size_t)(bytes - off) : sizeof(buf);
		ssize_t w;

		for (i = 0; i < n; i++)
			buf[i] = tcp_byte(off + i);
		w = write(fd, buf, n);
		if (w <= 0)
			return die("write");
		off += (uint64_t)w;
	}
	shutdown(fd, SHUT_WR);
	if (read(fd, buf, sizeof(buf)) != 0)	/* wait for the peer's FIN */
		return die("read fin");
	printf("@@NP tcp-tx tag=%s bytes=%llu\n", tag, (unsigned long long)off);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 2;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "now"))
		rc = printf("%llu\n", (unsigned long long)now_ns()) > 0 ? 0 : 1;
	else if (argc == 4 && !strcmp(argv[1], "waitlink"))
		rc = cmd_waitlink(argv[2], atoi(argv[3]));
	else if (argc == 5 && !strcmp(argv[1], "waitcarrier"))
		rc = cmd_waitcarrier(argv[2], atoi(argv[3]), atoi(argv[4]));
	else if (argc == 4 && !strcmp(argv[1], "settle"))
		rc = cmd_settle(argv[2], atoi(argv[3]));
	else if (argc == 3 && !strcmp(argv[1], "features"))
		rc = cmd_features(argv[2]);
	else if (argc >= 3 && !strcmp(argv[1], "offload"))
		rc = cmd_offload(argc - 2, argv + 2);
	else if (argc == 3 && !strcmp(argv[1], "gro-off"))
		rc = cmd_gro_off(argv[2]);
	else if (argc == 3 && !strcmp(argv[1], "stats"))
		rc = cmd_stats(argv[2]);
	else if (argc == 7 && !strcmp(argv[1], "udp-send"))
		rc = cmd_udp_send(argv[2], argv[3], argv[4], atoi(argv[5]),
				  (uint32_t)strtoul(argv[6], NULL, 0));
	else if (argc == 9 && !strcmp(argv[1], "udp-recv"))
		rc = cmd_udp_recv(argv[2], argv[3], atoi(argv[4]),
				  (uint32_t)strtoul(argv[5], NULL, 0), argv[6], atoi(argv[7]), argv[8]);
	else if (argc == 6 && !strcmp(argv[1], "tcp-send"))
		rc = cmd_tcp_send(argv[2], argv[3], atoi(argv[4]), strtoull(argv[5], NULL, 0));
	else
		fprintf(stderr, "usage: nicport-agent now|waitlink|features|stats|udp-send|udp-recv|tcp-send ...\n");
	fflush(stdout);
	return rc;
}
