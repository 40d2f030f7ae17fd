#if canImport(Glibc)
import Glibc
#endif

/// The `datagen` table connector's options, checked when the job is planned.
///
/// `number-of-rows` (unbounded when absent), `rows-per-second` (10000), and per field `f`:
/// `fields.f.kind` (`random`, the default, or `sequence`); for a sequence `fields.f.start` and
/// `fields.f.end` (both required); for random values `fields.f.min` / `fields.f.max` (numbers; by
/// default the type's range, 0 up to the largest value for DECIMAL), `fields.f.length` (strings:
/// 100 random hex digits by default), `fields.f.max-past` (ms before now, for dates and timestamps)
/// and `fields.f.null-rate`.
///
/// ```python
/// TableDescriptor.for_connector('datagen').schema(schema) \
///     .option('number-of-rows', '10').option('fields.id.kind', 'sequence') \
///     .option('fields.id.start', '1').option('fields.id.end', '10').build()
/// ```
struct DataGenSettings: Sendable {
    enum Generator: Sendable {
        case sequence(start: Int64, end: Int64)
        case randomInteger(min: Int64, max: Int64)
        case randomFloat(min: Double, max: Double)
        case randomDecimal(min: Double, max: Double, scale: Int)
        case randomString(length: Int)
        case randomBool
        /// Milliseconds before now.
        case randomTime(maxPast: Int64)
    }

    struct Field: Sendable {
        var generator: Generator
        var nullRate: Double
    }

    var numberOfRows: Int64?
    var rowsPerSecond: Int64
    var fields: [Field]

    init(options: inout ConnectorOptions, type: DataType) throws(SpateError) {
        numberOfRows = try options.int("number-of-rows")
        if let numberOfRows, numberOfRows < 0 { throw options.invalidValue("number-of-rows", String(numberOfRows), expected: "a count of 0 or more") }
        rowsPerSecond = try options.int("rows-per-second") ?? 10000
        if rowsPerSecond <= 0 { throw options.invalidValue("rows-per-second", String(rowsPerSecond), expected: "a positive rate") }
        _ = try options.int("scan.parallelism")
        var supported = ["number-of-rows", "rows-per-second", "scan.parallelism"]
        fields = []
        for field in type.fields ?? [] {
            let prefix = "fields.\(field.name)."
            supported += ["kind", "start", "end", "min", "max", "length", "max-past", "null-rate", "var-len"].map { prefix + $0 }
            fields.append(try Self.field(field, prefix: prefix, options: &options))
        }
        try options.finish(supported: supported)
    }

    private static func field(_ field: DataType.Field, prefix: String, options: inout ConnectorOptions) throws(SpateError) -> Field {
        let type = field.type.base
        let kind = options.string(prefix + "kind") ?? "random"
        let nullRate = try double(prefix + "null-rate", &options) ?? 0
        _ = try options.bool(prefix + "var-len")
        switch kind {
        case "sequence":
            guard let start = try options.int(prefix + "start") else {
                throw options.failure("Could not find required property '\(prefix)start' for sequence generator.")
            }
            guard let end = try options.int(prefix + "end") else {
                throw options.failure("Could not find required property '\(prefix)end' for sequence generator.")
            }
            guard start <= end else {
                throw options.invalidValue(prefix + "end", String(end), expected: "an end not before the start \(start)")
            }
            switch type {
            case .int8, .int16, .int32, .int64, .float32, .float64, .decimal, .string, .char: break
            default: throw options.failure("Field '\(field.name)' of type \(field.type.sqlName) cannot be generated as a sequence.")
            }
            return Field(generator: .sequence(start: start, end: end), nullRate: nullRate)
        case "random":
            return Field(generator: try random(type, field: field, prefix: prefix, options: &options), nullRate: nullRate)
        default:
            throw options.failure("Unsupported generator kind: \(kind) (for '\(prefix)kind': random or sequence)")
        }
    }

    private static func random(_ type: DataType, field: DataType.Field, prefix: String,
                               options: inout ConnectorOptions) throws(SpateError) -> Generator {
        func bounds(_ low: Int64, _ high: Int64) throws(SpateError) -> Generator {
            let min = try options.int(prefix + "min") ?? low
            let max = try options.int(prefix + "max") ?? high
            guard min >= low, max <= high, min <= max else {
                throw options.failure("Invalid range [\(min), \(max)] for field '\(field.name)' of type \(field.type.sqlName).")
            }
            return .randomInteger(min: min, max: max)
        }
        switch type {
        case .int8: return try bounds(Int64(Int8.min), Int64(Int8.max))
        case .int16: return try bounds(Int64(Int16.min), Int64(Int16.max))
        case .int32: return try bounds(Int64(Int32.min), Int64(Int32.max))
        case .int64: return try bounds(Int64.min, Int64.max)
        case .float32, .float64:
            let largest = type == .float32 ? Double(Float.greatestFiniteMagnitude) : Double.greatestFiniteMagnitude
            let min = try double(prefix + "min", &options) ?? 0
            let max = try double(prefix + "max", &options) ?? largest
            guard min <= max, (max - min).isFinite else { throw options.failure("Invalid range [\(min), \(max)] for field '\(field.name)'.") }
            return .randomFloat(min: min, max: max)
        case .decimal(let precision, let scale):
            var largest = 1.0
            for _ in 0..<(precision - scale) { largest *= 10 }
            let min = try double(prefix + "min", &options) ?? 0
            let max = try double(prefix + "max", &options) ?? largest - 1 / pow10(scale)
            guard min <= max, min > -largest, max < largest else {
                throw options.failure("Invalid range [\(min), \(max)] for field '\(field.name)' of type \(field.type.sqlName).")
            }
            return .randomDecimal(min: min, max: max, scale: scale)
        case .string, .char, .binary:
            let length = try options.int(prefix + "length") ?? 100
            guard length >= 0 && length <= 1 << 20 else { throw options.invalidValue(prefix + "length", String(length), expected: "a length from 0 to 1048576") }
            return .randomString(length: Int(length))
        case .bool: return .randomBool
        case .date, .time, .timestamp, .timestampLTZ:
            let maxPast = try options.int(prefix + "max-past") ?? 0
            guard maxPast >= 0 else { throw options.invalidValue(prefix + "max-past", String(maxPast), expected: "0 or more milliseconds") }
            return .randomTime(maxPast: maxPast)
        default:
            throw options.failure("Unsupported type \(field.type.sqlName) of field '\(field.name)' for the datagen connector.")
        }
    }

    private static func double(_ key: String, _ options: inout ConnectorOptions) throws(SpateError) -> Double? {
        guard let text = options.string(key) else { return nil }
        guard let value = Double(text.trimmingSpaces), value.isFinite else { throw options.invalidValue(key, text, expected: "a number") }
        return value
    }

    static func pow10(_ n: Int) -> Double {
        var value = 1.0
        for _ in 0..<n { value *= 10 }
        return value
    }
}

/// The `datagen` connector's source: rows of generated values, `rows-per-second` at most, until
/// `number-of-rows` (shared among the subtasks) or a sequence field's end.
final class DataGenSource: SourceOperator {
    private let settings: DataGenSettings
    private let type: DataType
    private var remaining: Int64 = .max
    /// Each sequence field's next value and last value, for this subtask's share.
    private var sequences: [(next: Int64, last: Int64)] = []
    private var rate: Int64 = 1
    private var started: Int64 = 0
    private var emitted: Int64 = 0
    private var random = SystemRandomNumberGenerator()

    init(settings: DataGenSettings, type: DataType) {
        self.settings = settings
        self.type = type
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        let (index, parts) = (Int64(context.subtaskIndex), Int64(context.parallelism))
        if let total = settings.numberOfRows { remaining = total / parts + (index < total % parts ? 1 : 0) }
        sequences = settings.fields.map { field in
            guard case .sequence(let start, let end) = field.generator else { return (0, 0) }
            // A contiguous share of start...end per subtask.
            let total = end - start + 1
            let share = total / parts, extra = total % parts
            let first = start + index * share + Swift.min(index, extra)
            return (first, first + share + (index < extra ? 1 : 0) - 1)
        }
        rate = Swift.max(1, settings.rowsPerSecond / parts)
        started = monotonicMillis()
    }

    func next(maxRows: Int) throws(SpateError) -> RecordBatch? {
        var count = Int64(maxRows)
        count = Swift.min(count, remaining)
        for (field, sequence) in zip(settings.fields, sequences) {
            if case .sequence = field.generator { count = Swift.min(count, sequence.last - sequence.next + 1) }
        }
        guard count > 0 else { return nil }
        // At most `rate` rows a second: wait (a little at a time, so the job can be cancelled) until
        // the rows already emitted are due.
        let allowed = (monotonicMillis() - started) * rate / 1000 + Swift.min(rate, Int64(maxRows)) - emitted
        if allowed <= 0 {
            usleep(10_000)
            return RecordBatch(values: StructColumn(type: type))
        }
        count = Swift.min(count, allowed)
        let now = wallClockMicros()
        // A column at a time: a BIGINT sequence is one fill, the others a value at a time.
        let fieldTypes = (type.fields ?? []).map(\.type)
        let columns = try settings.fields.enumerated().map { position, field throws(SpateError) -> Column in
            let column = Column.make(fieldTypes[position], capacity: Int(count))
            if case .sequence = field.generator, let numbers = column as? PrimitiveColumn<Int64> {
                let first = sequences[position].next
                let out = numbers.extendValues(by: Int(count))
                for offset in 0..<Int(count) { out[offset] = first + Int64(offset) }
                sequences[position].next += count
                return column
            }
            for _ in 0..<count { try append(field, position: position, to: column, now: now) }
            return column
        }
        let rows = StructColumn(type: type, fields: columns, count: Int(count), validity: nil)
        remaining -= count
        emitted += count
        return RecordBatch(values: rows)
    }

    private func append(_ field: DataGenSettings.Field, position: Int, to column: Column, now: Int64) throws(SpateError) {
        if case .sequence = field.generator {
            let value = sequences[position].next
            sequences[position].next += 1
            try appendNumber(value, to: column)
            return
        }
        if field.nullRate > 0 && Double.random(in: 0..<1, using: &random) < field.nullRate {
            column.appendNull()
            return
        }
        switch field.generator {
        case .sequence: break
        case .randomInteger(let min, let max): try column.appendInt(Int64.random(in: min...max, using: &random))
        case .randomFloat(let min, let max): try column.appendFloat(Double.random(in: min...max, using: &random))
        case .randomDecimal(let min, let max, let scale):
            let value = Double.random(in: min...max, using: &random) * DataGenSettings.pow10(scale)
            try column.appendInt128(Int128(value.rounded(.down)))
        case .randomString(let length):
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            let bytes = (0..<length).map { _ in hex[Int.random(in: 0..<16, using: &random)] }
            try appendText(String(decoding: bytes, as: UTF8.self), to: column)
        case .randomBool: try column.appendBool(Bool.random(using: &random))
        case .randomTime(let maxPast):
            let micros = now - (maxPast > 0 ? Int64.random(in: 0...maxPast, using: &random) : 0) * 1000
            switch column.type.base {
            case .date: try column.appendInt(CivilTime.split(micros: micros).days.asInt64)
            case .time: try column.appendInt(CivilTime.split(micros: micros).microsOfDay / 1000 * 1000)
            default: try column.appendInt(micros / 1000 * 1000)  // TIMESTAMP(3): milliseconds, as Flink's
            }
        }
    }

    /// A sequence value in the field's type (a string field gets its digits).
    private func appendNumber(_ value: Int64, to column: Column) throws(SpateError) {
        switch column.type.base {
        case .float32, .float64: try column.appendFloat(Double(value))
        case .decimal(let precision, let scale):
            var unscaled = Int128(value)
            for _ in 0..<scale {
                let (product, overflow) = unscaled.multipliedReportingOverflow(by: 10)
                guard !overflow else { throw SpateError(.typeMismatch, "\(value) has more than \(precision) digits for \(column.type.sqlName)") }
                unscaled = product
            }
            try column.appendInt128(unscaled)
        case .string, .char:
            try appendText(String(value), to: column)
        default: try column.appendInt(value)
        }
    }

    private func appendText(_ text: String, to column: Column) throws(SpateError) {
        guard let strings = column as? StringColumn else { throw SpateError(.typeMismatch, "cannot store text in \(column.type.sqlName)") }
        strings.append(text)
    }

    /// Now, as microseconds since the epoch in local time (Flink's `LocalDateTime.now()`).
    private func wallClockMicros() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        return (Int64(spec.tv_sec) + Int64(parts.tm_gmtoff)) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }
}

private extension Int {
    var asInt64: Int64 { Int64(self) }
}
