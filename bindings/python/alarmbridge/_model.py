"""The base of the typed views over the library's JSON (the model's own adapters wrote it)."""

from __future__ import annotations

from typing import Any, Dict


class Model:
    """A read-only typed view of one object of the model; ``to_dict()`` gives the model's JSON."""

    __slots__ = ("_data",)

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data

    def to_dict(self) -> Dict[str, Any]:
        """The model's JSON for this object (a copy: changing it changes nothing here)."""
        import copy  # here, not at import: a Lambda cold start does not pay for it

        return copy.deepcopy(self._data)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Model) and type(other) is type(self) and other._data == self._data

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data!r})"
