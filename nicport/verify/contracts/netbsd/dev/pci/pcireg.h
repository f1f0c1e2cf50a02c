/* L0 contract (nicport): NetBSD <dev/pci/pcireg.h> (the adapter uses pcivar.h's subset). */
#ifndef _NICPORT_NBSD_PCIREG_H_
#define _NICPORT_NBSD_PCIREG_H_
#endif
