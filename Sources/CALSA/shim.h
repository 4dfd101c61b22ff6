// Umbrella header for ALSA's PCM capture API.
#ifndef CPEERCAM_ALSA_SHIM_H
#define CPEERCAM_ALSA_SHIM_H

#include <alsa/asoundlib.h>

#endif
