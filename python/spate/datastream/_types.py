"""Type information as the runtime spells it (type strings)."""
from typing import Optional

from spate.common.typeinfo import TypeInformation


def type_string(type_info: Optional[TypeInformation]) -> str:
    """The runtime type string of `type_info`; no type means Python objects (PICKLED_BYTE_ARRAY).

    A Table API `DataType` is accepted too (a Spate extension: PyFlink's DataStream API takes
    TypeInformation only), with its nullability."""
    if type_info is None:
        return 'obj'
    if hasattr(type_info, '_spate_type') and type(type_info).__module__.startswith('spate.table'):
        return type_info._spate_type()
    if not isinstance(type_info, TypeInformation):
        raise TypeError(f"expected a TypeInformation such as Types.LONG(), got {type_info!r}")
    return type_info._spate_type()
