// Umbrella header for libv4l2/libv4lconvert and the kernel's V4L2 API. v4l2_ioctl
// is variadic and the VIDIOC_ / V4L2_PIX_FMT_ values are function-like macros, so
// they are re-exposed here with fixed types.
#ifndef CPEERCAM_V4L2_SHIM_H
#define CPEERCAM_V4L2_SHIM_H

#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/videodev2.h>
#include <libv4l2.h>
#include <libv4lconvert.h>
#include <libv4l-plugin.h>
#include <string.h>
#include <errno.h>

static inline int CPeerCam_v4l2_ioctl(int fd, unsigned long request, void *argument) {
    return v4l2_ioctl(fd, request, argument);
}

static const unsigned long CPeerCam_VIDIOC_QUERYCAP = VIDIOC_QUERYCAP;
static const unsigned long CPeerCam_VIDIOC_ENUM_FMT = VIDIOC_ENUM_FMT;
static const unsigned long CPeerCam_VIDIOC_ENUM_FRAMESIZES = VIDIOC_ENUM_FRAMESIZES;
static const unsigned long CPeerCam_VIDIOC_ENUM_FRAMEINTERVALS = VIDIOC_ENUM_FRAMEINTERVALS;
static const unsigned long CPeerCam_VIDIOC_G_FMT = VIDIOC_G_FMT;
static const unsigned long CPeerCam_VIDIOC_S_FMT = VIDIOC_S_FMT;
static const unsigned long CPeerCam_VIDIOC_TRY_FMT = VIDIOC_TRY_FMT;
static const unsigned long CPeerCam_VIDIOC_G_PARM = VIDIOC_G_PARM;
static const unsigned long CPeerCam_VIDIOC_S_PARM = VIDIOC_S_PARM;
static const unsigned long CPeerCam_VIDIOC_REQBUFS = VIDIOC_REQBUFS;
static const unsigned long CPeerCam_VIDIOC_QUERYBUF = VIDIOC_QUERYBUF;
static const unsigned long CPeerCam_VIDIOC_QBUF = VIDIOC_QBUF;
static const unsigned long CPeerCam_VIDIOC_DQBUF = VIDIOC_DQBUF;
static const unsigned long CPeerCam_VIDIOC_STREAMON = VIDIOC_STREAMON;
static const unsigned long CPeerCam_VIDIOC_STREAMOFF = VIDIOC_STREAMOFF;

static const unsigned int CPeerCam_V4L2_PIX_FMT_YUV420 = V4L2_PIX_FMT_YUV420;
static const unsigned int CPeerCam_V4L2_PIX_FMT_YUYV = V4L2_PIX_FMT_YUYV;
static const unsigned int CPeerCam_V4L2_PIX_FMT_MJPEG = V4L2_PIX_FMT_MJPEG;
static const unsigned int CPeerCam_V4L2_PIX_FMT_NV12 = V4L2_PIX_FMT_NV12;
static const unsigned int CPeerCam_V4L2_PIX_FMT_H264 = V4L2_PIX_FMT_H264;

/// MAP_FAILED is a cast macro; v4l2_mmap reports failure with it.
static inline int CPeerCam_v4l2_mmap_failed(const void *address) {
    return address == MAP_FAILED;
}

/// The device behind a detached converter: a bare capture node that answers
/// VIDIOC_QUERYCAP and refuses everything else, so libv4lconvert enables no
/// device-specific processing.
static inline int CPeerCam_detached_device_ioctl(void *private_data, int fd, unsigned long request, void *argument) {
    (void)private_data; (void)fd;
    if (request == VIDIOC_QUERYCAP) {
        struct v4l2_capability *capability = argument;
        memset(capability, 0, sizeof *capability);
        strcpy((char *)capability->driver, "peercam-detached");
        capability->capabilities = capability->device_caps = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING;
        return 0;
    }
    errno = EINVAL;
    return -1;
}

/// libv4lconvert for pictures that come from no device (stored frames, fixtures).
static inline struct v4lconvert_data *CPeerCam_v4lconvert_create_detached(void) {
    static const struct libv4l_dev_ops operations = { .ioctl = CPeerCam_detached_device_ioctl };
    return v4lconvert_create_with_dev_ops(-1, NULL, &operations);
}

#endif
