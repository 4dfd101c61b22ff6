import CaptureProbe
import Foundation
import Testing
import VideoCapture
import AudioCapture

/// The probe report is read by people (text) and by provisioning scripts (JSON).
struct CaptureDeviceReportTests {
    static let report = CaptureDeviceReport(
        videoDevices: [VideoDeviceDescription(
            path: "/dev/video0", driver: "uvcvideo", card: "HD Webcam", busInfo: "usb-0000:00:14.0-1",
            formats: [
                VideoFormatDescription(pixelFormat: .yuyv, name: "YUYV 4:2:2", sizes: [
                    VideoFrameSizeDescription(width: 640, height: 480, intervals: .discrete([
                        VideoFrameInterval(numerator: 1, denominator: 30), VideoFrameInterval(numerator: 2, denominator: 15)])),
                ]),
                VideoFormatDescription(pixelFormat: .mjpeg, name: "Motion-JPEG", sizes: [
                    VideoFrameSizeDescription(minimumWidth: 160, maximumWidth: 1920, widthStep: 16, minimumHeight: 120,
                                              maximumHeight: 1080, heightStep: 8, intervals: .stepwise(
                        shortest: VideoFrameInterval(numerator: 1001, denominator: 30000),
                        longest: VideoFrameInterval(numerator: 1, denominator: 1),
                        step: VideoFrameInterval(numerator: 1, denominator: 1000))),
                ]),
            ])],
        audioDevices: [AudioCaptureDeviceDescription(cardIndex: 1, cardID: "Loopback", cardName: "Loopback",
                                                     deviceIndex: 1, pcmName: "Loopback PCM", subdeviceCount: 8)],
        problems: ["/dev/video2 is busy (another program is capturing)"])

    @Test("text names every device, format, size and rate")
    func text() {
        let text = Self.report.description
        for expected in ["Video capture devices: 1", "/dev/video0  HD Webcam [uvcvideo, usb-0000:00:14.0-1]",
                         "YUYV (YUYV 4:2:2): 640x480@30/7.5", "MJPG (Motion-JPEG): 160x120–1920x1080@1–29.97",
                         "Audio capture devices: 1", "hw:CARD=Loopback,DEV=1  Loopback — Loopback PCM (8 subdevices)",
                         "Problems:", "/dev/video2 is busy"] {
            #expect(text.contains(expected), "missing \(expected) in\n\(text)")
        }
    }

    @Test("JSON round-trips to the same report and uses readable fourcc values")
    func json() throws {
        let data = try JSONEncoder().encode(Self.report)
        #expect(try JSONDecoder().decode(CaptureDeviceReport.self, from: data) == Self.report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let video = try #require(object["videoDevices"] as? [[String: Any]])
        #expect(video.first?["path"] as? String == "/dev/video0")
        let formats = try #require(video.first?["formats"] as? [[String: Any]])
        #expect(formats.map { $0["pixelFormat"] as? String } == ["YUYV", "MJPG"])
    }

    @Test("probing this host (no cameras, no sound cards) gives an empty, printable report")
    func probeHost() throws {
        let report = CaptureDeviceReport.probe()
        #expect(report.description.contains("Video capture devices: \(report.videoDevices.count)"))
        _ = try JSONEncoder().encode(report)
    }
}
