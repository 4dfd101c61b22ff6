import Foundation
@testable import ICE

/// Resource counts of this process, from /proc, to prove `close()` releases what it made.
struct ProcessResources: CustomStringConvertible {
    var threadNames: [String]
    /// Targets of /proc/self/fd links: `socket:[inode]`, `anon_inode:[eventfd]`, paths.
    var descriptorTargets: [String]

    var threads: Int { threadNames.count }
    var fileDescriptors: Int { descriptorTargets.count }

    static func current() throws -> ProcessResources {
        let files = FileManager.default
        let tasks = try files.contentsOfDirectory(atPath: "/proc/self/task")
        let descriptors = try files.contentsOfDirectory(atPath: "/proc/self/fd")
        return ProcessResources(
            threadNames: tasks.compactMap {
                (try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            },
            descriptorTargets: descriptors.compactMap { try? files.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)") })
    }

    /// `socket:[inode]` of a descriptor: unique while the socket lives, never reused soon after.
    static func socketIdentity(of descriptor: Int32) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)")
    }

    var description: String { "threads \(threads), fds \(fileDescriptors)" }
}

/// What one agent held while it ran: its loop thread's name and its sockets.
struct AgentFootprint {
    var threadName: String
    var sockets: Set<String>

    init(_ agent: ICEAgent) throws {
        threadName = agent.loopThreadName
        sockets = Set(try agent.socketDescriptors().compactMap(ProcessResources.socketIdentity))
    }

    /// Whether anything of it is still in the process.
    func remains(in resources: ProcessResources) -> Bool {
        resources.threadNames.contains(threadName) || !sockets.isDisjoint(with: resources.descriptorTargets)
    }
}
