/// Why the paired-device database cannot answer.
public enum PairedDeviceStoreError: Error, Sendable, Equatable {
    /// A stored column does not hold a valid value (a hand-edited or damaged file):
    /// the row is refused rather than guessed at, so a bad row can never authorise.
    case corruptRow(deviceID: String, column: String)
    /// A device with this id or token digest is already stored (ids and tokens are
    /// random, so this is a caller bug or a replayed insert, never chance).
    case duplicateDevice
}
