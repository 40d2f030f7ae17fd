"""Functions Spate runs natively must give exactly what calling them in Python gives."""
import operator

from spate.common import Row, Types
from spate.datastream._native import field_selector


def test_field_selectors_are_recognized_exactly():
    assert field_selector(lambda t: t[0]) == 0
    assert field_selector(lambda value: value[3]) == 3
    assert field_selector(operator.itemgetter(2)) == 2
    offset = 1
    assert field_selector(lambda t: t[offset]) is None          # a closure
    assert field_selector(lambda t: t[0] + 1) is None
    assert field_selector(lambda t, i=0: t[i]) is None
    assert field_selector(lambda t: t["name"]) is None
    assert field_selector(lambda t: t[-1]) is None
    assert field_selector(operator.itemgetter(0, 1)) is None
    assert field_selector(len) is None


def test_native_and_python_key_selectors_agree(env):
    data = [("b", 2), ("a", 1), ("b", 5), (None and "x" or "c", 7), ("a", 3)]
    tuple_type = Types.TUPLE([Types.STRING(), Types.LONG()])
    native = env.from_collection(data, type_info=tuple_type).key_by(lambda t: t[0]).sum(1)
    python = env.from_collection(data, type_info=tuple_type).key_by(lambda t: str(t[0])).sum(1)
    assert sorted(native.execute_and_collect()) == sorted(python.execute_and_collect())
    rows = env.from_collection([Row("x", None), Row("y", 1), Row("x", 2)],
                               type_info=Types.ROW_NAMED(["k", "v"], [Types.STRING(), Types.LONG()]))
    grouped = rows.key_by(operator.itemgetter(1)).reduce(lambda a, b: Row(a.k + b.k, b.v))
    assert sorted(r.k for r in grouped.execute_and_collect()) == ["x", "x", "y"]
