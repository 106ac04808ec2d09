"""What the model expects at each place of a data file: the key order and which scalars are
criterion ids (always double-quoted)."""
from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, Union

from pydantic import BaseModel

from generator.load import model
from generator.validate.canonical.base import KIND_MODELS
from generator.validate.canonical.nodes import Map, Node, Scalar, Seq


@dataclass(eq=False)
class Shape:
    """What the model expects at one place of a file: enough to order keys and quote ids."""

    kind: Literal["model", "dict", "list", "union", "scalar", "any"]
    order: dict[str, int] = field(default_factory=dict)      # model: key -> position
    fields: dict[str, "Shape"] = field(default_factory=dict)  # model: key -> shape
    item: "Shape | None" = None                               # dict value / list item
    key_is_id: bool = False                                   # dict keyed by criterion id
    is_id: bool = False                                       # scalar: a criterion id
    variants: dict[str, "Shape"] = field(default_factory=dict)  # union: `type` value -> model

    def child(self, key: str | None, node: "Node | None" = None) -> "Shape":
        shape = self.resolve(node)
        if shape.kind == "model":
            return shape.fields.get(key, ANY) if key is not None else ANY
        if shape.kind in ("dict", "list"):
            return shape.item or ANY
        return ANY

    def resolve(self, node: "Node | None") -> "Shape":
        """A union of models resolved by the node's `type` key, or a mapping-or-list by the node's shape."""
        if self.kind != "union":
            return self
        if _FORM["list"] in self.variants:
            return self.variants.get(_FORM["list"] if isinstance(node, Seq) else _FORM["model"], ANY) \
                if isinstance(node, (Seq, Map)) else ANY
        if not isinstance(node, Map):
            return self
        for key, value in node.items:
            if key.value == "type" and isinstance(value, Scalar):
                return self.variants.get(value.value, ANY)
        return ANY


ANY = Shape("any")
_FORM = {"model": "<mapping>", "list": "<list>"}  # variant keys of a mapping-or-list union (never a `type` value)
ID_SCALAR = Shape("scalar", is_id=True)
SCALAR = Shape("scalar")
_ID_PATTERN = typing.get_args(model.CriterionId)[1].pattern
_SHAPES: dict[type, Shape] = {}


def _is_id(metadata: list[Any]) -> bool:
    return any(getattr(m, "pattern", None) == _ID_PATTERN for m in metadata)


def _shape(annotation: Any, metadata: list[Any] = ()) -> Shape:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        args = typing.get_args(annotation)
        return _shape(args[0], [*metadata, *annotation.__metadata__])
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _shape(args[0], metadata)
        shapes = [_shape(a) for a in args]
        if len(args) == 2 and sorted(sh.kind for sh in shapes) == ["list", "model"]:
            # a mapping or a list (`model.PartsForm`): resolved by the node's own shape
            return Shape("union", variants={_FORM[sh.kind]: sh for sh in shapes})
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if models and len(models) == len(args):
            variants = {}
            for m in models:
                literal = m.model_fields.get("type")
                for value in typing.get_args(literal.annotation) if literal else ():
                    variants[value] = _model_shape(m)
            return Shape("union", variants=variants)
        return SCALAR
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        return Shape("list", item=_shape(item))
    if origin is dict:
        key, value = typing.get_args(annotation) or (Any, Any)
        key_meta = list(getattr(key, "__metadata__", ()))
        return Shape("dict", item=_shape(value), key_is_id=_is_id(key_meta))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_shape(annotation)
    return ID_SCALAR if _is_id(list(metadata)) else SCALAR


def _model_shape(cls: type[BaseModel]) -> Shape:
    if cls in _SHAPES:
        return _SHAPES[cls]
    shape = Shape("model")
    _SHAPES[cls] = shape  # before recursing: Criterion contains Criterion
    for name, info in cls.model_fields.items():
        shape.fields[info.alias or name] = _shape(info.annotation, list(info.metadata))
    # a list of the model itself (a criterion's sub-criteria) goes last, after the entry's own keys
    children = [k for k, s in shape.fields.items() if s.kind == "list" and s.item is shape]
    for position, key in enumerate([k for k in shape.fields if k not in children] + children):
        shape.order[key] = position
    return shape


def shape_for(kind: str | None) -> Shape:
    return _model_shape(KIND_MODELS[kind]) if kind in KIND_MODELS else ANY
