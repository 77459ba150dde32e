/// Errors the command line turns into one line on stderr and an exit code (1 usage, 2 data).
public enum KefuError: Error, CustomStringConvertible, Equatable {
    case usage(String)
    case data(String)

    public var description: String {
        switch self { case .usage(let s), .data(let s): return s }
    }
    public var exitCode: Int32 {
        switch self { case .usage: return 1; case .data: return 2 }
    }
}
