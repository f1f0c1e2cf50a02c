/* L0 contract (nicport): <errno.h> as Zephyr's C libraries provide it (subset). */
#ifndef NICPORT_ZEPHYR_ERRNO_H_
#define NICPORT_ZEPHYR_ERRNO_H_
#define EIO		5
#define ENOMEM		12
#define ENODEV		19
#define EINVAL		22
#define ENOBUFS		105
#define EMSGSIZE	122
#define ENOTSUP		134
#endif
