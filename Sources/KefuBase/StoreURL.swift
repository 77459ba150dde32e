/// A store given as a database URL rather than a directory: the config, the CLI and the PostgreSQL
/// store all ask this one question, and the config must answer it without linking libpq.
public enum StoreURL {
    /// True for the two URI schemes libpq accepts, `postgresql://` and `postgres://`.
    public static func isPostgres(_ s: String) -> Bool {
        let lower = s.lowercased()
        return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }
}
