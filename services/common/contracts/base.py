"""How an event's payload is declared: a frozen dataclass (what the code handles) and a
marshmallow schema (what travels), joined by `EventContract`.

Consumers ignore fields they do not know, so a producer may add fields without breaking
them; a field a consumer needs is required, and a payload without it is refused (the bus
retries, then dead-letters it)."""

from __future__ import annotations

import builtins
import dataclasses
import uuid
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, ClassVar, Generic, TypeVar

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load

T = TypeVar("T")


class Id(fields.String):
    """A UUID that stays a string in the dataclass (ids are compared and stored as text)."""

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return str(uuid.UUID(text))
        except ValueError as error:
            raise ValidationError("Not a valid UUID.") from error


class Document(fields.Nested):
    """A nested document (JSON) that its schema checks and documents but does not change:
    it is loaded and dumped as it is, so nothing it holds beyond the schema is lost."""

    def _deserialize(
        self,
        value: Any,
        attr: str | None,
        data: Mapping[str, Any] | None,
        partial: bool | Sequence[str] | AbstractSet[str] | None = None,
        **kwargs: Any,
    ) -> Any:
        if not isinstance(value, Mapping):
            raise ValidationError("Not a valid mapping type.")
        errors = self.schema.validate(value)
        if errors:
            raise ValidationError(errors)
        return value

    # Nested._serialize names its first parameter `nested_obj`, Field._serialize `value`:
    # no name satisfies both supertypes.
    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        return value


class PayloadSchema(Schema):
    """The wire form of one payload; `load` gives an instance of `model`."""

    model: ClassVar[type]

    class Meta:
        unknown = EXCLUDE

    @post_load
    def _to_model(self, data: dict[str, Any], **_kwargs: Any) -> Any:
        return self.model(**data)


@dataclasses.dataclass(frozen=True)
class EventContract(Generic[T]):
    """One event type: who produces it, its payload's schema and the version it speaks."""

    type: str
    producer: str
    schema: builtins.type[PayloadSchema]
    version: int = 1

    def load(self, payload: Mapping[str, Any]) -> T:
        loaded: T = self.schema().load(payload)
        return loaded

    def dump(self, payload: T) -> dict[str, Any]:
        if not isinstance(payload, self.schema.model):
            raise TypeError(f"{self.type} carries {self.schema.model.__name__}, not {type(payload).__name__}")
        dumped: dict[str, Any] = self.schema().dump(payload)
        return dumped
