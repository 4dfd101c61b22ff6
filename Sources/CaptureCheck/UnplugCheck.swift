import Media

/// The unplug path: open a source, read until it fails while the test script unbinds
/// the driver, then read once more — a vanished device must fail again at once, not
/// wait out the timeout or crash.
enum UnplugCheck {
    /// `open` returns the source's read-one-unit function; `outcome` names an error's case.
    static func run(kind: String, open: () throws -> () throws -> Void, outcome: (any Error) -> String) -> String {
        let start = MediaTime.now()
        let read: () throws -> Void
        do {
            read = try open()
        } catch {
            return "UNPLUG_RESULT kind=\(kind) outcome=open-failed error=\"\(error)\""
        }
        print("UNPLUG_READY \(kind)")
        var units = 0
        do {
            while MediaTime.now().since(start).seconds < 20 {
                try read()
                units += 1
            }
            return "UNPLUG_RESULT kind=\(kind) outcome=still-streaming units=\(units)"
        } catch {
            let seconds = MediaTime.now().since(start).seconds
            let retried = MediaTime.now()
            var again = "none"
            do { try read() } catch { again = outcome(error) }
            let retryMilliseconds = MediaTime.now().since(retried).nanoseconds / 1_000_000
            return "UNPLUG_RESULT kind=\(kind) outcome=\(outcome(error)) units=\(units) after=\(seconds)"
                + " again=\(again) again_ms=\(retryMilliseconds) error=\"\(error)\""
        }
    }
}
