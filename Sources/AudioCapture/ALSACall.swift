#if canImport(Glibc)
import Glibc
#endif

/// The one place ALSA return codes become errors: retries -EINTR, names the call.
enum ALSACall {
    @discardableResult
    static func check(_ call: String, _ body: () -> Int32) throws(ALSACallFailure) -> Int32 {
        while true {
            let result = body()
            if result >= 0 { return result }
            if result == -EINTR { continue }
            throw ALSACallFailure(call: call, errno: -result)
        }
    }
}
