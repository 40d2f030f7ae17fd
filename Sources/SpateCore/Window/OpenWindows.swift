import HeapModule

/// Which pooled table holds each open window of a window operator subtask, and the open windows in
/// order of start (so of end: the order they fire in). The operator keeps the tables; closed ones
/// come back here (`release`) to be reused by the next window opened.
///
/// Records arrive mostly in time order, so consecutive records share a window: the last window
/// looked up is remembered, and most lookups cost a comparison.
struct OpenWindows {
    private var tableOfStart: [Int64: Int] = [:]
    private var starts = Heap<Int64>()
    private var freeTables: [Int] = []
    private var lastStart = Int64.min
    private var lastTable = -1
    /// How many tables have been handed out: table indices are dense, so an operator makes its
    /// table the first time it is given an index equal to how many it has.
    private var tableCount = 0

    var isEmpty: Bool { tableOfStart.isEmpty }
    /// The start of the earliest open window.
    var earliestStart: Int64? { starts.min }

    /// The table of the window starting at `start`, opening the window if it is not open.
    @inline(__always)
    mutating func table(for start: Int64) -> Int { start == lastStart ? lastTable : open(start) }

    private mutating func open(_ start: Int64) -> Int {
        let table: Int
        if let existing = tableOfStart[start] {
            table = existing
        } else {
            if let reused = freeTables.popLast() {
                table = reused
            } else {
                table = tableCount
                tableCount += 1
            }
            tableOfStart[start] = table
            starts.insert(start)
        }
        lastStart = start
        lastTable = table
        return table
    }

    /// Closes the earliest open window if it starts at most at `latestStart`, giving its start and
    /// table; the caller empties the table and hands it back with `release`.
    mutating func closeEarliest(startingAtMost latestStart: Int64) -> (start: Int64, table: Int)? {
        while let start = starts.min, start <= latestStart {
            _ = starts.removeMin()
            guard let table = tableOfStart.removeValue(forKey: start) else { continue }
            lastStart = Int64.min
            lastTable = -1
            return (start, table)
        }
        return nil
    }

    /// A closed window's table, emptied, for the next window to reuse.
    mutating func release(_ table: Int) { freeTables.append(table) }

    /// The open windows starting at most at `latestStart`, in order of start, with their tables
    /// (left open: for allowed lateness, where a window fires before its state is dropped).
    func windows(startingAtMost latestStart: Int64) -> [(start: Int64, table: Int)] {
        tableOfStart.filter { $0.key <= latestStart }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
