// Umbrella header for OpenH264. Its C view of the C++ encoder/decoder interfaces
// is a pointer to a vtable pointer; the inline functions below make each call a
// plain C function so the Swift wrapper stays readable.
#ifndef CPEERCAM_OPENH264_SHIM_H
#define CPEERCAM_OPENH264_SHIM_H

#include <stdbool.h>
#include <wels/codec_api.h>
#include <wels/codec_ver.h>

static inline int CPeerCam_h264_encoder_get_default_params(ISVCEncoder *encoder, SEncParamExt *params) {
    return (*encoder)->GetDefaultParams(encoder, params);
}

static inline int CPeerCam_h264_encoder_initialize(ISVCEncoder *encoder, const SEncParamExt *params) {
    return (*encoder)->InitializeExt(encoder, params);
}

static inline int CPeerCam_h264_encoder_encode(ISVCEncoder *encoder, const SSourcePicture *picture, SFrameBSInfo *info) {
    return (*encoder)->EncodeFrame(encoder, picture, info);
}

static inline int CPeerCam_h264_encoder_force_idr(ISVCEncoder *encoder) {
    return (*encoder)->ForceIntraFrame(encoder, true);
}

static inline int CPeerCam_h264_encoder_set_option(ISVCEncoder *encoder, ENCODER_OPTION option, void *value) {
    return (*encoder)->SetOption(encoder, option, value);
}

static inline int CPeerCam_h264_encoder_uninitialize(ISVCEncoder *encoder) {
    return (*encoder)->Uninitialize(encoder);
}

static inline long CPeerCam_h264_decoder_initialize(ISVCDecoder *decoder, const SDecodingParam *params) {
    return (*decoder)->Initialize(decoder, params);
}

static inline DECODING_STATE CPeerCam_h264_decoder_decode(ISVCDecoder *decoder, const unsigned char *source, int length, unsigned char **planes, SBufferInfo *info) {
    return (*decoder)->DecodeFrameNoDelay(decoder, source, length, planes, info);
}

static inline long CPeerCam_h264_decoder_get_option(ISVCDecoder *decoder, DECODER_OPTION option, void *value) {
    return (*decoder)->GetOption(decoder, option, value);
}

static inline long CPeerCam_h264_decoder_set_option(ISVCDecoder *decoder, DECODER_OPTION option, void *value) {
    return (*decoder)->SetOption(decoder, option, value);
}

static inline long CPeerCam_h264_decoder_uninitialize(ISVCDecoder *decoder) {
    return (*decoder)->Uninitialize(decoder);
}

#endif
