"""``twiml``: the step that makes the payload a TwiML document, the reply to a Twilio webhook.

Its shape, its static checks and its JSON Schema all come from :data:`flows.twiml.ELEMENTS`;
the document is built by the same builder Python callers use. The structure is fixed when the
file loads: expressions fill in text and attribute values only, never verbs or keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from connector.errors import with_hint
from flows.errors import ExpressionError, FlowError, Where
from flows.expressions import Expression, Interpolation, ListValue, Value
from flows.loader import YamlList, YamlMap, YamlStr, as_written, where_of
from flows.runtime import Event, Run
from flows.steps.base import ParseContext, Step, value_at
from flows.twiml import (
    DO,
    ELEMENTS,
    Element,
    Kind,
    UnfitValueError,
    Verb,
    misplaced,
    placement_problems,
    response,
    shown,
)

__all__ = ["Twiml"]

KIND = "twiml"
_DEFS = f"#/$defs/{KIND}/$defs/"
_EXPRESSION = r"#\[[\s\S]*\]"


@dataclass(frozen=True)
class _Node:
    """A verb as parsed: its element, its keys' compiled values and the verbs inside it."""

    element: Element
    values: tuple[tuple[str, Value], ...]
    children: tuple[_Node, ...]
    where: Where

    def build(self, scope: dict[str, Any]) -> Verb:
        """The verb, with every value evaluated and written as TwiML writes it."""
        written: dict[str, Any] = {}
        for key, value in self.values:
            try:
                written[key] = self.element.write(key, value.evaluate(scope))
            except UnfitValueError as exc:
                reason = with_hint(f"'{key}' of {self.element.name} {exc.message}", exc.hint)
                expression = _first_expression(value)
                if expression is None:
                    raise FlowError(reason, where=self.where) from None
                raise ExpressionError(expression.source, reason, expression.where) from None
        return self.element.assemble(written, [child.build(scope) for child in self.children])


def _first_expression(value: Value) -> Expression | None:
    if isinstance(value, Expression):
        return value
    parts: tuple[Any, ...] = ()
    if isinstance(value, Interpolation):
        parts = value.parts
    elif isinstance(value, ListValue):
        parts = value.items
    found = (_first_expression(part) for part in parts if not isinstance(part, str))
    return next((expression for expression in found if expression is not None), None)


def _written(mapping: YamlMap, key: str, where: Where) -> tuple[Any, Where]:
    """A key's value, a number or a boolean as written (alone or in a list), and its place.

    A verb's mapping is not copied: its own values are taken this way, key by key."""
    node, place = value_at(mapping, key, where)
    text = mapping.written.get(key)
    if text is not None:
        return YamlStr(text, place), place
    return (node if isinstance(node, YamlMap) else as_written(node)), place


def _one_key_items(node: YamlList, what: str, ctx: ParseContext) -> list[tuple[str, Any, Where]]:
    """The verbs of a list, each a mapping of one key: name, value as written, place."""
    items = []
    for item in node:
        if isinstance(item, YamlMap) and len(item) == 1:
            name = next(iter(item))
            place = item.key_where[name]
            items.append((name, _written(item, name, place)[0], place))
        else:
            ctx.report(
                where_of(item, node.where),
                f"each item of {what} is a mapping with one key, a verb's name (- say: Hello)",
            )
    return items


def _verb(name: str, spec: Any, place: Where, ctx: ParseContext) -> _Node | None:
    """Parse one verb (known, and allowed where it is), reporting what is wrong with it."""
    element = ELEMENTS[name]
    if spec is None:
        spec = YamlMap(place)
    elif not isinstance(spec, YamlMap):
        shorthand = element.shorthand
        if shorthand is None or isinstance(spec, YamlList):
            forms = (
                f"its {shorthand} as text ({name}: ...) or a mapping"
                if shorthand
                else f"a mapping of attributes ({name}: {{}} for none)"
            )
            ctx.report(where_of(spec, place), f"{name} takes {forms} (got {shown(spec)})")
            return None
        text, spec = spec, YamlMap(place)
        spec[shorthand] = text
        spec.key_where[shorthand] = where_of(text, place)
    for key in spec:
        if key not in element.keys:
            ctx.report(spec.key_where.get(key, place), *element.unknown(key))
    values: list[tuple[str, Value]] = []
    children: tuple[_Node, ...] = ()
    given = set()
    for key in element.keys:
        if key not in spec:
            continue
        reader = value_at if key == DO else _written  # verbs inside are read key by key
        node, node_where = reader(spec, key, place)
        if node is not None and node != []:
            given.add(key)
        if key == DO:
            children = _children(node, node_where, element, ctx)
            continue
        value = ctx.value(node, node_where)
        unfit = _unfit(element, key, value, node)
        if unfit is not None:
            ctx.report(node_where, f"'{key}' of {element.name} {unfit.message}", unfit.hint)
        values.append((key, value))
    if element.needs and not given & set(element.needs):
        ctx.report(place, element.needs_message())
    return _Node(element, tuple(values), children, place)


def _unfit(element: Element, key: str, value: Value, node: Any) -> UnfitValueError | None:
    """What is wrong with a literal value, or with the shape of one with expressions inside
    (a mapping is never text, whatever its expressions give)."""
    if value.literal:
        probe = value.evaluate({})
    elif isinstance(node, YamlMap | YamlList):
        probe = {} if isinstance(node, YamlMap) else []
    else:
        return None
    try:
        element.write(key, probe)
    except UnfitValueError as exc:
        return exc
    return None


def _children(node: Any, where: Where, parent: Element, ctx: ParseContext) -> tuple[_Node, ...]:
    if not isinstance(node, YamlList):
        listed = ", ".join(parent.children)
        ctx.report(where, f"'{DO}' of {parent.name} is a list of verbs ({listed}), in order")
        return ()
    found = []
    for name, spec, place in _one_key_items(node, f"'{DO}'", ctx):
        if name not in parent.children:
            ctx.report(place, *misplaced(name, parent))
            continue
        verb = _verb(name, spec, place, ctx)
        if verb is not None:
            found.append(verb)
    return tuple(found)


# -- the step's JSON Schema, from the table ----------------------------------------------------


def _kind_schema(kind: Kind) -> dict[str, Any]:
    expression = {"type": "string", "pattern": f"^{_EXPRESSION}$"}
    described = {"title": kind.title, "description": f"{kind.title}, or an expression."}
    if kind.many:
        words = "|".join(word.replace("-", "\\-") for word in kind.words)
        spaced = f"^\\s*({words})(\\s+({words}))*\\s*$"
        forms = [
            {"type": "array", "items": {"enum": list(kind.words)}},
            {"type": "string", "pattern": spaced},
            expression,
        ]
        text = f"{kind.title}: a list, or words separated by spaces; or an expression."
        return described | {"description": text, "anyOf": forms}
    if kind.form == "word":
        return described | {"anyOf": [{"enum": list(kind.words)}, expression]}
    if kind.form == "boolean":
        return described | {
            "type": ["boolean", "string"],
            "pattern": f"^(true|false|{_EXPRESSION})$",
        }
    if kind.form == "whole":
        return described | {
            "type": ["integer", "string"],
            "minimum": 0,
            "pattern": f"^([0-9]+|{_EXPRESSION})$",
        }
    text = "Text (a number is written as it is); #[...] expressions inside are replaced by "
    text += "their values, escaped."
    return described | {"description": text, "type": ["string", "number", "boolean"]}


def _one_of(names: tuple[str, ...] | list[str], title: str, description: str) -> dict[str, Any]:
    return {
        "title": title,
        "description": description,
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
        "properties": {name: {"$ref": _DEFS + name} for name in names},
    }


def _element_schema(element: Element) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    scalar = ["string", "number", "boolean"]
    if element.text:
        properties[element.text] = {"description": f"The text of <{element.tag}>.", "type": scalar}
    for noun, most in element.nouns.items():
        what = f"<{ELEMENTS[noun].tag}>: {ELEMENTS[noun].summary}"
        if most == 1:
            properties[noun] = {"description": f"{what}.", "type": scalar}
        else:
            properties[noun] = {
                "description": f"{what}; one, or a list of at most {most}.",
                "type": [*scalar, "array"],
                "items": {"type": scalar},
                "maxItems": most,
            }
    properties |= {name: {"$ref": _DEFS + kind.name} for name, kind in element.attributes.items()}
    if element.children:
        what = f"What <{element.tag}> holds, in order"
        properties[DO] = {
            "description": f"{what}: {', '.join(element.children)}.",
            "type": "array",
            "items": _one_of(element.children, f"a verb inside {element.name}", what),
        }
    shorthand = element.shorthand
    types = ["object", *(() if element.needs else ("null",))]
    types += scalar if shorthand else []
    description = f"<{element.tag}>: {element.summary}."
    if shorthand:
        description += f" A text alone is its {shorthand}."
    schema: dict[str, Any] = {
        "title": element.name,
        "description": description,
        "type": types,
        "additionalProperties": False,
        "properties": properties,
    }
    if element.needs:
        schema["anyOf"] = [{"required": [key]} for key in element.needs]
    return schema


def _schema() -> dict[str, Any]:
    top = [name for name, element in ELEMENTS.items() if element.place != "inside"]
    kinds = {kind.name: kind for e in ELEMENTS.values() for kind in e.attributes.values()}
    defs = {"verb": _one_of(top, "a verb", "A verb of the response: a mapping of one key.")}
    defs |= {name: _element_schema(element) for name, element in ELEMENTS.items()}
    defs |= {name: _kind_schema(kind) for name, kind in kinds.items()}
    return {
        "title": KIND,
        "description": "Make the payload a TwiML document (text starting <?xml ...?><Response>), "
        "the reply to a Twilio webhook. The body is a mapping of one verb "
        "(message: {body: ...}), a list of verbs in order, or {} for an empty <Response/>. A "
        "verb's value is a mapping of its text and its attributes, named as in TwiML "
        "(say: {text: Hi, voice: alice}; gather: {numDigits: 1}), or its text alone "
        "(say: Hi); gather and dial hold their verbs or nouns in do: (a list, in order); "
        "message holds body: and media:. A response is voice TwiML, or messaging TwiML "
        "(message and redirect only). Text and attribute values may hold expressions; "
        "their values are escaped, so no payload can add XML.",
        "type": ["object", "array", "null"],
        "maxProperties": 1,
        "additionalProperties": False,
        "properties": {name: {"$ref": _DEFS + name} for name in top},
        "items": {"$ref": _DEFS + "verb"},
        "examples": [
            {},
            {"message": {"body": "Thanks #[payload.From], we got: #[payload.Body]"}},
            [
                {"say": {"text": "Welcome to Example Corp", "voice": "alice"}},
                {
                    "gather": {
                        "numDigits": 1,
                        "action": "/ivr/choice",
                        "timeout": 5,
                        "do": [{"say": "Press 1 for sales, 2 for support"}, {"pause": {}}],
                    }
                },
                {"say": "We didn't get that. Goodbye"},
                {"hangup": {}},
            ],
            [
                {"dial": {"callerId": "+15005550006", "do": [{"number": "#[vars.agent]"}]}},
                {"record": {"maxLength": 60, "playBeep": True, "action": "/voicemail"}},
            ],
        ],
        "$defs": defs,
    }


@dataclass(frozen=True)
class Twiml(Step, kind=KIND):
    """``twiml``: make the payload a TwiML document (voice or messaging), built from verbs
    whose text and attributes may be expressions."""

    schema: ClassVar[dict[str, Any]] = _schema()
    checks_itself: ClassVar[bool] = True

    where: Where
    verbs: tuple[_Node, ...]

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{}``, a mapping of one verb or a list of verbs, reporting unknown
        verbs and attributes, wrong nesting and literal values of the wrong kind."""
        if body is None:
            items = []
        elif isinstance(body, YamlMap):
            items = [(name, _written(body, name, where)[0], body.key_where[name]) for name in body]
            for _, _, place in items[1:]:
                ctx.report(place, f"a {KIND} mapping holds one verb: list several verbs in order")
        elif isinstance(body, YamlList):
            items = _one_key_items(body, KIND, ctx)
        else:
            message = f"{KIND} takes a mapping of one verb or a list of verbs (got {shown(body)})"
            ctx.report(where_of(body, where), message)
            return None
        for index, message, hint in placement_problems([name for name, _, _ in items]):
            ctx.report(items[index][2], message, hint)
        verbs = []
        for name, spec, place in items:
            if name in ELEMENTS and ELEMENTS[name].place != "inside":
                verb = _verb(name, spec, place, ctx)
                if verb is not None:
                    verbs.append(verb)
        return cls(where, tuple(verbs))

    def run(self, event: Event, run: Run) -> None:
        """Make the payload the document, its values evaluated."""
        scope = event.scope()
        event.payload = response(*(verb.build(scope) for verb in self.verbs))
