/*
 * findoff FILE STRING: print the byte offset of every occurrence of STRING in FILE,
 * one per line; exit 0 if found, 1 if not, 2 on error.
 *
 * A bench helper for guests (not part of the product): busybox grep reads whole "lines"
 * into memory and runs out of it on memory images, and tr|grep takes minutes under TCG.
 * Reads with 1 MiB read() calls, which /proc/kimgcore and /proc/vmcore serve fastest.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (1 << 20)

int main(int argc, char **argv)
{
	if (argc != 3 || argv[2][0] == '\0') {
		fprintf(stderr, "usage: findoff FILE STRING\n");
		return 2;
	}
	const char *needle = argv[2];
	size_t n = strlen(needle);
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	/* Keep the last n-1 bytes of a chunk in front of the next one. */
	char *buf = malloc(CHUNK + n);
	if (!buf)
		return 2;
	size_t kept = 0;
	long long base = 0; /* file offset of buf[0] */
	int found = 0;
	for (;;) {
		ssize_t r = read(fd, buf + kept, CHUNK);
		if (r < 0) {
			perror("read");
			return 2;
		}
		if (r == 0)
			break;
		size_t have = kept + (size_t)r;
		for (size_t i = 0; i + n <= have; i++) {
			if (buf[i] == needle[0] && memcmp(buf + i, needle, n) == 0) {
				printf("%lld\n", base + (long long)i);
				found = 1;
			}
		}
		kept = have < n - 1 ? have : n - 1;
		memmove(buf, buf + have - kept, kept);
		base += (long long)(have - kept);
	}
	close(fd);
	return found ? 0 : 1;
}
