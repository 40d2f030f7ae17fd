/// Factories for the built-in operators, for the API layers (Swift API, C ABI).
public enum Operators {
    public static func transform(_ function: BatchFunction) -> StreamOperator { TransformOperator(function) }
    /// Tuples of the fields at `positions` (`DataStream.project`), typed `type`.
    public static func project(positions: [Int], type: DataType) -> StreamOperator {
        TransformOperator(ProjectFields(positions: positions, type: type))
    }

    public static func transform(_ body: @escaping (RecordBatch) throws(SpateError) -> RecordBatch?) -> StreamOperator {
        TransformOperator(ClosureFunction(body))
    }

    /// Two inputs, each through its own function, into one stream.
    public static func coTransform(_ first: BatchFunction, _ second: BatchFunction) -> StreamOperator {
        CoTransformOperator(first: first, second: second)
    }

    public static func keyedReduce(_ function: KeyedBatchFunction) -> StreamOperator { KeyedReduceOperator(function) }

    /// sum/min/max/min_by/max_by of `field` (nil: the value itself) on a keyed stream of `type`.
    public static func keyedAggregate(_ kind: AggregationKind, type: DataType, field: Int?) throws(SpateError) -> StreamOperator {
        try makeKeyedAggregate(kind, type: type, field: field)
    }

    public static func union() -> StreamOperator { UnionOperator() }

    /// A keyed process function with state and event-time timers.
    public static func keyedProcess(_ function: StatefulBatchFunction) -> StreamOperator { KeyedProcessOperator(function) }

    /// Connected streams with a process function per input (`process_element1`/`2`), sharing keyed
    /// state and timers.
    public static func coProcess(_ first: StatefulBatchFunction, _ second: StatefulBatchFunction,
                                 keyedInputs: [Bool] = [true, true]) -> StreamOperator {
        KeyedProcessOperator(first, second: second, keyedInputs: keyedInputs)
    }

    /// Keyed event-time session windows with a fixed gap, handed whole to a host function. Late
    /// elements go to side output `lateOutput` (nil: dropped), here and in the window operators below.
    /// With a `gapFunction`, each element's gap comes from it (dynamic gaps) instead of `gap`.
    public static func sessionWindow(gap: Int64, gapFunction: BatchFunction? = nil, _ function: WindowBatchFunction,
                                     allowedLateness: Int64 = 0, lateOutput: Int? = nil) -> StreamOperator {
        SessionWindowOperator(gap: gap, gapFunction: gapFunction, function: function, allowedLateness: allowedLateness,
                              lateOutput: lateOutput)
    }

    /// Keyed count windows of `size` elements, one every `slide` elements (nil: tumbling), handed
    /// whole to a host function.
    public static func countWindow(size: Int, slide: Int? = nil, _ function: WindowBatchFunction) -> StreamOperator {
        CountWindowOperator(size: size, slide: slide, function: function)
    }

    /// Keyed event-time windows handed whole to a host function when they fire.
    public static func windowProcess(_ assigner: WindowAssigner, _ function: WindowBatchFunction,
                                     allowedLateness: Int64 = 0, lateOutput: Int? = nil) -> StreamOperator {
        WindowProcessOperator(assigner: assigner, function: function, allowedLateness: allowedLateness, lateOutput: lateOutput)
    }

    /// Runs event-time windows (`windowProcess`, `windowReduce`, `sessionWindow`, `windowAggregate`)
    /// on processing time: elements are stamped with their arrival time and windows fire when the
    /// clock passes them.
    public static func onProcessingTime(_ windows: StreamOperator) throws(SpateError) -> StreamOperator {
        guard let firing = windows as? WindowFiringOperator else {
            throw .invalid("\(type(of: windows)) has no event-time windows to run on processing time")
        }
        return ProcessingTimeWindowOperator(firing)
    }

    /// Keyed windows fired by `trigger` (Flink's general window operator), handed whole to a host
    /// function.
    public static func triggeredWindows(_ windows: TriggeredWindows, trigger: WindowTrigger, _ function: WindowBatchFunction,
                                        allowedLateness: Int64 = 0, lateOutput: Int? = nil) -> StreamOperator {
        TriggeredWindowOperator(windows: windows, trigger: trigger, function: function, allowedLateness: allowedLateness,
                                lateOutput: lateOutput)
    }

    /// Keyed event-time windows reduced by a host function.
    public static func windowReduce(_ assigner: WindowAssigner, _ function: KeyedBatchFunction,
                                    lateOutput: Int? = nil) -> StreamOperator {
        WindowReduceOperator(assigner: assigner, function: function, lateOutput: lateOutput)
    }

    /// Keyed event-time windows with a built-in aggregation of numeric values of `type`.
    public static func windowAggregate(_ assigner: WindowAssigner, _ kind: AggregationKind, type: DataType,
                                       lateOutput: Int? = nil) throws(SpateError) -> StreamOperator {
        switch type.base {
        case .int64: return WindowAggregateOperator<Int64>(assigner: assigner, kind: kind, lateOutput: lateOutput)
        case .int32: return WindowAggregateOperator<Int32>(assigner: assigner, kind: kind, lateOutput: lateOutput)
        case .float64: return WindowAggregateOperator<Double>(assigner: assigner, kind: kind, lateOutput: lateOutput)
        case .float32: return WindowAggregateOperator<Float>(assigner: assigner, kind: kind, lateOutput: lateOutput)
        default: throw .invalid("window \(kind.rawValue): values of type \(type.flinkName) are not numeric")
        }
    }

    /// Watermarks from the largest timestamp seen, `outOfOrderness` ms behind (nil: none), every
    /// `intervalMillis` of processing time.
    /// A watermark generator (see `WatermarkGeneratorOperator`); `idleTimeout`: `with_idleness`.
    public static func watermarks(outOfOrderness: Int64?, intervalMillis: Int64, idleTimeout: Int64? = nil) -> StreamOperator {
        WatermarkGeneratorOperator(outOfOrderness: outOfOrderness, intervalMillis: intervalMillis, idleTimeout: idleTimeout)
    }
    public static func print(identifier: String?) -> StreamOperator { PrintSink(identifier: identifier) }
    public static func collect() -> StreamOperator { CollectSink() }
    /// Row-format part files, each record's printed form a line; parts roll at `partSize` bytes,
    /// by age (`rolloverInterval` ms) or inactivity (`inactivityInterval` ms) when given, and at
    /// every checkpoint with `rollsOnCheckpoint`.
    public static func fileSink(basePath: String, prefix: String, suffix: String, partSize: Int64,
                                rolloverInterval: Int64? = nil, inactivityInterval: Int64? = nil,
                                bucketFormat: String?, rollsOnCheckpoint: Bool = false,
                                streamingFileSink: Bool = false) -> StreamOperator {
        FileSinkOperator(settings: .init(basePath: basePath, prefix: prefix, suffix: suffix, partSize: partSize,
                                         rolloverInterval: rolloverInterval, inactivityInterval: inactivityInterval,
                                         bucketFormat: bucketFormat, rollsOnCheckpoint: rollsOnCheckpoint,
                                         streamingFileSink: streamingFileSink))
    }
    public static func discard(_ counter: RecordCounter) -> StreamOperator { DiscardSink(counter: counter) }

    public static func collection(_ values: Column, rowKinds: RowKindColumn? = nil) -> SourceOperator {
        CollectionSource(values: values, rowKinds: rowKinds)
    }
    public static func sequence(from start: Int64, to end: Int64) -> SourceOperator { SequenceSource(start: start, end: end) }
    /// The lines of the files under `paths`.
    /// The lines of the files under `paths`; with a `discoveryInterval` (ms), new files keep coming.
    public static func fileLines(_ paths: [String], discoveryInterval: Int64? = nil) -> SourceOperator {
        FileLinesSource(paths: paths, discoveryInterval: discoveryInterval)
    }
    /// Checks that every path exists (a missing file is an error before the job runs).
    public static func checkFiles(_ paths: [String]) throws(SpateError) { _ = try FileLinesSource.listFiles(paths) }

    /// The plan names Flink gives these operators.
    public enum Kind {
        public static let collectionSource = CollectionSource.kind
        public static let sequenceSource = SequenceSource.kind
        public static let fileSource = FileLinesSource.kind
        public static let print = PrintSink.kind
        public static let collect = CollectSink.kind
        public static let discard = DiscardSink.kind
    }
}
