import CSpate
import SpateCore

/// A `spate_operator_desc` read into Swift and turned into a graph node.
struct OperatorDescription {
    let kind: String
    let name: String
    let uid: String?
    let outputType: DataType?
    let keyType: DataType?
    let argument: String?
    let parallelism: Int
    let field: Int
    let start: Int64
    let end: Int64
    let values: ColumnBuilder?
    let udf: spate_udf?
    let udf2: spate_udf?
    let inputs: [Int]
    let partitionings: [String?]
    let inputSides: [String?]
    let sideNames: [String]
    let sideTypes: [DataType]
    let lateSide: String?
    let trigger: String?

    init(_ desc: spate_operator_desc) throws(SpateError) {
        kind = try string(desc.kind, "kind")
        name = desc.name.map { String(cString: $0) } ?? kind
        uid = desc.uid.map { String(cString: $0) }
        outputType = try desc.output_type.map { pointer throws(SpateError) in try DataType(parsing: String(cString: pointer)) }
        keyType = try desc.key_type.map { pointer throws(SpateError) in try DataType(parsing: String(cString: pointer)) }
        argument = desc.argument.map { String(cString: $0) }
        parallelism = Int(desc.parallelism)
        field = Int(desc.field)
        start = desc.start
        end = desc.end
        values = ColumnBuilder.from(desc.values)
        udf = desc.udf?.pointee
        udf2 = desc.udf2?.pointee
        guard desc.n_inputs >= 0, desc.n_inputs == 0 || desc.inputs != nil else {
            throw SpateError(.invalidArgument, "\(name): invalid inputs")
        }
        inputs = (0..<Int(desc.n_inputs)).map { Int(desc.inputs[$0]) }
        let names = desc.input_partitionings
        partitionings = (0..<Int(desc.n_inputs)).map { index in names?[index].map { String(cString: $0) } }
        let sides = desc.input_sides
        inputSides = (0..<Int(desc.n_inputs)).map { index in sides?[index].map { String(cString: $0) } }
        guard desc.n_side_outputs >= 0, desc.n_side_outputs == 0 || (desc.side_output_names != nil && desc.side_output_types != nil) else {
            throw SpateError(.invalidArgument, "\(name): invalid side outputs")
        }
        var sideNames: [String] = []
        var sideTypes: [DataType] = []
        for index in 0..<Int(desc.n_side_outputs) {
            sideNames.append(try string(desc.side_output_names[index], "side output name"))
            sideTypes.append(try DataType(parsing: try string(desc.side_output_types[index], "side output type")))
        }
        self.sideNames = sideNames
        self.sideTypes = sideTypes
        lateSide = desc.late_side.map { String(cString: $0) }
        trigger = desc.trigger.map { String(cString: $0) }
    }

    func add(to box: GraphBox) throws(SpateError) -> Int {
        let graph = box.graph
        guard parallelism >= 0 else {
            throw SpateError(.invalidArgument, "\(name): parallelism must be at least 1, got \(parallelism)")
        }
        for input in inputs where !graph.nodes.indices.contains(input) {
            throw SpateError(.invalidArgument, "\(name): unknown input operator \(input)")
        }
        var edges: [(node: Int, partitioning: Partitioning)] = []
        for (position, input) in inputs.enumerated() {
            let keyed = box.keyed.indices.contains(input) && box.keyed[input]
            guard let name = partitionings[position] else {
                edges.append((input, keyed ? .hash : .forward))
                continue
            }
            guard let partitioning = Partitioning(name: name) else {
                throw SpateError(.invalidArgument, "\(self.name): unknown partitioning '\(name)'")
            }
            edges.append((input, partitioning))
        }
        let inputType = try inputs.first.map { input throws(SpateError) -> DataType in
            guard let side = inputSides.first ?? nil else { return graph.node(input).outputType }
            let producer = graph.node(input)
            guard let index = producer.sideOutputs.firstIndex(of: side) else {
                throw SpateError(.invalidArgument, "\(name): \(producer.name) has no side output '\(side)'")
            }
            return producer.sideOutputTypes[index]
        }
        func requireInputs(_ count: Int) throws(SpateError) {
            guard inputs.count == count else { throw SpateError(.invalidArgument, "\(name): expects \(count) input(s), got \(inputs.count)") }
        }
        func requireKeyed() throws(SpateError) {
            guard let input = inputs.first, box.keyed.indices.contains(input), box.keyed[input] else {
                throw SpateError(.invalidArgument, "\(name): \(kind) needs a keyed stream (call key_by first)")
            }
        }
        func requireUDF() throws(SpateError) -> spate_udf {
            guard let udf, udf.process != nil || udf.process_keyed != nil || udf.process_windows != nil
                    || udf.process_stateful != nil else {
                throw SpateError(.invalidArgument, "\(name): \(kind) needs a function")
            }
            return udf
        }
        switch kind {
        case "collection_source":
            guard let values else { throw SpateError(.invalidArgument, "\(name): a collection source needs values") }
            let column = values.column
            return try graph.add(name: name, kind: Operators.Kind.collectionSource, outputType: column.type,
                                 factory: .source { _ in Operators.collection(column) }, nonParallel: true, uid: uid)
        case "sequence_source":
            let (start, end) = (self.start, self.end)
            guard end >= start else { throw SpateError(.invalidArgument, "\(name): end \(end) is before start \(start)") }
            return try graph.add(name: name, kind: Operators.Kind.sequenceSource, outputType: .int64,
                                 factory: .source { _ in Operators.sequence(from: start, to: end) },
                                 parallelism: parallelism, uid: uid)
        case "file_source":
            // argument: the paths, separated by NUL-free newlines; start: the discovery interval in
            // ms of a continuously monitored source (0: bounded).
            let paths = (argument ?? "").split(separator: "\n").map(String.init)
            guard !paths.isEmpty else { throw SpateError(.invalidArgument, "\(name): a FileSource needs at least one path") }
            guard start >= 0 else { throw SpateError(.invalidArgument, "\(name): the discovery interval must be positive") }
            try Operators.checkFiles(paths)
            let interval: Int64? = start > 0 ? start : nil
            return try graph.add(name: name, kind: Operators.Kind.fileSource, outputType: .string,
                                 factory: .source { _ in Operators.fileLines(paths, discoveryInterval: interval) },
                                 parallelism: parallelism, uid: uid)
        case "map", "flat_map", "batch_map", "filter", "key_by", "partition_key":
            // partition_key: a key_by whose key is the subtask chosen by partition_custom's partitioner.
            try requireInputs(1)
            let function = try requireUDF()
            let producesValues = kind == "map" || kind == "flat_map" || kind == "batch_map"
            let producesKeys = kind == "key_by" || kind == "partition_key"
            if producesValues && outputType == nil { throw SpateError(.invalidArgument, "\(name): \(kind) needs an output type") }
            if producesKeys && keyType == nil { throw SpateError(.invalidArgument, "\(name): \(kind) needs a key type") }
            if kind == "partition_key" && keyType != .int32 {
                throw SpateError(.invalidArgument, "\(name): partition numbers must be INT, not \(keyType.map(\.flinkName) ?? "none")")
            }
            let host = makeHost(function, outputType: producesValues ? outputType : nil,
                               keyType: producesKeys ? keyType : nil)
            let id = try graph.add(name: name, kind: displayKind, outputType: producesValues ? outputType! : inputType!,
                                   factory: host.makeFactory(), inputs: edges, parallelism: parallelism, uid: uid,
                                   fusable: host)
            // Flink runs the key selector chained to its input, at the input's parallelism.
            if producesKeys { graph.followInputParallelism(id) }
            return id
        case "key_constant":
            // window_all: every record under one key, so one subtask holds the whole stream's windows.
            try requireInputs(1)
            let id = try graph.add(name: name, kind: "Key By", outputType: inputType!,
                                   factory: .transform { _ in Operators.transform(KeyByConstant()) },
                                   inputs: edges, parallelism: parallelism, uid: uid)
            graph.followInputParallelism(id)
            return id
        case "assign_timestamps":
            try requireInputs(1)
            let host = makeHost(try requireUDF(), outputType: nil, keyType: nil)
            return try graph.add(name: name, kind: "Timestamps", outputType: inputType!,
                                 factory: host.makeFactory(), inputs: edges, parallelism: parallelism, uid: uid)
        case "watermarks":
            try requireInputs(1)
            // BATCH mode has one watermark, at the end of the input (Flink ignores generators there).
            let outOfOrderness: Int64? = start < 0 || graph.runtimeMode == .batch ? nil : start
            let interval = end > 0 ? end : graph.autoWatermarkIntervalMillis
            // argument "idle:MS": with_idleness
            var idleTimeout: Int64?
            if let argument {
                guard argument.hasPrefix("idle:"), let millis = Int64(argument.dropFirst(5)), millis > 0 else {
                    throw SpateError(.invalidArgument, "\(name): unknown watermark option '\(argument)'")
                }
                idleTimeout = millis
            }
            let id = try graph.add(name: name, kind: "Watermarks", outputType: inputType!,
                                   factory: .transform { _ in
                                       Operators.watermarks(outOfOrderness: outOfOrderness, intervalMillis: interval, idleTimeout: idleTimeout)
                                   },
                                   inputs: edges, parallelism: parallelism, uid: uid)
            graph.followInputParallelism(id)
            return id
        case "key_by_field":
            // A key read from one field of a tuple or row, without calling the host.
            try requireInputs(1)
            let type = inputType!
            guard let fields = type.fields, fields.indices.contains(field) else {
                throw SpateError(.invalidArgument, "\(name): field \(field) is out of range for \(type.flinkName)")
            }
            let position = field
            let id = try graph.add(name: name, kind: "Key By", outputType: type,
                                   factory: .transform { _ in Operators.transform(KeyByField(position)) },
                                   inputs: edges, parallelism: parallelism, uid: uid)
            graph.followInputParallelism(id)
            return id
        case "project":
            // argument: the field positions, comma separated; output_type: the projected tuple.
            try requireInputs(1)
            let positions = (argument ?? "").split(separator: ",").compactMap { Int($0) }
            guard let type = outputType, let inputFields = inputType?.fields, !positions.isEmpty,
                  positions.allSatisfy(inputFields.indices.contains) else {
                throw SpateError(.invalidArgument, "\(name): cannot project fields '\(argument ?? "")' of \(inputType?.flinkName ?? "?")")
            }
            return try graph.add(name: name, kind: "Projection", outputType: type,
                                 factory: .transform { _ in Operators.project(positions: positions, type: type) },
                                 inputs: edges, parallelism: parallelism, uid: uid)
        case "reduce":
            try requireInputs(1)
            try requireKeyed()
            let host = makeHost(try requireUDF(), outputType: outputType ?? inputType!, keyType: nil)
            return try graph.add(name: name, kind: "Keyed Reduce", outputType: outputType ?? inputType!,
                                 factory: .transform { _ in Operators.keyedReduce(HostBatchFunction(host)) },
                                 inputs: edges, parallelism: parallelism, uid: uid)
        case "window_reduce":
            try requireInputs(1)
            try requireKeyed()
            let (processingTime, spec) = Self.timeDomain(of: argument)
            let assigner = try Self.windowAssigner(spec, name: name)
            let lateOutput = try lateOutput(inputType: inputType!)
            let host = makeHost(try requireUDF(), outputType: outputType ?? inputType!, keyType: nil)
            return try graph.add(name: name, kind: "Window(\(argument ?? ""))", outputType: outputType ?? inputType!,
                                 factory: .transform { _ throws(SpateError) in
                                     let windows = Operators.windowReduce(assigner, HostBatchFunction(host), lateOutput: lateOutput)
                                     return processingTime ? try Operators.onProcessingTime(windows) : windows
                                 },
                                 inputs: edges, parallelism: parallelism, uid: uid)
        case "co_map", "co_flat_map":
            try requireInputs(2)
            guard let outputType else { throw SpateError(.invalidArgument, "\(name): \(kind) needs an output type") }
            guard let second = udf2 else { throw SpateError(.invalidArgument, "\(name): \(kind) needs two functions") }
            let host1 = makeHost(try requireUDF(), outputType: outputType, keyType: nil)
            let host2 = makeHost(second, outputType: outputType, keyType: nil)
            return try graph.add(name: name, kind: kind == "co_map" ? "Co-Map" : "Co-Flat Map", outputType: outputType,
                                 factory: .transform { _ in Operators.coTransform(HostBatchFunction(host1), HostBatchFunction(host2)) },
                                 inputs: edges, parallelism: parallelism, uid: uid, inputIndex: [0, 1])
        case "co_process":
            // Connected streams: both keyed (KeyedCoProcessFunction) or neither (CoProcessFunction),
            // or any stream with a broadcast one (the broadcast state pattern).
            try requireInputs(2)
            let broadcastSecond = partitionings[1]?.lowercased() == "broadcast"
            let keyedInputs = inputs.enumerated().map { position, input in
                box.keyed.indices.contains(input) && box.keyed[input] && !(position == 1 && broadcastSecond)
            }
            guard keyedInputs[0] == keyedInputs[1] || broadcastSecond else {
                throw SpateError(.invalidArgument, "\(name): connect two keyed streams or two unkeyed ones, not one of each")
            }
            guard let second = udf2 else { throw SpateError(.invalidArgument, "\(name): \(kind) needs two functions") }
            let host1 = makeHost(try requireUDF(), outputType: outputType ?? .object, keyType: nil)
            let host2 = makeHost(second, outputType: outputType ?? .object, keyType: nil)
            return try graph.add(name: name, kind: keyedInputs[0] ? "KeyedCoProcess" : "CoProcess", outputType: outputType ?? .object,
                                 factory: .transform { _ in
                                     Operators.coProcess(HostBatchFunction(host1), HostBatchFunction(host2), keyedInputs: keyedInputs)
                                 },
                                 inputs: edges, parallelism: parallelism, uid: uid, inputIndex: [0, 1])
        case "keyed_process", "process":
            try requireInputs(1)
            if kind == "keyed_process" { try requireKeyed() }
            let host = makeHost(try requireUDF(), outputType: outputType ?? .object, keyType: nil)
            return try graph.add(name: name, kind: "KeyedProcess", outputType: outputType ?? .object,
                                 factory: .transform { _ in Operators.keyedProcess(HostBatchFunction(host)) },
                                 inputs: edges, parallelism: parallelism, uid: uid)
        case "window_process":
            try requireInputs(1)
            try requireKeyed()
            let function = try requireUDF()
            let (processingTime, spec) = Self.timeDomain(of: argument)
            let window = try Self.wholeWindow(spec, name: name)  // parsed before the host is owned
            let trigger = try trigger.map { text throws(SpateError) in try Self.trigger(text, name: name) }
            let lateOutput = try lateOutput(inputType: inputType!)
            if case .dynamicSession = window, udf2 == nil {
                throw SpateError(.invalidArgument, "\(name): dynamic session gaps need a gap extractor")
            }
            if trigger != nil || window == .global {
                // Flink's general window operator: panes with a trigger's state and timers.
                let windows: TriggeredWindows
                let lateness: Int64
                switch window {
                case .global: (windows, lateness) = (.global, 0)
                case .time(let assigner, let allowed): (windows, lateness) = (.time(assigner, processingTime: processingTime), allowed)
                default: throw SpateError(.invalidArgument, "\(name): triggers are supported on time and global windows, not '\(spec ?? "")'")
                }
                let chosen = trigger ?? .never
                let host = makeHost(function, outputType: outputType ?? .object, keyType: nil)
                return try graph.add(name: name, kind: "Window(\(argument ?? ""))", outputType: outputType ?? .object,
                                     factory: .transform { _ in
                                         Operators.triggeredWindows(windows, trigger: chosen, HostBatchFunction(host),
                                                                    allowedLateness: processingTime ? 0 : lateness, lateOutput: lateOutput)
                                     },
                                     inputs: edges, parallelism: parallelism, uid: uid)
            }
            let host = makeHost(function, outputType: outputType ?? .object, keyType: nil)
            var gapHost: HostUDF?
            if case .dynamicSession = window { gapHost = udf2.map { HostUDF($0, outputType: .int64, keyType: nil) } }
            let (display, factory): (String, OperatorFactory)
            switch window {
            case .session(let gap, let lateness):
                (display, factory) = ("SessionWindow(\(gap))", .transform { _ throws(SpateError) in
                    let windows = Operators.sessionWindow(gap: gap, HostBatchFunction(host), allowedLateness: processingTime ? 0 : lateness,
                                                          lateOutput: lateOutput)
                    return processingTime ? try Operators.onProcessingTime(windows) : windows
                })
            case .dynamicSession(let lateness):
                (display, factory) = ("SessionWindow(dynamic)", .transform { [gapHost] _ throws(SpateError) in
                    let windows = Operators.sessionWindow(gap: 0, gapFunction: gapHost.map(HostBatchFunction.init),
                                                          HostBatchFunction(host), allowedLateness: processingTime ? 0 : lateness,
                                                          lateOutput: lateOutput)
                    return processingTime ? try Operators.onProcessingTime(windows) : windows
                })
            case .count(let size, let slide):
                (display, factory) = ("CountWindow(\(size))", .transform { _ in
                    Operators.countWindow(size: size, slide: slide, HostBatchFunction(host))
                })
            case .global:
                throw SpateError(.invalidArgument, "\(name): global windows need a trigger")
            case .time(let assigner, let lateness):
                (display, factory) = ("Window(\(argument ?? ""))", .transform { _ throws(SpateError) in
                    // Processing time has no late elements, so no lateness (as Flink's cleanup time).
                    let windows = Operators.windowProcess(assigner, HostBatchFunction(host),
                                                          allowedLateness: processingTime ? 0 : lateness, lateOutput: lateOutput)
                    return processingTime ? try Operators.onProcessingTime(windows) : windows
                })
            }
            return try graph.add(name: name, kind: display, outputType: outputType ?? .object, factory: factory,
                                 inputs: edges, parallelism: parallelism, uid: uid)
        case "sum", "min", "max", "min_by", "max_by":
            try requireInputs(1)
            try requireKeyed()
            let aggregation: AggregationKind = switch kind {
            case "sum": .sum
            case "min": .min
            case "max": .max
            case "min_by": .minBy
            default: .maxBy
            }
            let type = inputType!
            let fieldIndex: Int? = type.isComposite ? field : nil
            _ = try Operators.keyedAggregate(aggregation, type: type, field: fieldIndex)  // validates now
            return try graph.add(name: name, kind: "Keyed Aggregation", outputType: type,
                                 factory: .transform { _ throws(SpateError) in try Operators.keyedAggregate(aggregation, type: type, field: fieldIndex) },
                                 inputs: edges, parallelism: parallelism, uid: uid)
        case "union":
            guard inputs.count >= 1 else { throw SpateError(.invalidArgument, "\(name): union needs inputs") }
            for input in inputs where graph.node(input).outputType != inputType! {
                throw SpateError(.invalidArgument, "\(name): cannot union streams of \(inputType!.flinkName) and \(graph.node(input).outputType.flinkName)")
            }
            return try graph.add(name: name, kind: "Union", outputType: inputType!,
                                 factory: .transform { _ in Operators.union() }, inputs: edges, parallelism: parallelism, uid: uid)
        case "print":
            try requireInputs(1)
            let identifier = argument
            return try graph.add(name: name, kind: Operators.Kind.print, outputType: inputType!,
                                 factory: .transform { _ in Operators.print(identifier: identifier) },
                                 inputs: edges, parallelism: parallelism, uid: uid)
        case "file_sink":
            // argument: base path, prefix, suffix, part size, bucket pattern ("" for none), rollover
            // and inactivity intervals in ms (0: none), rolling on checkpoints ("1" or "0"), one a line.
            try requireInputs(1)
            let fields = (argument ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 8, let partSize = Int64(fields[3]), partSize > 0, !fields[0].isEmpty,
                  let rollover = Int64(fields[5]), let inactivity = Int64(fields[6]), rollover >= 0, inactivity >= 0,
                  ["0", "1"].contains(fields[7]) else {
                throw SpateError(.invalidArgument, "\(name): invalid file sink settings")
            }
            let bucket: String? = fields[4].isEmpty ? nil : fields[4]
            return try graph.add(name: name, kind: "Sink: File Sink", outputType: inputType!,
                                 factory: .transform { _ in
                                     Operators.fileSink(basePath: fields[0], prefix: fields[1], suffix: fields[2], partSize: partSize,
                                                        rolloverInterval: rollover > 0 ? rollover : nil,
                                                        inactivityInterval: inactivity > 0 ? inactivity : nil, bucketFormat: bucket,
                                                        rollsOnCheckpoint: fields[7] == "1")
                                 },
                                 inputs: edges, parallelism: parallelism, uid: uid)
        case "collect":
            try requireInputs(1)
            return try graph.add(name: name, kind: Operators.Kind.collect, outputType: inputType!,
                                 factory: .transform { _ in Operators.collect() }, inputs: edges, parallelism: parallelism, uid: uid)
        default:
            throw SpateError(.invalidArgument, "unknown operator kind '\(kind)'")
        }
    }

    enum WholeWindow: Equatable {
        case session(gap: Int64, lateness: Int64)
        /// Sessions whose gap the operator's second function gives per element.
        case dynamicSession(lateness: Int64)
        case count(size: Int, slide: Int)
        case time(WindowAssigner, lateness: Int64)
        case global
    }

    /// `session:GAP`, `count:SIZE[:SLIDE]`, `global`, or a time window (see `windowSpec`).
    static func wholeWindow(_ text: String?, name: String) throws(SpateError) -> WholeWindow {
        if text == "global" { return .global }
        if let text, text.hasPrefix("session:") {
            // session:GAP[:LATENESS] or session:dynamic[:LATENESS]
            let parts = text.dropFirst(8).split(separator: ":", omittingEmptySubsequences: false)
            let lateness = parts.count == 2 ? Int64(parts[1]) : 0
            guard parts.count <= 2, let lateness, lateness >= 0 else {
                throw SpateError(.invalidArgument, "\(name): unknown session window '\(text)'")
            }
            if parts[0] == "dynamic" { return .dynamicSession(lateness: lateness) }
            guard let gap = Int64(parts[0]), gap > 0 else {
                throw SpateError(.invalidArgument, "\(name): a session gap must be positive, got '\(parts[0])' ms")
            }
            return .session(gap: gap, lateness: lateness)
        }
        if let text, text.hasPrefix("count:") {
            // count:SIZE or count:SIZE:SLIDE
            let parts = text.dropFirst(6).split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count <= 2, let size = parts[0], size > 0, let slide = parts.count == 2 ? parts[1] : size, slide > 0 else {
                throw SpateError(.invalidArgument, "\(name): a count window's size and slide must be positive, got '\(text.dropFirst(6))'")
            }
            return .count(size: size, slide: slide)
        }
        let (assigner, lateness) = try windowSpec(text, name: name)
        return .time(assigner, lateness: lateness)
    }

    /// `event`, `processing`, `count:N`, `continuous-event:MS`, `continuous-processing:MS`, `never`
    /// or `purging:TRIGGER`.
    static func trigger(_ text: String, name: String) throws(SpateError) -> WindowTrigger {
        func number(_ prefix: String) -> Int64? { text.hasPrefix(prefix) ? Int64(text.dropFirst(prefix.count)) : nil }
        let trigger: WindowTrigger
        if text == "event" { trigger = .eventTime }
        else if text == "processing" { trigger = .processingTime }
        else if text == "never" { trigger = .never }
        else if let count = number("count:") { trigger = .count(count) }
        else if let interval = number("continuous-event:") { trigger = .continuousEventTime(interval: interval) }
        else if let interval = number("continuous-processing:") { trigger = .continuousProcessingTime(interval: interval) }
        else if text.hasPrefix("purging:") { trigger = .purging(try Self.trigger(String(text.dropFirst(8)), name: name)) }
        else { throw SpateError(.invalidArgument, "\(name): unknown trigger '\(text)'") }
        do { try trigger.validate() } catch { throw SpateError(.invalidArgument, "\(name): \(error.message)") }
        return trigger
    }

    /// Processing-time windows are spelled as event-time ones with a `processing-` prefix.
    static func timeDomain(of spec: String?) -> (processingTime: Bool, spec: String?) {
        guard let spec, spec.hasPrefix("processing-") else { return (false, spec) }
        return (true, String(spec.dropFirst("processing-".count)))
    }

    /// `tumbling:SIZE:OFFSET[:LATENESS]` or `sliding:SIZE:SLIDE:OFFSET[:LATENESS]`, in milliseconds.
    static func windowAssigner(_ text: String?, name: String) throws(SpateError) -> WindowAssigner {
        try windowSpec(text, name: name).assigner
    }

    static func windowSpec(_ text: String?, name: String) throws(SpateError) -> (assigner: WindowAssigner, lateness: Int64) {
        let parts = (text ?? "").split(separator: ":").map(String.init)
        let numbers = parts.dropFirst().compactMap { Int64($0) }
        let assigner: WindowAssigner
        var lateness: Int64 = 0
        switch (parts.first, numbers.count) {
        case ("tumbling", 2), ("tumbling", 3):
            assigner = .tumbling(size: numbers[0], offset: numbers[1])
            if numbers.count == 3 { lateness = numbers[2] }
        case ("sliding", 3), ("sliding", 4):
            assigner = .sliding(size: numbers[0], slide: numbers[1], offset: numbers[2])
            if numbers.count == 4 { lateness = numbers[3] }
        default: throw SpateError(.invalidArgument, "\(name): unknown window '\(text ?? "")'")
        }
        try assigner.validate()
        guard lateness >= 0 else { throw SpateError(.invalidArgument, "\(name): allowed lateness must not be negative, got \(lateness) ms") }
        return (assigner, lateness)
    }

    /// The side output that receives late elements, when one is declared and read; it carries the
    /// window's input records, so it must have their type.
    private func lateOutput(inputType: DataType) throws(SpateError) -> Int? {
        guard let lateSide, let index = sideNames.firstIndex(of: lateSide) else { return nil }
        guard sideTypes[index] == inputType else {
            throw SpateError(.invalidArgument, "\(name): the late data side output '\(lateSide)' is declared as "
                             + "\(sideTypes[index].flinkName), but the window's input is \(inputType.flinkName)")
        }
        return index
    }

    /// A host UDF that may also emit to this operator's side outputs.
    private func makeHost(_ udf: spate_udf, outputType: DataType?, keyType: DataType?) -> HostUDF {
        let host = HostUDF(udf, outputType: outputType, keyType: keyType)
        host.sideTypes = sideTypes
        return host
    }

    /// Records the node's side outputs and which inputs read a side output.
    func wireSides(_ id: Int, in graph: StreamGraph) {
        if !sideNames.isEmpty { graph.setSideOutputs(id, sideNames, types: sideTypes) }
        for (position, side) in inputSides.enumerated() {
            if let side { graph.readSideOutput(id, input: position, side: side) }
        }
    }

    private var displayKind: String {
        switch kind {
        case "map": return "Map"
        case "flat_map": return "Flat Map"
        case "batch_map": return "Async Wait"
        case "filter": return "Filter"
        case "partition_key": return "Partition Custom"
        default: return "Key By"
        }
    }
}
