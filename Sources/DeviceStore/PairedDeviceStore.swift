import Foundation
import GRDB
import PeerCamCore

/// Paired devices in an SQLite file (GRDB, WAL mode, versioned migrations).
///
/// **How a presented token is found.** The table is indexed by `SHA-256(token)`. A
/// request is authenticated by hashing the presented token and looking the digest up,
/// then comparing the stored digest with `BearerTokenDigest.verifies(_:)` in constant
/// time. The index lookup itself is not constant-time, but what it could leak is how
/// close the *digest* of an attacker's guess is to a stored digest; with a 256-bit
/// random secret and SHA-256's preimage resistance that says nothing useful about any
/// token. So no second, non-secret lookup key (such as a device id inside the token)
/// is needed, and tokens stay opaque 32-byte secrets as `docs/protocol.md` §4.2 says.
///
/// The token text is never written: only its 64-hex-digit digest.
///
/// Thread-safe: GRDB's `DatabasePool` serialises writes and runs reads concurrently.
public final class PairedDeviceStore: Sendable {
    /// The SQLite file.
    public let path: String
    private let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and migrates it to the
    /// current schema.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// Records a newly paired device.
    ///
    /// - Throws: `PairedDeviceStoreError.duplicateDevice` if its id or digest exists.
    public func add(_ device: PairedDevice) throws {
        do {
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO pairedDevice (id, role, name, tokenDigest, pairedAt, lastSeenAt, revoked)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [device.id.rawValue, device.role.rawValue, device.identity.name,
                                     device.tokenDigest.hex, Self.milliseconds(device.pairedAt),
                                     device.lastSeenAt.map(Self.milliseconds), device.isRevoked])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw PairedDeviceStoreError.duplicateDevice
        }
    }

    /// The device whose token is `token`, revoked or not (the caller tells the two
    /// apart, to answer "revoked" rather than "unknown").
    public func device(presenting token: BearerToken) throws -> PairedDevice? {
        let digest = token.digest
        let row = try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM pairedDevice WHERE tokenDigest = ?", arguments: [digest.hex])
        }
        guard let row else { return nil }
        let device = try Self.device(from: row)
        // Defence in depth: the index matched the digest; confirm in constant time.
        return device.tokenDigest.verifies(token) ? device : nil
    }

    /// The device with this id, if it was ever paired.
    public func device(id: DeviceID) throws -> PairedDevice? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM pairedDevice WHERE id = ?", arguments: [id.rawValue])
        }.map(Self.device(from:))
    }

    /// Every paired device, oldest pairing first.
    public func list() throws -> [PairedDevice] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pairedDevice ORDER BY pairedAt, id")
        }.map(Self.device(from:))
    }

    /// Revokes a device: its token is refused from now on.
    ///
    /// - Returns: whether a device with this id exists (revoking twice is harmless).
    @discardableResult
    public func revoke(_ id: DeviceID) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE pairedDevice SET revoked = 1 WHERE id = ?", arguments: [id.rawValue])
            return db.changesCount > 0
        }
    }

    /// Notes that the device authenticated at `date` (shown in listings).
    public func recordSeen(_ id: DeviceID, at date: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE pairedDevice SET lastSeenAt = ? WHERE id = ?",
                           arguments: [Self.milliseconds(date), id.rawValue])
        }
    }

    // MARK: - Schema

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: paired devices") { db in
            try db.execute(sql: """
                CREATE TABLE pairedDevice (
                    id TEXT PRIMARY KEY NOT NULL,
                    role TEXT NOT NULL,
                    name TEXT NOT NULL,
                    tokenDigest TEXT NOT NULL UNIQUE,
                    pairedAt INTEGER NOT NULL,
                    lastSeenAt INTEGER,
                    revoked BOOLEAN NOT NULL DEFAULT 0
                )
                """)
        }
        return migrator
    }

    private static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    private static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// Rebuilds a device from a row, refusing any column that does not parse.
    private static func device(from row: Row) throws -> PairedDevice {
        let idText: String = row["id"] ?? ""
        func corrupt(_ column: String) -> PairedDeviceStoreError { .corruptRow(deviceID: idText, column: column) }
        guard let id = try? DeviceID(parsing: idText) else { throw corrupt("id") }
        guard let roleText: String = row["role"], let role = try? Role(parsing: roleText) else { throw corrupt("role") }
        guard let name: String = row["name"], let identity = try? DeviceIdentity(id: id, role: role, name: name) else {
            throw corrupt("name")
        }
        guard let digestText: String = row["tokenDigest"], let digest = try? BearerTokenDigest(hex: digestText) else {
            throw corrupt("tokenDigest")
        }
        guard let pairedAt: Int64 = row["pairedAt"] else { throw corrupt("pairedAt") }
        let lastSeenAt: Int64? = row["lastSeenAt"]
        let revoked: Bool = row["revoked"] ?? true
        return PairedDevice(identity: identity, tokenDigest: digest, pairedAt: date(milliseconds: pairedAt),
                            lastSeenAt: lastSeenAt.map(date(milliseconds:)), isRevoked: revoked)
    }
}
