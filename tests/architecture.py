"""The import graph of resiliencehub/, built from the code, and the three rules it keeps.

Issue 10: the apps sit in layers, and imports only go down.

1. No import cycles between modules (a cycle is reported once per strongly connected
   component, as the sorted list of its members, with one chain through all of them).
2. An app imports only apps in a lower layer of LAYERS; apps in the same layer do not
   import each other, except each other's `handoff` module (the named services by which
   one step of the journey hands a client on to the next).
3. No import inside a function or method, unless the import's line, or the line above it,
   has a comment "import here: <why>".

The graph is read with `ast`, not by importing anything, so no Django setup is needed.
Every module under resiliencehub/ is in it except tests (*/tests/*, test_*.py). Imports
inside functions are edges too (a deferred import hides a cycle, it does not remove it);
imports under `if TYPE_CHECKING:` never run, so they are no edge for rule 1 and no inner
import for rule 3, but they are still held to the layers. resiliencehub/config (the
project), resiliencehub/nonprod (demo data) and */migrations/* may import anything: they
are exempt from rules 2 and 3 as importers, and stay in the graph for rule 1.

KNOWN lists violations tolerated for now: it is empty, and tests/test_architecture.py fails
on any violation not in it (and on any entry of it that no longer occurs). Fix an import
rather than add to it. `.venv/bin/python -m tests.architecture` prints the current
violations in KNOWN's format (`--where` adds the file:line of each).
"""

from __future__ import annotations

import ast
import functools
import io
import json
import re
import sys
import tokenize
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path

# app (the first package under resiliencehub/) -> layer. An app may import any app in a
# lower layer, never one in its own layer or above.
LAYERS = {
    # 0: foundations that know nothing of hubs, clients or each other: the audit trail,
    # the pure instruments library, the NHS.UK form widgets.
    "audit": 0,
    "instruments": 0,
    "nhsuk_forms": 0,
    # 1: the framework of the product: model bases, encryption, the workflow primitive
    # (which writes audit events), view markers, the public error and policy pages.
    "core": 1,
    # 2: staff accounts, roles and sign-in.
    "accounts": 2,
    # 3: hubs, their configuration and who works in them.
    "hub": 3,
    # 4: the shared clinical record: clients, referrals, screenings, measures, risk alerts,
    # record access, single-use links and client emails.
    "records": 4,
    # 5: the journey apps, which never import each other's internals.
    "intake": 5,
    "triage": 5,
    "episodes": 5,
    # 6: later apps built on the journey.
    "followup": 6,
    "outreach": 6,
    "organisations": 6,
    # 7: reporting reads everything below.
    "reports": 7,
    # 8: the project and the demo data: they may import any app, and no app imports them.
    "config": 8,
    "nonprod": 8,
}

# Apps whose modules may import anything (rules 2 and 3 do not apply to them as importers).
MAY_IMPORT_ANYTHING = frozenset({"config", "nonprod"})

PACKAGE = Path(__file__).resolve().parent.parent / "resiliencehub"

# Violations tolerated for now: none (issue 10 removed the 90 there were).
KNOWN: frozenset[str] = frozenset()

JUSTIFIED = re.compile(r"import here:\s*\S")


@dataclass
class Import:
    """One imported module, as one import statement names it."""

    source: str  # the importing module, dotted
    target: str  # the imported module, dotted (resolved to a module of the package if it is one)
    path: Path
    line: int
    function: str | None  # qualified name of the enclosing function, None at module level
    type_only: bool  # under `if TYPE_CHECKING:`
    justified: bool  # an "import here:" comment on the line or the line above


@dataclass
class Graph:
    root: Path
    modules: dict[str, Path]  # the modules in the graph (no tests)
    imports: list[Import] = field(default_factory=list)

    def where(self, item: Import) -> str:
        return f"{item.path.relative_to(self.root.parent)}:{item.line}"

    def short(self, module: str) -> str:
        return module.removeprefix(self.root.name + ".")


def is_test(relative: Path) -> bool:
    return (
        "tests" in relative.parts[:-1]
        or relative.name.startswith("test_")
        or relative.name in {"tests.py", "conftest.py"}
    )


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_of(root: Path, module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and _is_package(root, parts)) else None


def _is_package(root: Path, parts: list[str]) -> bool:
    return (root.parent.joinpath(*parts) / "__init__.py").exists()


def _comments(source: str) -> dict[int, str]:
    found = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                found[token.start[0]] = token.string
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Collector:
    """The imports of one module, walking statements only (imports are never expressions)."""

    def __init__(self, module: str, is_package: bool, known: set[str]):
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.known = known
        self.scope: list[str] = []
        self.functions = 0
        self.type_only = False
        self.found: list[tuple[ast.stmt, str, str | None, bool]] = []

    def visit(self, statements: list[ast.stmt]):
        for node in statements:
            if isinstance(node, ast.Import):
                self.visit_Import(node)
            elif isinstance(node, ast.ImportFrom):
                self.visit_ImportFrom(node)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                is_function = not isinstance(node, ast.ClassDef)
                self.scope.append(node.name)
                self.functions += is_function
                self.visit(node.body)
                self.functions -= is_function
                self.scope.pop()
            elif isinstance(node, ast.If) and _is_type_checking(node.test):
                outer, self.type_only = self.type_only, True
                self.visit(node.body)
                self.type_only = outer
                self.visit(node.orelse)
            else:
                for name in ("body", "orelse", "finalbody", "handlers", "cases"):
                    children = getattr(node, name, None)
                    if children:
                        self.visit(children)

    def _resolve(self, name: str) -> str:
        """The longest prefix of `name` that is a module of the package, else `name`."""
        candidate = name
        while candidate and candidate not in self.known:
            candidate = candidate.rpartition(".")[0]
        return candidate or name

    def _add(self, node, target: str):
        function = ".".join(self.scope) if self.functions else None
        self.found.append((node, target, function, self.type_only))

    def visit_Import(self, node):
        for alias in node.names:
            self._add(node, self._resolve(alias.name))

    def visit_ImportFrom(self, node):
        if node.level:
            parts = self.package.split(".")
            base_parts = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
            base = ".".join(base_parts + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        targets = []
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            target = submodule if submodule in self.known else self._resolve(base)
            if target not in targets:
                targets.append(target)
        for target in targets:
            self._add(node, target)


@functools.cache
def build(root: Path = PACKAGE) -> Graph:
    """Every import of every module under `root`, read from the code."""
    files = {module_name(root, p): p for p in sorted(root.rglob("*.py"))}
    graph = Graph(
        root=root,
        modules={m: p for m, p in files.items() if not is_test(p.relative_to(root))},
    )
    known = set(files)
    for module, path in graph.modules.items():
        source = path.read_text()
        tree = ast.parse(source, filename=str(path))
        comments = _comments(source) if "import here:" in source else {}
        collector = _Collector(module, path.name == "__init__.py", known)
        collector.visit(tree.body)
        for node, target, function, type_only in collector.found:
            lines = range(node.lineno - 1, (node.end_lineno or node.lineno) + 1)
            justified = any(JUSTIFIED.search(comments.get(n, "")) for n in lines)
            graph.imports.append(
                Import(module, target, path, node.lineno, function, type_only, justified)
            )
    return graph


def _exempt(graph: Graph, module: str, may_import_anything) -> bool:
    return app_of(graph.root, module) in may_import_anything or "migrations" in module.split(".")


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively; components of more than one module, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def _shortest_path(edges, members: set[str], start: str, goal) -> list[str]:
    came_from = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(edges[node] & members):
            if goal(child):
                path = [child, node]
                while came_from[path[-1]] is not None:
                    path.append(came_from[path[-1]])
                return path[::-1]
            if child not in came_from:
                came_from[child] = node
                queue.append(child)
    raise AssertionError("not strongly connected")  # pragma: no cover


def chain(edges: dict[str, set[str]], component: list[str]) -> list[str]:
    """A closed walk a -> b -> ... -> a through every member of a strongly connected component."""
    members = set(component)
    start = here = component[0]
    walk = [start]
    todo = members - {start}
    while todo:
        path = _shortest_path(edges, members, here, todo.__contains__)
        walk += path[1:]
        todo -= set(path)
        here = path[-1]
    walk += _shortest_path(edges, members, here, start.__eq__)[1:]
    return walk


HANDOFF = "handoff"
"""The one module of a journey app that another app of its layer may import: the named
services by which one step of the journey hands a client on to another (triage opening an
episode, accepting a referral that sends the client their questionnaires)."""


def is_handoff(target: str, target_app: str, source_layer: int, layers) -> bool:
    """An import of another app's `handoff` module from an app in the same layer."""
    return layers[target_app] == source_layer and target.endswith(f".{target_app}.{HANDOFF}")


def violations(
    root: Path = PACKAGE, layers=None, may_import_anything=MAY_IMPORT_ANYTHING
) -> dict[str, list[str]]:
    """Every violation in KNOWN's format -> where it happens (file:line, readable chain)."""
    layers = LAYERS if layers is None else layers
    graph = build(root)
    found: dict[str, list[str]] = defaultdict(list)

    runtime: dict[str, set[str]] = {m: set() for m in graph.modules}
    first_line: dict[tuple[str, str], Import] = {}
    for item in graph.imports:
        internal = item.target in graph.modules and item.target != item.source
        if internal and not item.type_only:
            runtime[item.source].add(item.target)
            first_line.setdefault((item.source, item.target), item)
        exempt = _exempt(graph, item.source, may_import_anything)
        if exempt:
            continue
        if internal:
            source_app = app_of(root, item.source)
            target_app = app_of(root, item.target)
            if (
                source_app in layers
                and target_app in layers
                and source_app != target_app
                and layers[target_app] >= layers[source_app]
                and not is_handoff(item.target, target_app, layers[source_app], layers)
            ):
                how = "the same layer" if layers[target_app] == layers[source_app] else "above"
                found[f"layer: {item.source} -> {item.target}"].append(
                    f"{graph.where(item)}: {source_app} (layer {layers[source_app]}) imports "
                    f"{target_app} (layer {layers[target_app]}, {how})"
                )
        if item.function and not item.type_only and not item.justified:
            found[f"inner: {item.source}:{item.function} -> {item.target}"].append(
                f"{graph.where(item)}: import inside {item.function}(); move it to the top of "
                f'the module, or say why on the line above with "# import here: ..."'
            )

    for component in strongly_connected(runtime):
        walk = chain(runtime, component)
        entry = "cycle: " + ", ".join(graph.short(m) for m in component)
        found[entry].append(" -> ".join(graph.short(m) for m in walk))
        for source, target in zip(walk, walk[1:], strict=False):
            found[entry].append(f"{graph.where(first_line[source, target])}: imports {target}")
    return dict(found)


def unplaced_apps(root: Path = PACKAGE, layers=None) -> list[str]:
    """Apps with modules in the graph that LAYERS does not place."""
    layers = LAYERS if layers is None else layers
    graph = build(root)
    apps = {app_of(root, m) for m in graph.modules} - {None}
    return [f"add {app} to LAYERS in tests/architecture.py" for app in sorted(apps - set(layers))]


def compare(found: dict[str, list[str]], known) -> list[str]:
    """What is wrong with KNOWN: violations not in it, and entries that no longer occur."""
    problems = []
    for entry in sorted(set(found) - set(known)):
        where = "".join(f"\n    {line}" for line in found[entry])
        problems.append(f"new violation {entry!r}:{where}")
    for entry in sorted(set(known) - set(found)):
        problems.append(f"{entry!r} no longer occurs; remove it from KNOWN: fixed")
    return problems


def main(argv: list[str]) -> int:
    found = violations()
    for entry in sorted(found):
        print(f"    {json.dumps(entry)},")
        if "--where" in argv:
            for line in found[entry]:
                print(f"    # {line}")
    unplaced = unplaced_apps()
    for message in unplaced:
        print(message, file=sys.stderr)
    return 1 if unplaced else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
