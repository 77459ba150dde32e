/// The version `kefu --version` prints: the one place it is written.
enum KefuVersion {
    static let current = "0.9.0"
}
