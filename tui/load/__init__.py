"""Files → FactBase.  Every problem in every file is reported, each with its position."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui.load.problems import Problem
from tui.load.validate import Validator, _DuplicateId
from tui.load.yamlread import decode, locate, read_yaml
from tui.model import FactBase

__all__ = ["LoadResult", "Problem", "fact_files", "load"]

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadResult:
    """The base when the files are valid; otherwise the problems (and no base)."""

    base: FactBase | None
    problems: tuple[Problem, ...]
    files: tuple[Path, ...]

    @property
    def ok(self) -> bool:
        return self.base is not None and not self.problems


def fact_files(path: Path) -> tuple[Path, ...]:
    """The YAML files of a fact base: the file itself, or every *.yaml/*.yml below a folder
    in name order (hidden folders skipped), so that a base can be split as its authors like."""
    if path.is_dir():
        found = [
            p
            for p in path.rglob("*")
            if p.suffix in SUFFIXES
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        ]
        return tuple(sorted(found))
    return (path,)


def load(path: Path) -> LoadResult:
    if not path.exists():
        return LoadResult(None, (Problem(str(path), 1, 1, "no such file or folder"),), ())
    files = fact_files(path)
    if not files:
        return LoadResult(
            None, (Problem(str(path), 1, 1, "no fact files (*.yaml, *.yml) in this folder"),), ()
        )
    validator = Validator()
    problems: list[Problem] = []
    for file in files:
        data, read_problems = read_yaml(file, str(file))
        problems.extend(read_problems)
        if data is not None or not read_problems:
            validator.add_file(data, str(file))
    validator.check_links()
    problems.extend(_locate_all(validator))
    problems.sort(key=Problem.sort_key)
    if problems:
        return LoadResult(None, tuple(problems), files)
    return LoadResult(validator.base(), (), files)


def _locate_all(validator: Validator) -> list[Problem]:
    """Line numbers for the pending problems: each affected file is read once more."""
    texts: dict[str, str] = {}

    def position(file: str, where: tuple, at_key: bool) -> tuple[int, int]:
        if file not in texts:
            try:
                texts[file] = decode(Path(file).read_bytes(), file)[0] or ""
            except OSError:
                texts[file] = ""
        return locate(texts[file], where, at_key)

    located = []
    for pending in validator.pending:
        line, column = position(pending.file, pending.where, pending.at_key)
        message = pending.message
        if isinstance(pending, _DuplicateId):
            first_line, first_column = position(pending.first_file, pending.first_where, False)
            message += f" (first defined at {pending.first_file}:{first_line}:{first_column})"
        located.append(Problem(pending.file, line, column, message))
    return located
