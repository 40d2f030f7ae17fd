"""InputDependencyConstraint: PyFlink's (deprecated) Enum, kept for scripts that name it."""
from enum import Enum

import spate.common
from spate.common.input_dependency_constraint import InputDependencyConstraint


def test_it_is_an_enum_of_any_and_all_with_pyflinks_values():
    assert issubclass(InputDependencyConstraint, Enum)
    assert [(c.name, c.value) for c in InputDependencyConstraint] == [('ANY', 0), ('ALL', 1)]
    assert InputDependencyConstraint['ALL'] is InputDependencyConstraint(1) is InputDependencyConstraint.ALL


def test_pyflink_common_exports_it():
    assert spate.common.InputDependencyConstraint is InputDependencyConstraint
