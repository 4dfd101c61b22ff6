import Testing

/// Every suite that opens real connections runs inside this one, one test at a time: the
/// leak test counts the whole process's threads and descriptors, which connections of a
/// concurrent test would disturb, and aiortc peers need the CPU to meet their timeouts.
@Suite(.serialized)
enum WebRTCSerializedTests {}
