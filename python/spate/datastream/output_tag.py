"""``OutputTag``: names a side output, as ``pyflink.datastream.OutputTag``."""
from typing import List, Optional, Union

from spate.common.typeinfo import RowTypeInfo, TypeInformation, Types


class OutputTag(object):
    """Names a side output and the type of its records. A process function emits to it by yielding
    ``(tag, value)``; ``DataStream.get_side_output(tag)`` reads it. Without a type, records are
    Python objects (``Types.PICKLED_BYTE_ARRAY()``); a list of types means a ``Row`` of them.

    Example::

        late = OutputTag("late", Types.LONG())

        class Split(ProcessFunction):
            def process_element(self, value, ctx):
                if value < 0:
                    yield late, value
                else:
                    yield value

        main = ds.process(Split(), Types.LONG())
        main.get_side_output(late).print()
    """

    def __init__(self, tag_id: str, type_info: Optional[Union[TypeInformation, List[TypeInformation]]] = None):
        if not tag_id or not isinstance(tag_id, str):
            raise ValueError(f"OutputTag tag_id must be a non-empty str, got {tag_id!r}")
        self.tag_id = tag_id
        if type_info is None:
            self.type_info = Types.PICKLED_BYTE_ARRAY()
        elif isinstance(type_info, list):
            self.type_info = RowTypeInfo(type_info)
        elif isinstance(type_info, TypeInformation):
            self.type_info = type_info
        else:
            raise TypeError(f"OutputTag type_info must be None, a list or a TypeInformation, got {type_info!r}")

    def __eq__(self, other) -> bool:
        return isinstance(other, OutputTag) and self.tag_id == other.tag_id and self.type_info == other.type_info

    def __hash__(self) -> int:
        return hash(self.tag_id)

    def __repr__(self) -> str:
        return f"OutputTag({self.tag_id!r}, {self.type_info!r})"
