"""The safe body-text language of every letter the product sends (beschikkingen in
:mod:`samen.cases.letters`, informational letters in :mod:`samen.correspondence`), and the
sender every letterhead shows.

Pure: no ORM, no app. A body text is data that functional management edits in /beheer/, so
it is untrusted. Its placeholder language is a deliberately small subset of the Django
template language, run by a standalone :class:`Engine` that has no tag libraries and no
template loaders:

- ``{{ naam }}`` inserts a value; the names allowed are passed in by the caller (each kind of
  letter has its own list, with what each name means);
- ``{{ naam|filter }}`` with only the filters in :data:`ALLOWED_FILTERS`;
- ``{% if naam %} ... {% elif naam %} ... {% else %} ... {% endif %}`` for optional parts,
  whose conditions may use only placeholders, ``not``, ``and`` and ``or``;
- ``{# ... #}`` for a remark that is not printed.

Everything else (``{% load %}``, ``{% include %}``, ``{% extends %}``, ``{% debug %}``,
attribute access such as ``{{ gemeente.naam }}``, unknown names) is refused by
:func:`validate` with a Dutch message. The context holds plain strings only.

The rendered body is plain text: a blank line starts a new paragraph, a line starting with
``- `` is a list item and a line starting with ``## `` is a heading. All of it is
HTML-escaped (:func:`text_to_html`), so neither a body text nor a value (a name, an address)
can inject markup into the house style around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.template import Context, Engine, Node, TemplateSyntaxError
from django.template.base import FilterExpression, TextNode, Variable, VariableNode
from django.template.defaulttags import CommentNode, IfNode
from django.utils.html import escape

#: Who executes the letters, named in the footer and in the closing sentence.
EXECUTOR = "Sociale Zaken Maastricht-Heuvelland"

#: Filters a body text may use; all are harmless string transformations.
ALLOWED_FILTERS = frozenset({"default", "lower", "upper", "capfirst"})

_IF_OPERATORS = frozenset({"not", "and", "or"})

#: The code of every refusal, so a caller can tell a body-text error from other errors.
CODE = "invalid_letter_template"


@dataclass(frozen=True)
class Sender:
    """The municipality on whose behalf the letter is sent (its letterhead and contacts)."""

    name: str
    cbs_code: str
    postal_address: tuple[str, ...]
    phone: str
    website: str
    email: str


def lines(text: str) -> tuple[str, ...]:
    """A multi-line address as its non-empty lines."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


@cache
def body_engine() -> Engine:
    """A standalone engine for untrusted body texts: no tag libraries to ``{% load %}``, no
    loaders to ``{% include %}`` from, and output that is escaped later as a whole."""
    return Engine(
        dirs=[],
        app_dirs=False,
        loaders=[],
        libraries={},
        builtins=[],
        autoescape=False,
        debug=False,
        string_if_invalid="",
    )


def refuse(message: str) -> NoReturn:
    raise ValidationError(message, code=CODE)


def _check_expression(expression: FilterExpression, placeholders: Mapping[str, str]) -> None:
    var = expression.var
    if not isinstance(var, Variable) or var.literal is not None or var.lookups is None:
        refuse(
            f"In de brieftekst staat {expression.token!r}. Gebruik alleen een veld tussen "
            "{{ en }}, zonder vaste tekst of getallen."
        )
    name = ".".join(var.lookups)
    if len(var.lookups) != 1 or name not in placeholders:
        refuse(
            f"Het veld {{{{ {name} }}}} bestaat niet. "
            f"U kunt deze velden gebruiken: {', '.join(sorted(placeholders))}."
        )
    for func, args in expression.filters:
        filter_name = getattr(func, "_filter_name", func.__name__)
        if filter_name not in ALLOWED_FILTERS:
            refuse(
                f"Het filter |{filter_name} is niet toegestaan in een brieftekst. "
                f"Toegestaan zijn: {', '.join(sorted(ALLOWED_FILTERS))}."
            )
        for is_lookup, argument in args:
            if is_lookup and (
                len(argument.lookups) != 1 or argument.lookups[0] not in placeholders
            ):
                refuse(
                    f"Het veld {argument.var!r} achter |{filter_name} bestaat niet of is niet "
                    "toegestaan. Gebruik een veld uit de lijst of vaste tekst tussen "
                    "aanhalingstekens."
                )


def _condition_expressions(condition: Any) -> Iterator[FilterExpression]:
    """The variables in an ``{% if %}`` condition (a tree of smartif operators)."""
    if condition is None:
        return
    if isinstance(getattr(condition, "value", None), FilterExpression):
        yield condition.value
        return
    if getattr(condition, "id", None) not in _IF_OPERATORS:
        refuse(
            "In een {% if %} mag u alleen velden gebruiken, eventueel met not, and of or. "
            f"Dit kan niet: {condition.id!r}."
        )
    for part in (condition.first, condition.second):
        yield from _condition_expressions(part)


def validate(text: str, placeholders: Mapping[str, str]) -> None:
    """Refuse a body text that does not parse or that uses anything beyond the
    ``placeholders`` (name -> meaning), simple filters and ``{% if %}``. Raises
    :class:`ValidationError` with a Dutch message that functional management can act on;
    returns ``None`` if the text can be used."""
    try:
        template = body_engine().from_string(text)
    except TemplateSyntaxError as error:
        refuse(
            f"De brieftekst bevat een fout in de {{{{ }}}}- of {{% %}}-codes: {error}. "
            "Gebruik alleen velden zoals {{ naam }} en {% if ... %} ... {% endif %}."
        )
    for node in template.nodelist.get_nodes_by_type(Node):
        if isinstance(node, TextNode | CommentNode):
            continue
        if isinstance(node, VariableNode):
            _check_expression(node.filter_expression, placeholders)
        elif isinstance(node, IfNode):
            for condition, _nodelist in node.conditions_nodelists:
                for expression in _condition_expressions(condition):
                    _check_expression(expression, placeholders)
        else:
            token = getattr(node, "token", None)
            shown = token.contents.split()[0] if token is not None else type(node).__name__
            refuse(
                f"De code {{% {shown} %}} is niet toegestaan in een brieftekst. "
                "Alleen {% if %}, {% elif %}, {% else %} en {% endif %} mogen."
            )


_LIST_ITEM = re.compile(r"^\s*[-*]\s+")
_HEADING = re.compile(r"^\s*##\s+")


def text_to_html(text: str) -> str:
    """Plain text to escaped HTML: paragraphs, ``- `` lists and ``## `` headings."""
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        found = [line.strip() for line in block.splitlines() if line.strip()]
        if found and _HEADING.match(found[0]):
            blocks.append(f"<h2>{escape(_HEADING.sub('', found[0]))}</h2>")
            found = found[1:]
        # consecutive list items form one list; other consecutive lines form one paragraph
        for is_item, group in groupby(found, key=lambda line: bool(_LIST_ITEM.match(line))):
            if is_item:
                items = "".join(f"<li>{escape(_LIST_ITEM.sub('', line))}</li>" for line in group)
                blocks.append(f"<ul>{items}</ul>")
            else:
                blocks.append("<p>" + "<br>".join(escape(line) for line in group) + "</p>")
    return "\n".join(blocks)


def unguarded_placeholders(body_template: str) -> list[str]:
    """The placeholders a body text prints outside any ``{% if %}`` and without ``|default``:
    those are always in the letter, so they must never be empty."""
    template = body_engine().from_string(body_template)
    names = []
    for node in template.nodelist:
        if isinstance(node, VariableNode):
            expression = node.filter_expression
            var = expression.var
            has_default = any(
                getattr(func, "_filter_name", func.__name__) == "default"
                for func, _args in expression.filters
            )
            if isinstance(var, Variable) and var.lookups and not has_default:
                names.append(var.lookups[0])
    return list(dict.fromkeys(names))


def render(body_template: str, values: Mapping[str, str], placeholders: Mapping[str, str]) -> str:
    """The body text filled in with ``values`` and converted to escaped HTML. A placeholder
    that the text always prints but that is empty for this letter refuses the letter ("mail
    naar ." must never reach a client): either the data is completed or the text puts that
    part between ``{% if naam %}`` and ``{% endif %}``."""
    validate(body_template, placeholders)
    empty = [
        name
        for name in unguarded_placeholders(body_template)
        if not str(values.get(name, "")).strip()
    ]
    if empty:
        shown = ", ".join(f"{{{{ {name} }}}} ({placeholders[name]})" for name in empty)
        refuse(
            f"De brief kan niet worden gemaakt: in de brieftekst blijft {shown} leeg. Vul het "
            "gegeven aan, of zet dat stuk tekst tussen {% if ... %} en {% endif %}."
        )
    text = (
        body_engine()
        .from_string(body_template)
        .render(Context(dict(values), autoescape=False))  # escaped once, by text_to_html
    )
    return text_to_html(text)
