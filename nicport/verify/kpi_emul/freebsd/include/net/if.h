/* nicport L2 test support: see nicport_fbsd_kpi.h */
#include "nicport_fbsd_kpi.h"
