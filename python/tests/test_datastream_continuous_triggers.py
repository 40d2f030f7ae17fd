"""The continuous triggers' `register_next_fire_timestamp`, as PyFlink's: the next firing, one
interval on and never past the window's end, kept in the 'fire-time' state with a timer."""
from spate.datastream.window import ContinuousEventTimeTrigger, ContinuousProcessingTimeTrigger, TimeWindow, Trigger
from spate.datastream.window_state import DictStateStore
from spate.datastream.window_triggers import _fire_time


class RecordingContext(Trigger.TriggerContext):
    """A trigger context over one window's state that records the timers set."""

    def __init__(self, watermark=-2 ** 63, processing_time=0):
        self.timers = []
        self._watermark = watermark
        self._processing_time = processing_time
        self._store = DictStateStore({}, {})

    def get_current_processing_time(self):
        return self._processing_time

    def get_metric_group(self):
        return None

    def get_current_watermark(self):
        return self._watermark

    def register_processing_time_timer(self, time):
        self.timers.append(('processing', time))

    def register_event_time_timer(self, time):
        self.timers.append(('event', time))

    def delete_processing_time_timer(self, time):
        self.timers.append(('delete processing', time))

    def delete_event_time_timer(self, time):
        self.timers.append(('delete event', time))

    def get_partitioned_state(self, state_descriptor):
        return self._store.get_reducing_state(state_descriptor)


def test_the_next_firing_is_one_interval_on():
    ctx = RecordingContext()
    state = ctx.get_partitioned_state(_fire_time())
    ContinuousEventTimeTrigger(5).register_next_fire_timestamp(10, TimeWindow(0, 100), ctx, state)
    assert state.get() == 15
    assert ctx.timers == [('event', 15)]


def test_the_next_firing_is_never_past_the_window_end():
    ctx = RecordingContext()
    state = ctx.get_partitioned_state(_fire_time())
    ContinuousProcessingTimeTrigger(5).register_next_fire_timestamp(17, TimeWindow(0, 20), ctx, state)
    assert state.get() == 19
    assert ctx.timers == [('processing', 19)]


def test_the_fire_time_state_keeps_the_earliest_firing():
    ctx = RecordingContext()
    state = ctx.get_partitioned_state(_fire_time())
    trigger = ContinuousEventTimeTrigger(10)
    trigger.register_next_fire_timestamp(20, TimeWindow(0, 100), ctx, state)
    trigger.register_next_fire_timestamp(5, TimeWindow(0, 100), ctx, state)
    assert state.get() == 15
    assert ctx.timers == [('event', 30), ('event', 15)]


def test_the_triggers_rules_schedule_through_it():
    scheduled = []

    class Recording(ContinuousEventTimeTrigger):
        def register_next_fire_timestamp(self, time, window, ctx, fire_timestamp_state):
            scheduled.append(time)
            super().register_next_fire_timestamp(time, window, ctx, fire_timestamp_state)

    trigger, window, ctx = Recording(5), TimeWindow(0, 100), RecordingContext(watermark=0)
    trigger.on_element('x', 12, window, ctx)  # the first firing: aligned to the interval, then one on
    assert scheduled == [10]
    assert ctx.timers == [('event', 15), ('event', 99)]
    assert trigger.on_event_time(15, window, ctx).is_fire()  # fires and schedules the next
    assert scheduled == [10, 15]
    assert ctx.get_partitioned_state(_fire_time()).get() == 20


def test_the_processing_time_trigger_schedules_from_the_clock():
    trigger, window, ctx = ContinuousProcessingTimeTrigger(4), TimeWindow(0, 50), RecordingContext(processing_time=9)
    trigger.on_element('x', 1000, window, ctx)
    assert ctx.timers == [('processing', 12)]
    assert trigger.on_processing_time(12, window, ctx).is_fire()
    assert ctx.timers[-1] == ('processing', 16)
