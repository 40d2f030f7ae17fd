/// The Table API's set operations other than `union_all`, as SQL's (NULLs count as equal values).
public enum SetOperation: String, Sendable, Decodable {
    case union, intersect, intersectAll = "intersect_all", minus, minusAll = "minus_all"

    /// How many copies of a row the result has, for its copies in the left and right tables.
    func copies(left: Int64, right: Int64) -> Int64 {
        switch self {
        case .union: left + right > 0 ? 1 : 0
        case .intersect: left > 0 && right > 0 ? 1 : 0
        case .intersectAll: min(left, right)
        case .minus: left > 0 && right == 0 ? 1 : 0
        case .minusAll: max(left - right, 0)
        }
    }

    /// The Table API's method, for errors.
    var methodName: String { rawValue }

    /// What Flink's errors call it (`The MINUS operation ...`).
    var sqlName: String {
        switch self {
        case .union: "UNION"
        case .intersect, .intersectAll: "INTERSECT"
        case .minus, .minusAll: "MINUS"
        }
    }
}

/// A set operation of two bounded tables (input 0: left, 1: right), each side's rows first cast to
/// the columns' common types (`projections`): counts each distinct row's copies on both sides, and
/// at the end of both inputs emits each row as many times as the operation gives
/// (`SetOperation.copies`). One subtask sees every row.
final class SetOperator: StreamOperator {
    private let operation: SetOperation
    /// Per input: its columns as the output's types.
    private let projections: [[TypedExpression]]
    private let outputType: DataType
    private let rowSlots = KeyIndex()
    /// Each distinct row, by slot.
    private let rows: StructColumn
    private var counts: [(left: Int64, right: Int64)] = []

    init(operation: SetOperation, projections: [[TypedExpression]], outputType: DataType) {
        self.operation = operation
        self.projections = projections
        self.outputType = outputType
        rows = StructColumn(type: outputType)
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let side = batch.values as? StructColumn, projections.indices.contains(input) else {
            throw SpateError(.runtime, "\(operation.methodName): expected rows on input 0 or 1")
        }
        let columns = try projections[input].map { column throws(SpateError) in try ExpressionEvaluator.evaluate(column, over: side) }
        let values = StructColumn(type: outputType, fields: columns, count: side.count, validity: nil)
        let slots = try rowSlots.slots(for: values)
        for row in 0..<values.count {
            let slot = Int(slots[row])
            if slot == counts.count {
                counts.append((0, 0))
                rows.append(from: values, row: row)
            }
            if input == 0 { counts[slot].left += 1 } else { counts[slot].right += 1 }
        }
    }

    func endOfInput(output: Collector) throws(SpateError) {
        var picked: [Int32] = []
        for (slot, count) in counts.enumerated() {
            let copies = operation.copies(left: count.left, right: count.right)
            for _ in 0..<copies { picked.append(Int32(slot)) }
        }
        try rows.emitRows(picked[...], as: outputType, to: output)
    }
}

extension StructColumn {
    /// Emits these rows at `indices`, in order, as inserts of `type` in batches of at most 4096.
    func emitRows(_ indices: ArraySlice<Int32>, as type: DataType, to output: Collector) throws(SpateError) {
        var start = indices.startIndex
        while start < indices.endIndex {
            let end = min(start + 4096, indices.endIndex)
            let columns = indices[start..<end].withUnsafeBufferPointer { picked in fields.map { $0.gather(picked, move: false) } }
            try output.emit(RecordBatch(values: StructColumn(type: type, fields: columns, count: end - start, validity: nil)))
            start = end
        }
    }
}
