// Umbrella header for libsrtp2 (SRTP/SRTCP protect and unprotect).
#ifndef CPEERCAM_SRTP_SHIM_H
#define CPEERCAM_SRTP_SHIM_H

#include <srtp2/srtp.h>

#endif
