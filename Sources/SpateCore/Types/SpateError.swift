/// The one error type of SpateCore: what went wrong, in words a user can act on.
public struct SpateError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// A call was made with an argument that cannot work (bad parallelism, unknown field).
        case invalidArgument
        /// A value does not fit the declared type.
        case typeMismatch
        /// A host callback (for example a Python UDF) failed; the host holds the details.
        case callbackFailed
        /// The job was cancelled.
        case cancelled
        /// Anything else that stopped a job.
        case runtime
    }

    public var kind: Kind
    public var message: String
    /// The graph node whose operator failed, when known.
    public var node: Int?

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func invalid(_ message: String) -> SpateError { SpateError(.invalidArgument, message) }
}
