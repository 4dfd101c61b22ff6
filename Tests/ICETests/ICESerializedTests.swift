import Testing

/// Every ICE suite runs inside this one, one test at a time: the life-cycle tests count the
/// whole process's threads and descriptors, which agents of a concurrent test would disturb.
@Suite(.serialized)
enum ICESerializedTests {}
