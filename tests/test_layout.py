"""The package shows the pipeline: one subpackage per stage, no import circle, and no import that
runs back up the stage order. Imports are read with ``ast``, including the lazy ones inside
functions, so the shape stays true as the code grows."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "audionews"

# The stage order, from the bottom: a module may import its own stage and any stage before it.
# Within a stage, modules may import each other, but never in a circle.
STAGES = [
    ("errors", "model", "fsutil", "version", "bundled", "builtin_voices", "migrations", "sanitize", "progress"),  # shared
    ("sources",),  # source -> Article
    ("normalize",),  # written -> spoken words
    ("script",),  # Article -> Script (and editions)
    ("audio",),  # ffmpeg, PCM, signal processing: the sound toolkit
    ("speech",),  # Script -> Rendered: voices, cast, engines, synthesizer, cache
    ("episode",),  # Rendered -> one episode's files: mastering, tags, chapters, transcripts
    ("podcast",),  # the output folder and the feed
    ("check",),  # an episode folder heard against its script (the pipeline gates on it)
    ("newsfeed",),  # a site's RSS/Atom
    ("settings",),  # audionews.toml and the environment -> every stage's options
    ("pipeline",),  # the wiring: source -> episode
    ("__init__",),  # the public Python API
    ("cli", "__main__"),  # parse, call the pipeline, print
]
RANK = {name: rank for rank, names in enumerate(STAGES) for name in names}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def imports_of(path: Path) -> set[str]:
    """The audionews modules a file imports, anywhere in it (relative imports resolved)."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" and name != "__init__" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            if node.module:
                found.add(".".join([*base, node.module]))
            else:
                found.update(".".join([*base, alias.name]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("audionews"):
            found.add(node.module.removeprefix("audionews").lstrip(".") or "__init__")
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("audionews.") for a in node.names if a.name.startswith("audionews."))
    return {f for f in found if f} - {name}


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges = {}
    for name, path in modules.items():
        targets = set()
        for target in imports_of(path):
            # "from .engines import base" names a module; "from .model import Article" a name in one
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in modules and target != name:
                targets.add(target)
        edges[name] = targets
    return edges


def stage_of(module: str) -> str:
    return module.split(".")[0]


def test_every_module_belongs_to_a_stage() -> None:
    strays = sorted(m for m in graph() if stage_of(m) not in RANK)
    assert not strays, f"modules outside every stage (add them to a stage folder): {strays}"


def test_no_import_runs_back_up_the_stage_order() -> None:
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in graph().items()
        for target in targets
        if RANK.get(stage_of(target), -1) > RANK.get(stage_of(module), -1)
    )
    assert not upward, "imports from a later stage:\n" + "\n".join(upward)


def test_no_import_circle() -> None:
    edges = graph()
    # A module importing its own package's __init__ is not a circle of stages but would be of
    # modules; report every cycle found by depth-first search.
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append(stack[stack.index(target) :] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert not cycles, "import circles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_environment_is_read_in_settings_only() -> None:
    readers = sorted(
        module_name(path)
        for path in PACKAGE.rglob("*.py")
        if "os.environ" in path.read_text(encoding="utf-8") or "getenv" in path.read_text(encoding="utf-8")
    )
    assert readers == ["settings"], readers
