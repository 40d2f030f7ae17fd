/// Window nodes whose window function is a host function.

/// `window(...).reduce(func)` on tumbling or sliding time windows: folded as elements arrive,
/// emitted when the window fires.
struct WindowReduceNode: PlanNodeKind {
    static let kind = "window_reduce"
    var function: Int
    var window: WindowSpec
    var time: WindowTime
    /// `side_output_late_data`'s tag.
    var lateTag: String?

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        try node.requireKeyedInput()
        let assigner = try window.assigner()
        let type = try node.inputType()
        let lateOutput = try node.lateOutput(lateTag, inputType: type)
        let host = try node.bind(function, as: .reduce, input: type, output: type)
        let processingTime = time == .processing
        return try node.add(kind: "Window(\(assigner))", outputType: type, factory: .transform { _ throws(SpateError) in
            let windows = Operators.windowReduce(assigner, host.makeInstance(), lateOutput: lateOutput)
            return processingTime ? try Operators.onProcessingTime(windows) : windows
        })
    }
}

/// `window(...).process / apply / aggregate`: the window function gets each fired window's
/// elements at once. With a trigger (or global windows) Flink's general window operator runs,
/// with the trigger's state and timers.
struct WindowProcessNode: PlanNodeKind {
    static let kind = "window_process"
    var function: Int
    var outputType: DataType?
    var window: WindowSpec
    var time: WindowTime
    var allowedLatenessMs: Int64?
    var trigger: WindowTrigger?
    var lateTag: String?
    /// Dynamic session windows: the element's gap in ms.
    var gapFunction: Int?

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        try node.requireKeyedInput()
        try window.validate()
        if let trigger {
            do { try trigger.validate() } catch { throw .invalid(error.message) }
        }
        let lateness = allowedLatenessMs ?? 0
        guard lateness >= 0 else { throw .invalid("allowed lateness must not be negative, got \(lateness) ms") }
        let input = try node.inputType()
        let output = outputType ?? .object
        let lateOutput = try node.lateOutput(lateTag, inputType: input)
        let processingTime = time == .processing
        // Processing time has no late elements, so no lateness (as Flink's cleanup time).
        let allowed = processingTime ? 0 : lateness
        if trigger != nil || window == .global {
            let windows: TriggeredWindows
            switch window {
            case .global: windows = .global
            case .tumbling, .sliding: windows = .time(try window.assigner(), processingTime: processingTime)
            default: throw .invalid("triggers are supported on time and global windows, not \(window)")
            }
            let chosen = trigger ?? .never
            let host = try node.bind(function, as: .window, input: input, output: output)
            return try node.add(kind: "Window(\(window))", outputType: output, factory: .transform { _ in
                Operators.triggeredWindows(windows, trigger: chosen, host.makeInstance(),
                                           allowedLateness: window == .global ? 0 : allowed, lateOutput: lateOutput)
            })
        }
        let host = try node.bind(function, as: .window, input: input, output: output)
        let display: String
        let factory: OperatorFactory
        switch window {
        case .session(let gap):
            display = "SessionWindow(\(gap))"
            factory = .transform { _ throws(SpateError) in
                let windows = Operators.sessionWindow(gap: gap, host.makeInstance(), allowedLateness: allowed, lateOutput: lateOutput)
                return processingTime ? try Operators.onProcessingTime(windows) : windows
            }
        case .dynamicSession:
            guard let gapFunction else { throw .invalid("dynamic session gaps need a gap function") }
            let gapHost = try node.bind(gapFunction, as: .map, input: input, output: .int64)
            display = "SessionWindow(dynamic)"
            factory = .transform { _ throws(SpateError) in
                let windows = Operators.sessionWindow(gap: 0, gapFunction: gapHost.makeInstance(), host.makeInstance(),
                                                      allowedLateness: allowed, lateOutput: lateOutput)
                return processingTime ? try Operators.onProcessingTime(windows) : windows
            }
        case .count(let size, let slide):
            display = "CountWindow(\(size))"
            factory = .transform { _ in Operators.countWindow(size: size, slide: slide, host.makeInstance()) }
        case .global:
            throw .invalid("global windows need a trigger")
        case .tumbling, .sliding:
            let assigner = try window.assigner()
            display = "Window(\(assigner))"
            factory = .transform { _ throws(SpateError) in
                let windows = Operators.windowProcess(assigner, host.makeInstance(), allowedLateness: allowed, lateOutput: lateOutput)
                return processingTime ? try Operators.onProcessingTime(windows) : windows
            }
        }
        return try node.add(kind: display, outputType: output, factory: factory)
    }
}

/// Keyed tumbling or sliding event-time windows aggregating numbers natively (sum, min, max,
/// count): a dense accumulator per key and window, no host call.
struct WindowAggregateNode: PlanNodeKind {
    static let kind = "window_aggregate"
    var window: WindowSpec
    var aggregation: AggregationKind
    var lateTag: String?

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        try node.requireKeyedInput()
        let assigner = try window.assigner()
        let type = try node.inputType()
        let lateOutput = try node.lateOutput(lateTag, inputType: type)
        let aggregation = self.aggregation
        _ = try Operators.windowAggregate(assigner, aggregation, type: type)  // validates now
        return try node.add(kind: "Window", outputType: type, factory: .transform { _ throws(SpateError) in
            try Operators.windowAggregate(assigner, aggregation, type: type, lateOutput: lateOutput)
        })
    }
}
