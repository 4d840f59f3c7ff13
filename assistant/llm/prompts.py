"""Prompt files: the words a language model is given, kept out of the code.

A prompt is ``prompts/<name>.md``, a Python ``str.format`` template: ``{question}``
is a placeholder and a literal brace is written twice (``{{``). :func:`load` checks
that the placeholders are exactly the names the code fills in, so an edited prompt
fails when it is loaded, with the allowed names in the message, and never halfway
through an answer.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import PromptError

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
"""The ``prompts/`` folder of the project."""


@dataclass(frozen=True)
class Prompt:
    """A checked template."""

    name: str
    template: str
    fields: frozenset[str]

    def render(self, **values: object) -> str:
        """The template with every placeholder filled in.

        Raises:
            PromptError: ``values`` do not name exactly the template's placeholders.
        """
        if set(values) != self.fields:
            raise PromptError(
                f"prompt {self.name!r} fills {sorted(self.fields)}, was given {sorted(values)}"
            )
        return self.template.format(**values)


def load(name: str, fields: Iterable[str], *, folder: Path | None = None) -> Prompt:
    """Read ``<folder>/<name>.md`` and check its placeholders.

    Args:
        name: the prompt's name (its file name without ``.md``).
        fields: the placeholders the code fills in; the template must use exactly these.
        folder: where prompts live (default: the project's ``prompts/``).

    Raises:
        PromptError: the file cannot be read, or its placeholders do not match ``fields``.
    """
    path = (folder or PROMPTS_DIR) / f"{name}.md"
    try:
        template = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptError(f"cannot read prompt {name!r} at {path}: {exc}") from exc
    allowed = frozenset(fields)
    used = _placeholders(template, path, allowed)
    unknown, missing = used - allowed, allowed - used
    if unknown or missing:
        problems = []
        if unknown:
            problems.append("unknown placeholders " + _braced(unknown))
        if missing:
            problems.append("missing placeholders " + _braced(missing))
        raise PromptError(
            f"prompt {path} has {' and '.join(problems)}; "
            f"allowed placeholders: {_braced(allowed) or 'none'}"
        )
    return Prompt(name, template, allowed)


def _placeholders(template: str, path: Path, allowed: frozenset[str]) -> frozenset[str]:
    """The names of a template's placeholders; positional, dotted or malformed ones fail."""
    hint = f"allowed placeholders: {_braced(allowed) or 'none'}; write a literal brace twice"
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise PromptError(f"prompt {path}: {exc}; {hint}") from exc
    names = set()
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            shown = (
                "{"
                + field
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
            raise PromptError(f"prompt {path} has a malformed placeholder {shown}; {hint}")
        names.add(field)
    return frozenset(names)


def _braced(names: Iterable[str]) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names))
