import Testing
@testable import PeerCamConfig

/// The text forms shared by TOML strings, environment variables and flags.
@Suite struct ConfigurationValueParsingTests {
    @Test("HOST:PORT", arguments: [
        ("127.0.0.1:8443", HostPort(host: "127.0.0.1", port: 8443) as HostPort?),
        ("[::1]:8443", HostPort(host: "::1", port: 8443)),
        ("camera.local:443", HostPort(host: "camera.local", port: 443)),
        ("0.0.0.0:65535", HostPort(host: "0.0.0.0", port: 65535)),
        ("127.0.0.1:0", nil), ("127.0.0.1:65536", nil), (":8443", nil), ("127.0.0.1", nil),
        ("::1:8443", nil), ("[zz]:8443", nil), ("[::1]8443", nil), ("a b:1", nil), ("host:+1", nil),
    ])
    func hostPort(text: String, expected: HostPort?) {
        #expect((try? HostPort(parsing: text)) == expected)
        if let expected { #expect(expected.description == text) }
    }

    @Test("WIDTHxHEIGHT", arguments: [
        ("1280x720", VideoSize(width: 1280, height: 720) as VideoSize?), ("640X480", VideoSize(width: 640, height: 480)),
        ("1281x720", nil), ("8x8", nil), ("8192x4320", nil), ("1280", nil), ("x720", nil), ("1280x720x3", nil),
    ])
    func videoSize(text: String, expected: VideoSize?) {
        #expect((try? VideoSize(parsing: text)) == expected)
    }

    @Test("Video sources", arguments: [
        ("test", VideoSourceSelection.testPattern as VideoSourceSelection?),
        ("/dev/video0", .device(path: "/dev/video0")), ("/dev/video12", .device(path: "/dev/video12")),
        ("/dev/peercam/usb-Logitech_C920", .device(path: "/dev/peercam/usb-Logitech_C920")),
        ("/dev/video", nil), ("/dev/videoX", nil), ("/dev/peercam/", nil), ("/dev/peercam/../sda", nil),
        ("video0", nil), ("", nil),
    ])
    func videoSource(text: String, expected: VideoSourceSelection?) {
        #expect((try? VideoSourceSelection(parsing: text)) == expected)
    }

    @Test("Audio sources", arguments: [
        ("test", AudioSourceSelection.testTone as AudioSourceSelection?), ("none", AudioSourceSelection.none),
        ("hw:1,0", .alsa(name: "hw:1,0")), ("plughw:CARD=C920,DEV=0", .alsa(name: "plughw:CARD=C920,DEV=0")),
        ("default", .alsa(name: "default")), ("", nil), ("hw 1", nil), ("/dev/snd/pcmC0D0c", nil), (":1", nil),
    ])
    func audioSource(text: String, expected: AudioSourceSelection?) {
        #expect((try? AudioSourceSelection(parsing: text)) == expected)
    }

    @Test("The line scan follows tables, quoted and dotted keys, and skips multi-line strings")
    func keyLines() {
        let locator = TOMLKeyLineLocator(text: """
            # comment with fps = 1
            top = 1
            note = \"\"\"
            fake = 2
            \"\"\"
            [video]
            "quoted.key" = 3
            a.b = 4
            [[ice.servers]]
            urls = []
            """)
        #expect(locator.line(of: "top") == 2)
        #expect(locator.line(of: "note") == 3)
        #expect(locator.line(of: "fake") == 1)
        #expect(locator.line(of: "video") == 6)
        #expect(locator.line(of: "video.quoted.key") == 7)
        #expect(locator.line(of: "video.a.b") == 8)
        #expect(locator.line(of: "ice.servers.urls") == 10)
        #expect(locator.line(of: "video.missing") == 6)
    }
}
