"""Frozen records that cost next to nothing to define: `@record` instead of `@dataclass`.

A dataclass compiles its `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__` and
`__delattr__` from source text when its module is imported: 1–1.5 ms a class, and the 51
classes on the way of a warm `facts search` (with `dataclasses` itself, which imports
`inspect`) were some 80 ms of its 0.2 s of CPU (the README's "A lean start").
`record` gives a class the same methods, with the same behaviour, as closures over its
field list: nothing is compiled, and a class costs some 30 µs.

What a record is (the subset of dataclasses the model and the search use): fields are the
annotated names in the class body after those of the record bases, a field given again
keeps its place; `field(default=…, default_factory=…, init=False, repr=False,
compare=False)`; frozen by default (assigning raises `dataclasses.FrozenInstanceError`,
imported only then); `slots=True` makes the class slotted; `eq` compares the fields of two
objects of the very same class, and a frozen record hashes them; a method the class body
defines itself is kept.  `fields(cls)` lists the fields, as `dataclasses.fields` would.
mypy reads a record as a dataclass (`dataclass_transform`), so `mypy --strict` still checks
constructors and forbids assignment to a frozen record's fields.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

_T = TypeVar("_T")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
"""No default given."""


class Field:
    """One field of a record, as `fields` lists them."""

    __slots__ = ("compare", "default", "default_factory", "init", "name", "repr", "type")

    def __init__(
        self,
        default: Any = MISSING,
        default_factory: Callable[[], Any] | None = None,
        init: bool = True,
        repr: bool = True,
        compare: bool = True,
    ) -> None:
        self.name = ""
        self.type: Any = None
        """The annotation as written (a string under `from __future__ import annotations`)."""
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | None = None,
    init: bool = True,
    repr: bool = True,
    compare: bool = True,
) -> Any:
    """A field with more to say than its default (as `dataclasses.field`)."""
    return Field(default, default_factory, init, repr, compare)


def fields(kind: type[Any] | object) -> tuple[Field, ...]:
    """The fields of a record class or object, in order."""
    held: Any = kind
    found: tuple[Field, ...] = held.__record_fields__
    return found


def is_record(kind: object) -> bool:
    return isinstance(kind, type) and hasattr(kind, "__record_fields__")


@overload
def record(cls: type[_T], /) -> type[_T]: ...


@overload
def record(
    *, frozen: bool = True, slots: bool = False, eq: bool = True, repr: bool = True
) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def record(
    cls: type[_T] | None = None,
    /,
    *,
    frozen: bool = True,
    slots: bool = False,
    eq: bool = True,
    repr: bool = True,
) -> type[_T] | Callable[[type[_T]], type[_T]]:
    def wrap(cls: type[_T]) -> type[_T]:
        return _process(cls, frozen, slots, eq, repr)

    return wrap if cls is None else wrap(cls)


def _is_class_var(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _process(cls: type[_T], frozen: bool, slots: bool, eq: bool, with_repr: bool) -> type[_T]:
    own_dict = cls.__dict__
    if any("__dataclass_fields__" in base.__dict__ for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__name__}: a record cannot extend a dataclass (nor the reverse)")
    found: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for inherited in base.__dict__.get("__record_fields__", ()):
            found[inherited.name] = inherited
    own: list[str] = []
    for name, annotation in own_dict.get("__annotations__", {}).items():
        if _is_class_var(annotation):
            continue
        value = own_dict.get(name, MISSING)
        made = value if isinstance(value, Field) else Field(value)
        made.name, made.type = name, annotation
        found[name] = made
        own.append(name)
        if not slots:  # the class attribute holds the plain default, as with dataclasses
            if made.default is not MISSING:
                setattr(cls, name, made.default)
            elif isinstance(value, Field):
                delattr(cls, name)
    every = tuple(found.values())
    inherited_slots = {
        name for base in cls.__mro__[1:] for name in base.__dict__.get("__slots__", ())
    }
    if slots:
        namespace = dict(own_dict)
        for name in own:
            namespace.pop(name, None)
        namespace.pop("__dict__", None)
        namespace.pop("__weakref__", None)
        namespace["__slots__"] = tuple(f.name for f in every if f.name not in inherited_slots)
        meta: Any = type(cls)
        cls = meta(cls.__name__, cls.__bases__, namespace)
    made_cls: Any = cls
    made_cls.__record_fields__ = every
    setattr(made_cls, "__match_args__", tuple(f.name for f in every if f.init))  # noqa: B010

    def set_new(name: str, value: object) -> None:
        if name not in own_dict:
            setattr(cls, name, value)

    in_slots = slots or any(f.name in inherited_slots for f in every)
    set_new("__init__", _init(cls, every, in_slots))
    if with_repr:
        set_new("__repr__", _repr(tuple(f.name for f in every if f.repr)))
    compared = tuple(f.name for f in every if f.compare)
    if eq:
        set_new("__eq__", _eq(compared))
    class_hash = own_dict.get("__hash__", MISSING)
    explicit_hash = not (class_hash is MISSING or (class_hash is None and "__eq__" in own_dict))
    if eq and frozen and not explicit_hash:
        made_cls.__hash__ = _hash(compared)
    elif eq and not explicit_hash:
        made_cls.__hash__ = None
    if frozen:
        for name in ("__setattr__", "__delattr__"):
            if name in own_dict:
                raise TypeError(f"cannot overwrite {name} in the frozen record {cls.__name__}")
        setter, deleter = _frozen(cls, frozenset(f.name for f in every))
        made_cls.__setattr__ = setter
        made_cls.__delattr__ = deleter
        if slots:
            set_new("__getstate__", _getstate(tuple(f.name for f in every)))
            set_new("__setstate__", _setstate(tuple(f.name for f in every)))
    return cls


def _init(cls: type[Any], every: tuple[Field, ...], slots: bool) -> Callable[..., None]:
    """One `__init__` for every record: the fields in order, positional or by name.  All of
    them given in order (as the store's decoder gives them) is the quick way: each value
    goes straight into its slot (or the object's dict), past a frozen `__setattr__`."""
    names = tuple(f.name for f in every if f.init)
    count = len(names)
    defaults = {f.name: f.default for f in every if f.init and f.default is not MISSING}
    factories = {
        f.name: f.default_factory for f in every if f.init and f.default_factory is not None
    }
    fixed = tuple(
        (f.name, f.default, f.default_factory)
        for f in every
        if not f.init and (f.default is not MISSING or f.default_factory is not None)
    )
    put = object.__setattr__
    qualname = f"{cls.__qualname__}.__init__()"

    def slow(self: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        if len(args) > count:
            raise TypeError(
                f"{qualname} takes {count + 1} positional arguments but {len(args) + 1} were given"
            )
        for name, value in zip(names, args, strict=False):
            if name in kwargs:
                raise TypeError(f"{qualname} got multiple values for argument {name!r}")
            put(self, name, value)
        for name in names[len(args) :]:
            if name in kwargs:
                value = kwargs.pop(name)
            elif name in defaults:
                value = defaults[name]
            elif name in factories:
                value = factories[name]()
            else:
                raise TypeError(f"{qualname} missing required argument: {name!r}")
            put(self, name, value)
        if kwargs:
            unexpected = next(iter(kwargs))
            raise TypeError(f"{qualname} got an unexpected keyword argument {unexpected!r}")
        for name, default, factory in fixed:
            put(self, name, factory() if factory is not None else default)

    if slots:
        return _slotted_init(cls, names, fixed, slow)
    return _dict_init(names, fixed, slow)


Fixed = tuple[tuple[str, Any, Callable[[], Any] | None], ...]
Slow = Callable[[Any, tuple[Any, ...], dict[str, Any]], None]


def _slotted_init(
    cls: type[Any], names: tuple[str, ...], fixed: Fixed, slow: Slow
) -> Callable[..., None]:
    count = len(names)
    setters = tuple(getattr(cls, name).__set__ for name in names)
    fixed_setters = tuple(
        (getattr(cls, name).__set__, default, factory) for name, default, factory in fixed
    )

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if kwargs or len(args) != count:
            slow(self, args, kwargs)
            return
        for set_value, value in zip(setters, args, strict=False):
            set_value(self, value)
        for set_value, default, factory in fixed_setters:
            set_value(self, factory() if factory is not None else default)

    return __init__


def _dict_init(names: tuple[str, ...], fixed: Fixed, slow: Slow) -> Callable[..., None]:
    count = len(names)
    plain = {name: default for name, default, factory in fixed if factory is None}
    made = tuple((name, factory) for name, _, factory in fixed if factory is not None)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if kwargs or len(args) != count:
            slow(self, args, kwargs)
            return
        held = self.__dict__
        held.update(zip(names, args, strict=False))
        held.update(plain)
        for name, factory in made:
            held[name] = factory()

    return __init__


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({inner})"

    return __repr__


def _values(names: tuple[str, ...]) -> Callable[[Any], Any]:
    """The values `eq` and `hash` look at (C's attrgetter: as quick as generated code)."""
    return attrgetter(*names) if names else lambda _: ()


def _eq(names: tuple[str, ...]) -> Callable[[Any, object], Any]:
    values = _values(names)

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash(names: tuple[str, ...]) -> Callable[[Any], int]:
    values = _values(names)

    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _frozen(
    cls: type[Any], names: frozenset[str]
) -> tuple[Callable[[Any, str, Any], None], Callable[[Any, str], None]]:
    def refuse(name: str) -> Exception:
        from dataclasses import FrozenInstanceError  # only when someone tries

        return FrozenInstanceError(f"cannot assign to field {name!r}")

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise refuse(name)
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            from dataclasses import FrozenInstanceError

            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__


def _getstate(names: tuple[str, ...]) -> Callable[[Any], list[Any]]:
    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, name) for name in names]

    return __getstate__


def _setstate(names: tuple[str, ...]) -> Callable[[Any, list[Any]], None]:
    put = object.__setattr__

    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=True):
            put(self, name, value)

    return __setstate__
