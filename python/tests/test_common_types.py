"""Row and RowKind behave as PyFlink 2.3's (checked against apache-flink 2.3.0's pyflink)."""

import copy
import pickle

import pytest

from spate.common import Row, RowKind
from spate.common.types import Row as RowFromModule


def test_module_and_package_export_the_same_row():
    assert Row is RowFromModule


@pytest.mark.parametrize('kind, short', [
    (RowKind.INSERT, '+I'), (RowKind.UPDATE_BEFORE, '-U'),
    (RowKind.UPDATE_AFTER, '+U'), (RowKind.DELETE, '-D'),
])
def test_row_kind_short_strings(kind, short):
    assert kind.short_string() == short
    assert str(kind) == short


def test_row_kind_values_and_repr_are_enum_like():
    assert [k.value for k in RowKind] == [0, 1, 2, 3]
    assert repr(RowKind.DELETE) == '<RowKind.DELETE: 3>'
    assert RowKind['UPDATE_AFTER'] is RowKind.UPDATE_AFTER


def test_positional_row_access_and_repr():
    row = Row(1, 'x', None)
    assert row[0] == 1 and row[1] == 'x' and row[2] is None
    assert row[-1] is None
    assert row[0:2] == [1, 'x']
    assert len(row) == 3
    assert list(row) == [1, 'x', None]
    assert repr(row) == "<Row(1, 'x', None)>"
    assert str(row) == "<Row(1, 'x', None)>"
    assert repr(Row()) == '<Row()>'


def test_named_row_keeps_keyword_order():
    # PyFlink 2.3 keeps keyword order (its docstring still claims the names are sorted).
    row = Row(name='Alice', age=11)
    assert row._fields == ['name', 'age']
    assert list(row) == ['Alice', 11]
    assert repr(row) == "Row(name='Alice', age=11)"
    assert row.name == 'Alice' and row['age'] == 11 and row[0] == 'Alice'


def test_cannot_mix_positional_and_named_values():
    with pytest.raises(ValueError):
        Row(1, name='x')


def test_row_factory():
    person = Row('name', 'age')
    assert repr(person) == "<Row('name', 'age')>"
    alice = person('Alice', 11)
    assert repr(alice) == "Row(name='Alice', age=11)"
    assert alice.age == 11
    assert 'name' in person and 'wrong' not in person
    partial = person('Bob')
    assert repr(partial) == "Row(name='Bob')"
    with pytest.raises(ValueError):
        person(1, 2, 3)


def test_contains_checks_names_for_named_rows_and_values_otherwise():
    assert 'name' in Row(name='Alice')
    assert 'Alice' not in Row(name='Alice')
    assert 1 in Row(1, 2)


def test_missing_fields_raise_like_pyflink():
    named = Row(name='Alice')
    with pytest.raises(AttributeError):
        named.nope
    with pytest.raises(ValueError):
        named['nope']
    positional = Row(1, 2)
    with pytest.raises(AttributeError):
        positional.nope
    with pytest.raises(AttributeError):
        positional['nope']
    with pytest.raises(IndexError):
        positional[5]


def test_assignment_by_key_and_not_by_attribute():
    row = Row(a=1, b=2)
    row['a'] = 10
    row[1] = 20
    assert list(row) == [10, 20]
    with pytest.raises(AttributeError):
        row.a = 3
    with pytest.raises(KeyError):
        Row(1)['a'] = 3


def test_as_dict():
    row = Row(key=1, value=Row(name='a', age=2))
    assert row.as_dict() == {'key': 1, 'value': Row(name='a', age=2)}
    assert row.as_dict(recursive=True) == {'key': 1, 'value': {'name': 'a', 'age': 2}}
    nested = Row(xs=[Row(a=1)], m={'k': Row(b=2)})
    assert nested.as_dict(True) == {'xs': [{'a': 1}], 'm': {'k': {'b': 2}}}
    with pytest.raises(TypeError):
        Row(1, 2).as_dict()


def test_row_kind_get_set_and_of_kind():
    row = Row(1)
    assert row.get_row_kind() is RowKind.INSERT
    row.set_row_kind(RowKind.UPDATE_BEFORE)
    assert row.get_row_kind() is RowKind.UPDATE_BEFORE
    assert row._is_retract_msg() and not row._is_accumulate_msg()
    deleted = Row.of_kind(RowKind.DELETE, a=1)
    assert deleted.get_row_kind() is RowKind.DELETE and deleted.a == 1


def test_set_field_names_and_get_fields_by_names():
    row = Row(1, 'x')
    row.set_field_names(['id', 'name'])
    assert row.name == 'x'
    assert repr(row) == "Row(id=1, name='x')"
    assert row.get_fields_by_names(['name', 'id']) == ['x', 1]
    assert row.get_fields_by_names(['id', 'name']) == [1, 'x']
    with pytest.raises(Exception, match='not exist'):
        row.get_fields_by_names(['zzz'])


def test_equality_is_kind_aware_and_name_order_free():
    assert Row(1, 2) == Row(1, 2)
    assert Row(1, 2) != Row(2, 1)
    assert Row(1, 2) != (1, 2)
    assert Row(a=1, b=2) == Row(b=2, a=1)
    assert Row(a=1) != Row(b=1)
    assert Row(a=1) != Row(1)
    assert Row.of_kind(RowKind.DELETE, 1, 2) != Row(1, 2)
    assert Row.of_kind(RowKind.DELETE, 1, 2) == Row.of_kind(RowKind.DELETE, 1, 2)


def test_hash_agrees_with_equality():
    assert hash(Row(1, 'x')) == hash(Row(1, 'x'))
    # PyFlink's hash breaks this (equal rows, different hashes); Spate's does not.
    assert hash(Row(a=1, b=2)) == hash(Row(b=2, a=1))
    assert len({Row(1, 2), Row(1, 2), Row(2, 1)}) == 2


@pytest.mark.parametrize('row', [
    Row(1, 'x', None),
    Row(name='Alice', age=11),
    Row.of_kind(RowKind.UPDATE_AFTER, a=Row(b=[1, 2])),
])
def test_pickling_and_copying_keep_names_and_kind(row):
    for clone in (pickle.loads(pickle.dumps(row)), copy.copy(row), copy.deepcopy(row)):
        assert clone == row
        assert repr(clone) == repr(row)
        assert clone.get_row_kind() is row.get_row_kind()


def test_row_from_values_builds_a_named_insert_row():
    from spate.common.types import _row_from_values
    row = _row_from_values(('id', 'name'), (1, 'x'))
    assert row == Row(id=1, name='x')
    assert repr(row) == "Row(id=1, name='x')"
    assert row.get_row_kind() is RowKind.INSERT
    assert row._fields == ['id', 'name'] and row.name == 'x'
    row[0] = 2
    assert row.id == 2
