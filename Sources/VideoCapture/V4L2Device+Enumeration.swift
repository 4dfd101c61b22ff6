#if canImport(Glibc)
import Glibc
#endif
import CV4L2

extension V4L2Device {
    /// The device as its driver lists it: native formats, sizes and frame intervals.
    ///
    /// The `VIDIOC_ENUM_*` calls end a list with EINVAL; any other failure (the device
    /// vanishing mid-listing) is thrown.
    func describe() throws(VideoCaptureError) -> VideoDeviceDescription {
        VideoDeviceDescription(path: path, driver: driver, card: card, busInfo: busInfo, formats: try formats())
    }

    func formats() throws(VideoCaptureError) -> [VideoFormatDescription] {
        var formats: [VideoFormatDescription] = []
        for index in 0..<UInt32(256) {
            var entry = v4l2_fmtdesc()
            entry.index = index
            entry.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            guard try enumerate(CPeerCam_VIDIOC_ENUM_FMT, "VIDIOC_ENUM_FMT", &entry) else { break }
            if entry.flags & UInt32(V4L2_FMT_FLAG_EMULATED) != 0 { continue }
            let format = V4L2PixelFormat(fourcc: entry.pixelformat)
            formats.append(VideoFormatDescription(pixelFormat: format, name: Self.string(from: entry.description),
                                                  sizes: try sizes(of: format)))
        }
        return formats
    }

    func sizes(of format: V4L2PixelFormat) throws(VideoCaptureError) -> [VideoFrameSizeDescription] {
        var sizes: [VideoFrameSizeDescription] = []
        for index in 0..<UInt32(1024) {
            var entry = v4l2_frmsizeenum()
            entry.index = index
            entry.pixel_format = format.fourcc
            guard try enumerate(CPeerCam_VIDIOC_ENUM_FRAMESIZES, "VIDIOC_ENUM_FRAMESIZES", &entry) else { break }
            if entry.type == V4L2_FRMSIZE_TYPE_DISCRETE.rawValue {
                let width = Int(entry.discrete.width), height = Int(entry.discrete.height)
                sizes.append(VideoFrameSizeDescription(
                    width: width, height: height,
                    intervals: try intervals(of: format, width: width, height: height)))
                continue
            }
            // Stepwise or continuous: one entry describes the whole range.
            let range = entry.stepwise
            let maxWidth = Int(range.max_width), maxHeight = Int(range.max_height)
            sizes.append(VideoFrameSizeDescription(
                minimumWidth: Int(range.min_width), maximumWidth: maxWidth, widthStep: Int(range.step_width),
                minimumHeight: Int(range.min_height), maximumHeight: maxHeight, heightStep: Int(range.step_height),
                intervals: try intervals(of: format, width: maxWidth, height: maxHeight)))
            break
        }
        return sizes
    }

    /// The intervals offered at one size. A driver without `VIDIOC_ENUM_FRAMEINTERVALS`
    /// gets the interval it currently runs at, so the size still counts as usable.
    func intervals(of format: V4L2PixelFormat, width: Int, height: Int) throws(VideoCaptureError) -> VideoFrameIntervalRange {
        var discrete: [VideoFrameInterval] = []
        for index in 0..<UInt32(256) {
            var entry = v4l2_frmivalenum()
            entry.index = index
            entry.pixel_format = format.fourcc
            entry.width = UInt32(width)
            entry.height = UInt32(height)
            guard try enumerate(CPeerCam_VIDIOC_ENUM_FRAMEINTERVALS, "VIDIOC_ENUM_FRAMEINTERVALS", &entry) else { break }
            if entry.type == V4L2_FRMIVAL_TYPE_DISCRETE.rawValue {
                discrete.append(VideoFrameInterval(numerator: entry.discrete.numerator, denominator: entry.discrete.denominator))
                continue
            }
            let range = entry.stepwise
            return .stepwise(shortest: VideoFrameInterval(numerator: range.min.numerator, denominator: range.min.denominator),
                             longest: VideoFrameInterval(numerator: range.max.numerator, denominator: range.max.denominator),
                             step: VideoFrameInterval(numerator: range.step.numerator, denominator: range.step.denominator))
        }
        if discrete.isEmpty { discrete.append(try currentInterval() ?? VideoFrameInterval(numerator: 1, denominator: 30)) }
        return .discrete(discrete)
    }

    /// The interval the device runs at now (`VIDIOC_G_PARM`), nil when it does not say.
    func currentInterval() throws(VideoCaptureError) -> VideoFrameInterval? {
        var parameters = v4l2_streamparm()
        parameters.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        do {
            try V4L2SystemCall.ioctl(fileDescriptor, CPeerCam_VIDIOC_G_PARM, "VIDIOC_G_PARM", &parameters)
        } catch {
            if error.meansDisconnected { throw classify(error) }
            return nil
        }
        let interval = parameters.parm.capture.timeperframe
        guard interval.numerator != 0, interval.denominator != 0 else { return nil }
        return VideoFrameInterval(numerator: interval.numerator, denominator: interval.denominator)
    }

    /// One step of a `VIDIOC_ENUM_*` list: true while entries come, false at the end (EINVAL).
    private func enumerate<Entry>(_ request: UInt, _ name: String, _ entry: inout Entry) throws(VideoCaptureError) -> Bool {
        do {
            try V4L2SystemCall.ioctl(fileDescriptor, request, name, &entry)
            return true
        } catch {
            if error.errno == EINVAL || error.errno == ENOTTY { return false }
            throw classify(error)
        }
    }
}
