"""Every command and option the README's CLI section writes is one ``--help`` knows."""

from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

from wire.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"


def cli_block() -> list[str]:
    """The README's CLI synopsis: one entry per command form, continuation lines joined."""
    text = README.read_text(encoding="utf-8")
    block = text.split("## CLI", 1)[1].split("```", 2)[1]
    lines: list[str] = []
    for raw in block.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if line.startswith("wire "):
            lines.append(line)
        elif line.strip() and lines:
            lines[-1] += " " + line.strip()
    return lines


def forms(line: str) -> list[list[str]]:
    """``wire g a X | b Y`` is two forms, ``wire g a X`` and ``wire g b Y``."""
    first, *others = [part.split() for part in line.split(" | ")]
    found = [first[1:]]
    group = first[1:2] if first[1:2] and first[1] in main.commands else []
    found += [[*group, *words] for words in others]
    return found


def resolve(words: list[str]) -> tuple[list[str], list[str]]:
    command: click.Command = main
    path: list[str] = []
    for word in words:
        if isinstance(command, click.Group) and word in command.commands:
            command = command.commands[word]
            path.append(word)
        else:
            break
    return path, words[len(path):]


def test_every_readme_command_and_option_is_in_help() -> None:
    runner = CliRunner()
    checked = 0
    for line in cli_block():
        for words in forms(line):
            path, rest = resolve(words)  # no path: the program itself (wire --version)
            shown = runner.invoke(main, [*path, "--help"])
            assert shown.exit_code == 0, (path, shown.output)
            usage = shown.output.splitlines()[0]
            after_option = False
            for token in rest:
                bare = token.strip("[]").rstrip(".")
                for option in re.findall(r"--?[a-z][a-z-]*", bare):
                    known = re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", shown.output)
                    assert known, (line, option)
                if bare.startswith("-"):
                    after_option = "/" not in bare and not bare.startswith(("--json",
                                                                           "--yes"))
                    continue
                if bare.isupper() and not after_option:
                    assert bare.strip(".") in usage, (line, bare, usage)
                after_option = False
            checked += 1
    assert checked >= 20
