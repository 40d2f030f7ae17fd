"""Type information as the runtime spells it (type strings)."""
from typing import Optional

from spate.common.typeinfo import TypeInformation


def type_string(type_info: Optional[TypeInformation]) -> str:
    """The runtime type string of `type_info`; no type means Python objects (PICKLED_BYTE_ARRAY)."""
    if type_info is None:
        return 'obj'
    if not isinstance(type_info, TypeInformation):
        raise TypeError(f"expected a TypeInformation such as Types.LONG(), got {type_info!r}")
    return type_info._spate_type()
