/* L0 contract (nicport): illumos <sys/stream.h> subset -- msgb(9S), datab(9S),
 * allocb(9F), freemsg(9F), msgsize(9F). */
#ifndef _NICPORT_ILLUMOS_SYS_STREAM_H
#define	_NICPORT_ILLUMOS_SYS_STREAM_H
#include <sys/types.h>
struct datab;
typedef struct msgb {
	struct msgb	*b_next;
	struct msgb	*b_prev;
	struct msgb	*b_cont;
	unsigned char	*b_rptr;
	unsigned char	*b_wptr;
	struct datab	*b_datap;
} mblk_t;
#define	BPRI_LO		1
#define	BPRI_MED	2
#define	BPRI_HI		3
mblk_t	*allocb(size_t, uint_t);
void	freemsg(mblk_t *);
void	freeb(mblk_t *);
size_t	msgsize(mblk_t *);
#endif
