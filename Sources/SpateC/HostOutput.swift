import CSpate
import SpateCore

/// The object behind a `spate_output *`: the builders a UDF call fills, and each output row's
/// parent (the input row it came from).
final class HostOutput {
    let values: ColumnBuilder?
    let keys: ColumnBuilder?
    let timestamps: ColumnBuilder?
    var parents: [Int32] = []
    /// Side outputs: a builder and the rows' parents for each declared output tag.
    var sides: [(builder: ColumnBuilder, parents: [Int32])] = []
    /// Timer changes asked for during the call.
    var timers: [TimerChange] = []
    /// Processing time, as the operator's clock tells it.
    var clock: ProcessingClock = SystemClock()

    /// How many rows the call's input has: every parent must be one of them.
    let inputRows: Int

    init(valuesType: DataType?, keyType: DataType?, assignsTimestamps: Bool, inputRows: Int) {
        let capacity = inputRows
        self.inputRows = inputRows
        self.valuesType = valuesType
        values = valuesType.map { ColumnBuilder(column: Column.make($0, capacity: capacity)) }
        keys = keyType.map { ColumnBuilder(column: Column.make($0, capacity: capacity)) }
        timestamps = assignsTimestamps ? ColumnBuilder(column: PrimitiveColumn<Int64>(type: .int64, capacity: capacity)) : nil
        parents.reserveCapacity(capacity)
    }

    var unretainedHandle: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }

    func declareSides(_ types: [DataType]) {
        sides = types.map { (ColumnBuilder(column: Column.make($0)), []) }
    }

    /// The output batch (with its side outputs); timestamps follow each row's parent unless the
    /// call stamped its rows itself.
    func batch(from input: RecordBatch, operatorName: String) throws(SpateError) -> RecordBatch? {
        let main = try mainBatch(from: input, operatorName: operatorName)
        var sideBatches: [Int: RecordBatch] = [:]
        for (index, side) in sides.enumerated() where !side.parents.isEmpty {
            guard side.builder.column.count == side.parents.count else {
                throw SpateError(.runtime, "\(operatorName): side output rows do not match their values")
            }
            sideBatches[index] = side.parents.withUnsafeBufferPointer { rows in
                RecordBatch(values: side.builder.column,
                            timestamps: input.timestamps.map { $0.gather(rows, move: false) as! PrimitiveColumn<Int64> },
                            rowKinds: side.builder.rowKinds)
            }
        }
        guard !sideBatches.isEmpty else { return main }
        let result = main ?? RecordBatch(values: Column.make(valuesType ?? input.values.type))
        result.sideOutputs = sideBatches
        return result
    }

    private let valuesType: DataType?

    private func mainBatch(from input: RecordBatch, operatorName: String) throws(SpateError) -> RecordBatch? {
        guard !parents.isEmpty else { return nil }
        if let values, values.column.count != parents.count {
            throw SpateError(.runtime, "\(operatorName): \(values.column.count) values for \(parents.count) rows")
        }
        if let keys, keys.column.count != parents.count {
            throw SpateError(.runtime, "\(operatorName): \(keys.column.count) keys for \(parents.count) rows")
        }
        if let timestamps, timestamps.column.count != parents.count {
            throw SpateError(.runtime, "\(operatorName): \(timestamps.column.count) timestamps for \(parents.count) rows")
        }
        let assigned = timestamps?.column as? PrimitiveColumn<Int64>
        return parents.withUnsafeBufferPointer { rows in
            // New values carry the kinds the host gave them; selected rows keep their own.
            if let assigned, let values {
                return RecordBatch(values: values.column, timestamps: assigned, rowKinds: values.rowKinds)
            }
            if let assigned {
                let selected = rows.count == input.count ? input : input.gather(rows)
                return RecordBatch(values: selected.values, timestamps: assigned, rowKinds: selected.rowKinds)
            }
            if let values {
                return RecordBatch(values: values.column, keys: keys?.column,
                                   timestamps: input.timestamps.map { $0.gather(rows, move: true) as! PrimitiveColumn<Int64> },
                                   rowKinds: values.rowKinds)
            }
            let selected = rows.count == input.count ? input : input.gather(rows)
            return RecordBatch(values: selected.values, keys: keys?.column, timestamps: selected.timestamps,
                               rowKinds: selected.rowKinds)
        }
    }
}

@_cdecl("spate_output_values")
public func spate_output_values(_ output: OpaquePointer?) -> OpaquePointer? {
    object(output, as: HostOutput.self)?.values?.unretainedHandle
}

@_cdecl("spate_output_timestamps")
public func spate_output_timestamps(_ output: OpaquePointer?) -> OpaquePointer? {
    object(output, as: HostOutput.self)?.timestamps?.unretainedHandle
}

@_cdecl("spate_output_keys")
public func spate_output_keys(_ output: OpaquePointer?) -> OpaquePointer? {
    object(output, as: HostOutput.self)?.keys?.unretainedHandle
}

@_cdecl("spate_output_row")
public func spate_output_row(_ output: OpaquePointer?, _ parent: Int64) -> spate_status {
    withStatus { () throws(SpateError) in
        guard let target = object(output, as: HostOutput.self) else { throw SpateError(.invalidArgument, "output must not be NULL") }
        target.parents.append(try target.parentRow(parent))
    }
}

@_cdecl("spate_output_rows")
public func spate_output_rows(_ output: OpaquePointer?, _ parents: UnsafePointer<Int64>?, _ count: Int64) -> spate_status {
    withStatus { () throws(SpateError) in
        guard let target = object(output, as: HostOutput.self), count >= 0, parents != nil || count == 0 else {
            throw SpateError(.invalidArgument, "output must not be NULL and count must not be negative")
        }
        guard let parents else { return }  // no rows
        for index in 0..<Int(count) { target.parents.append(try target.parentRow(parents[index])) }
    }
}

extension HostOutput {
    /// A parent row as the batch stores it, checked: rows are later gathered without checks.
    func parentRow(_ parent: Int64) throws(SpateError) -> Int32 {
        guard parent >= 0, parent < Int64(inputRows) else {
            throw SpateError(.invalidArgument, "output row's parent \(parent) is not a row of the \(inputRows)-row input")
        }
        return Int32(parent)
    }
}

@_cdecl("spate_output_timer")
public func spate_output_timer(_ output: OpaquePointer?, _ slot: Int64, _ timestamp: Int64, _ registerIt: Int32,
                               _ timeDomain: Int32) -> spate_status {
    guard let target = object(output, as: HostOutput.self), let domain = TimeDomain(rawValue: timeDomain) else {
        LastError.set("output must not be NULL and the time domain must be 0 or 1")
        return SPATE_ERROR
    }
    target.timers.append(TimerChange(slot: slot, timestamp: timestamp, register: registerIt != 0, domain: domain))
    return SPATE_OK
}

@_cdecl("spate_output_now")
public func spate_output_now(_ output: OpaquePointer?) -> Int64 {
    (object(output, as: HostOutput.self)?.clock ?? SystemClock()).now()
}

@_cdecl("spate_output_side")
public func spate_output_side(_ output: OpaquePointer?, _ index: Int32) -> OpaquePointer? {
    guard let target = object(output, as: HostOutput.self), target.sides.indices.contains(Int(index)) else { return nil }
    return target.sides[Int(index)].builder.unretainedHandle
}

@_cdecl("spate_output_side_row")
public func spate_output_side_row(_ output: OpaquePointer?, _ index: Int32, _ parent: Int64) -> spate_status {
    guard let target = object(output, as: HostOutput.self), target.sides.indices.contains(Int(index)) else {
        LastError.set("no side output \(index)")
        return SPATE_ERROR
    }
    do {
        target.sides[Int(index)].parents.append(try target.parentRow(parent))
    } catch {
        LastError.set(error.message)
        return SPATE_ERROR
    }
    return SPATE_OK
}
