/// How the runtime calls a function of the host language (a Python UDF): the calling convention
/// a node kind needs. The numbers are the C ABI's (`spate_call` in spate.h).
public enum CallConvention: Int32, Sendable {
    /// One value per row.
    case map = 1
    /// Zero or more values per row.
    case flatMap = 2
    /// Selects rows.
    case filter = 3
    /// One key per row.
    case key = 4
    /// Folds rows into per-key state.
    case reduce = 5
    /// One event timestamp per row.
    case timestamp = 6
    /// All elements of fired windows at once.
    case window = 7
    /// Process functions: keyed state, timers, side outputs.
    case process = 8
    /// One call per batch (async I/O).
    case batch = 9
    /// Process functions whose every output brings its own event timestamp.
    case stampedProcess = 10
}

/// A host function bound to its types and calling convention. One value serves every subtask of
/// its node; each subtask opens an instance of its own.
public protocol HostFunction: FusableFunction {
    func makeInstance() -> any HostFunctionInstance
}

/// What one subtask's instance of a host function can do (which of it a node uses depends on its
/// calling convention).
public typealias HostFunctionInstance = BatchFunction & KeyedBatchFunction & WindowBatchFunction & StatefulBatchFunction

/// The host's side of a plan: binds the functions a plan names by number, once the runtime knows
/// their types.
public protocol HostFunctionBinder {
    /// How many functions the plan may name (0..<count).
    var functionCount: Int { get }
    /// Function `index`, called as `convention` on values of `input`, producing `output` values
    /// (nil: none) and `key` keys (nil: the host's own key encoding, in a `str` column), able to
    /// emit to `sides`. `label` names the node in the host's error messages.
    func bind(_ index: Int, as convention: CallConvention, input: DataType, output: DataType?, key: DataType?,
              sides: [PlanSideOutput], label: String) throws(SpateError) -> any HostFunction
}
