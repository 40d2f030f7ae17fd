/// The windows a triggered window operator assigns.
public enum TriggeredWindows: Sendable, Equatable {
    /// Time windows, of event time or (`processingTime`) of the arrival time.
    case time(WindowAssigner, processingTime: Bool)
    /// One window per key holding everything (`GlobalWindows`), never cleaned up.
    case global

    var isEventTime: Bool {
        if case .time(_, let processingTime) = self { return !processingTime }
        return false
    }
}

/// Keyed windows with an explicit trigger (`WindowedStream.trigger`, `GlobalWindows`): Flink's
/// `WindowOperator` for whole-window functions. Each (key, window) pane keeps its elements and its
/// trigger's state; the trigger fires (and purges) panes on elements and on its event- and
/// processing-time timers; a window's state is dropped at its cleanup time (end - 1 + allowed
/// lateness for event time, end - 1 for processing time, never for global windows).
final class TriggeredWindowOperator: ProcessingTimeOperator {
    struct Pane {
        var key: Int64
        var start: Int64
        var end: Int64
        var rows: [Int32] = []
        var trigger = WindowTrigger.State()
        var maxTimestamp: Int64 { TriggeredWindowOperator.maxTimestamp(end: end) }
    }

    private struct PaneKey: Hashable {
        var key: Int64
        var start: Int64
    }

    let windows: TriggeredWindows
    let trigger: WindowTrigger
    let function: WindowBatchFunction
    let allowedLateness: Int64
    private let keyIndex = KeyIndex()
    private var store: Column?
    /// Panes by id (ids are never reused, so a timer of a dropped pane finds nothing).
    private var panes: [Int64: Pane] = [:]
    private var paneOf: [PaneKey: Int64] = [:]
    private var nextPane: Int64 = 0
    /// Timers per (key, window start): the trigger's and each window's cleanup.
    private var timerService = TimerService()
    private var watermark = Int64.min
    private var clock: ProcessingClock = SystemClock()
    private var late: LateElements
    var lateCount: Int { late.count }
    /// Panes fired during the current call: their rows (at firing time) and window.
    private var firing: [(rows: [Int32], start: Int64, end: Int64)] = []
    /// Rows of the store that some pane still holds.
    private var heldRows = 0

    init(windows: TriggeredWindows, trigger: WindowTrigger, function: WindowBatchFunction, allowedLateness: Int64 = 0,
         lateOutput: Int? = nil) {
        self.windows = windows
        self.trigger = trigger
        self.function = function
        self.allowedLateness = allowedLateness
        late = LateElements(output: lateOutput)
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        clock = context.clock
        try function.open(context)
    }

    func close() throws(SpateError) { try function.close() }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let keys = batch.keys else { throw SpateError(.runtime, "windows need a keyed stream") }
        if windows.isEventTime && batch.timestamps == nil {
            throw SpateError(.invalidArgument, "event-time windows need timestamps; call assign_timestamps_and_watermarks first")
        }
        let keySlots = try keyIndex.slots(for: keys)
        compactStore(&store, heldRows: heldRows) { renumber in
            for pane in panes.values.indices { renumber(&panes.values[pane].rows) }
        }
        let base = storeElements(of: batch, in: &store).base
        let now = clock.now()
        var timers: [WindowTrigger.Timer] = []
        for row in 0..<batch.count {
            let timestamp = batch.timestamps?[row] ?? now
            var taken = false
            try forEachWindow(of: windows.isEventTime ? timestamp : now) { start, end throws(SpateError) in
                let maxTimestamp = Self.maxTimestamp(end: end)
                if windows.isEventTime && cleanupTime(maxTimestamp).map({ $0 <= watermark }) == true {
                    return  // the window is gone: late for it
                }
                taken = true
                let id = paneID(key: keySlots[row], start: start, end: end)
                panes[id]!.rows.append(base + Int32(row))
                heldRows += 1
                let action = trigger.onElement(timestamp: timestamp, maxTimestamp: maxTimestamp, watermark: watermark,
                                               now: now, state: &panes[id]!.trigger, timers: &timers)
                schedule(timers, pane: id)
                timers.removeAll(keepingCapacity: true)
                apply(action, pane: id)
            }
            if !taken && windows.isEventTime { late.add(row: row) }
        }
        try late.flush(from: batch, to: output)
        try emitFiring(output: output)
    }

    func processWatermark(_ watermark: Int64, output: Collector) throws(SpateError) {
        self.watermark = watermark
        try fireTimers(in: .eventTime, at: watermark, output: output)
        try output.emitWatermark(watermark)
    }

    var nextProcessingTime: Int64? { timerService.nextTime(.processingTime) }

    func onProcessingTime(_ now: Int64, output: Collector) throws(SpateError) {
        try fireTimers(in: .processingTime, at: now, output: output)
    }

    // MARK: - Panes and timers

    /// A window's last millisecond; a global window's is the end of time.
    static func maxTimestamp(end: Int64) -> Int64 { end == Int64.max ? Int64.max : end &- 1 }

    private func forEachWindow(of time: Int64, _ body: (Int64, Int64) throws(SpateError) -> Void) throws(SpateError) {
        switch windows {
        case .global:
            try body(Int64.min, Int64.max)
        case .time(let assigner, _):
            let size = assigner.size
            try assigner.forEachWindow(of: time) { start throws(SpateError) in try body(start, start &+ size) }
        }
    }

    /// The pane of `key`'s window, created (with its cleanup timer) on first use.
    private func paneID(key: Int64, start: Int64, end: Int64) -> Int64 {
        let paneKey = PaneKey(key: key, start: start)
        if let id = paneOf[paneKey] { return id }
        let id = nextPane
        nextPane += 1
        paneOf[paneKey] = id
        panes[id] = Pane(key: key, start: start, end: end)
        if let cleanup = cleanupTime(panes[id]!.maxTimestamp) {
            timerService.register(windows.isEventTime ? .eventTime : .processingTime, key: key, namespace: start, at: cleanup)
        }
        return id
    }

    /// When a window's state is dropped; nil for never (global windows, or past the end of time).
    private func cleanupTime(_ maxTimestamp: Int64) -> Int64? {
        guard case .time = windows, maxTimestamp != Int64.max else { return nil }
        guard windows.isEventTime else { return maxTimestamp }
        return maxTimestamp > Int64.max &- allowedLateness ? nil : maxTimestamp &+ allowedLateness
    }

    private func schedule(_ timers: [WindowTrigger.Timer], pane id: Int64) {
        guard let pane = panes[id] else { return }
        for timer in timers {
            switch timer {
            case .eventTime(let time): timerService.register(.eventTime, key: pane.key, namespace: pane.start, at: time)
            case .processingTime(let time): timerService.register(.processingTime, key: pane.key, namespace: pane.start, at: time)
            }
        }
    }

    private func apply(_ action: WindowTrigger.Action, pane id: Int64) {
        guard let pane = panes[id] else { return }
        if action.contains(.fire) && !pane.rows.isEmpty { firing.append((pane.rows, pane.start, pane.end)) }
        if action.contains(.purge) {
            heldRows -= pane.rows.count
            panes[id]!.rows.removeAll()
        }
    }

    /// Fires the timers of `domain` due at `time` one at a time in order (a timer one registers
    /// fires before later ones, as in Flink), dropping each window at its cleanup time.
    private func fireTimers(in domain: TimeDomain, at time: Int64, output: Collector) throws(SpateError) {
        var timers: [WindowTrigger.Timer] = []
        while let timer = timerService.takeNext(domain, dueAt: time) {
            // A dropped window's timers find no pane.
            guard let id = paneOf[PaneKey(key: timer.key, start: timer.namespace)], let pane = panes[id] else { continue }
            let action = domain == .eventTime
                ? trigger.onEventTime(timer.timestamp, maxTimestamp: pane.maxTimestamp, state: &panes[id]!.trigger, timers: &timers)
                : trigger.onProcessingTime(timer.timestamp, maxTimestamp: pane.maxTimestamp, state: &panes[id]!.trigger, timers: &timers)
            schedule(timers, pane: id)
            timers.removeAll(keepingCapacity: true)
            apply(action, pane: id)
            if (domain == .eventTime) == windows.isEventTime && cleanupTime(pane.maxTimestamp) == timer.timestamp,
               let dropped = panes[id] {
                heldRows -= dropped.rows.count
                panes[id] = nil
                paneOf[PaneKey(key: pane.key, start: pane.start)] = nil
            }
        }
        try emitFiring(output: output)
    }

    /// Hands every pane fired in this call to the function, in one call; results carry the
    /// window's max timestamp, as in Flink.
    private func emitFiring(output: Collector) throws(SpateError) {
        guard !firing.isEmpty, let store else { return }
        var rows: [Int32] = []
        var offsets: [Int64] = [0]
        let times = PrimitiveColumn<Int64>(type: .int64)
        for pane in firing {
            rows.append(contentsOf: pane.rows)
            let maxTimestamp = Self.maxTimestamp(end: pane.end)
            for _ in pane.rows { times.append(maxTimestamp) }
            offsets.append(Int64(rows.count))
        }
        let starts = firing.map(\.start)
        let ends = firing.map(\.end)
        firing.removeAll()
        let elements = RecordBatch(values: rows.withUnsafeBufferPointer { store.gather($0, move: false) }, timestamps: times)
        if let result = try function.process(windows: elements, offsets: offsets, starts: starts, ends: ends,
                                             watermark: watermark) {
            try output.emit(result)
        }
    }
}
