/* nicport L2 test support: see nicport_linux_kpi.h */
#include "nicport_linux_kpi.h"
