"""Rules of the codebase that keep access control and purity true by construction."""

import ast
import functools
import re
import textwrap
from pathlib import Path

from tests import architecture

PACKAGE = Path(__file__).resolve().parent.parent / "resiliencehub"


def python_files(pattern: str):
    return [
        p for p in PACKAGE.rglob(pattern) if "/tests/" not in str(p) and "migrations" not in str(p)
    ]


def test_views_reach_data_through_the_hub_or_an_access_helper():
    """design.md: a view that queries a clinical model directly is a bug."""
    offenders = []
    for path in python_files("views*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"\b[A-Z][A-Za-z]+\.objects\b", line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_instruments_library_imports_no_django():
    """design.md: instruments is pure Python, testable without a database."""
    offenders = []
    for path in (PACKAGE / "instruments").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "django"]
    assert offenders == []


def test_no_template_loads_anything_from_another_origin():
    """A confidential service makes no third-party requests (design.md, frontend pitfall)."""
    offenders = []
    for path in PACKAGE.rglob("*.jinja"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            # Links to other services are fine (following one is the reader's choice);
            # anything the browser would fetch by itself is not.
            fetched = re.search(r"""\bsrc=["'](https?:)?//""", line)
            stylesheet = re.search(r"""<link[^>]*href=["'](https?:)?//""", line)
            if fetched or stylesheet or "@import" in line:
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}")
    assert offenders == []


def test_templates_have_no_inline_scripts_or_styles():
    """The CSP allows no inline script or style; only the NHS.UK template's nonce script."""
    offenders = []
    for path in PACKAGE.rglob("*.jinja"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)", text) or "<style" in text or " style=" in text:
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_the_compiled_stylesheet_sets_a_sans_serif_font_and_fetches_nothing_elsewhere():
    """The NHS.UK CSS is compiled without Frutiger, so the fallback stack must be set."""
    css = (PACKAGE.parent / "build" / "static" / "css" / "app.css").read_text()
    assert re.search(r"html\{font-family:[^}]*sans-serif", css)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", css)
    assert "@font-face" not in css


# The import graph (issue 10): no cycles, imports only go down the layers, no imports
# inside functions without a reason. The rules and the layer table are in tests/architecture.py.


@functools.cache
def current_violations():
    return architecture.violations()


def test_every_app_has_a_layer():
    assert architecture.unplaced_apps() == []


def test_the_import_graph_breaks_no_rule_beyond_the_known_violations():
    found = current_violations()
    new = [p for p in architecture.compare(found, architecture.KNOWN) if p.startswith("new")]
    assert not new, "\n".join(new)


def test_every_known_violation_still_occurs():
    found = current_violations()
    fixed = [p for p in architecture.compare(found, architecture.KNOWN) if p.endswith("fixed")]
    assert not fixed, "\n".join(fixed)


# The checker itself, on a small package written for each test.

SMALL_LAYERS = {"base": 0, "left": 1, "right": 1, "top": 2, "project": 3}


def small_package(tmp_path, files: dict[str, str]) -> Path:
    """Write `shop/<path>` for each file, with the __init__.py files a package needs."""
    root = tmp_path / "shop"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    for directory in [root, *root.rglob("*")]:
        if directory.is_dir() and not (directory / "__init__.py").exists():
            (directory / "__init__.py").write_text("")
    return root


def check(root: Path) -> dict[str, list[str]]:
    return architecture.violations(root, SMALL_LAYERS, may_import_anything={"project"})


def test_a_cycle_is_reported_once_with_its_members_sorted_and_a_chain_through_them(tmp_path):
    root = small_package(
        tmp_path,
        {
            "base/a.py": "from shop.base import b\n",
            "base/b.py": "import shop.base.c\n",
            "base/c.py": "from shop.base.a import thing\n",
            "base/d.py": "from shop.base import a\n",
        },
    )
    found = check(root)
    assert list(found) == ["cycle: base.a, base.b, base.c"]
    chain, *hops = found["cycle: base.a, base.b, base.c"]
    assert chain == "base.a -> base.b -> base.c -> base.a"
    assert hops == [
        "shop/base/a.py:1: imports shop.base.b",
        "shop/base/b.py:1: imports shop.base.c",
        "shop/base/c.py:1: imports shop.base.a",
    ]


def test_two_cycles_through_one_module_are_one_component(tmp_path):
    root = small_package(
        tmp_path,
        {
            "base/a.py": "from . import b, c\n",
            "base/b.py": "from . import a\n",
            "base/c.py": "from . import a\n",
        },
    )
    found = check(root)
    assert list(found) == ["cycle: base.a, base.b, base.c"]
    chain = found["cycle: base.a, base.b, base.c"][0]
    assert chain == "base.a -> base.b -> base.a -> base.c -> base.a"


def test_imports_go_down_the_layers_only(tmp_path):
    root = small_package(
        tmp_path,
        {
            "base/low.py": "from shop.top import views\n",
            "left/one.py": "from shop.right import two\nfrom shop.base import low\n",
            "right/two.py": "import shop.base.low\n",
            "top/views.py": "from shop.left import one\nfrom shop.right.two import name\n",
        },
    )
    layers = {k for k in check(root) if k.startswith("layer")}
    assert layers == {
        "layer: shop.base.low -> shop.top.views",
        "layer: shop.left.one -> shop.right.two",
    }
    assert check(root)["layer: shop.left.one -> shop.right.two"] == [
        "shop/left/one.py:1: left (layer 1) imports right (layer 1, the same layer)"
    ]


def test_an_app_may_import_only_the_handoff_module_of_another_app_in_its_layer(tmp_path):
    root = small_package(
        tmp_path,
        {
            "left/one.py": "from shop.right.handoff import start\nfrom shop.right import two\n",
            "right/handoff.py": "from .two import start\n",
            "right/two.py": "start = 1\n",
            "base/low.py": "from shop.right.handoff import start\n",
        },
    )
    layers = {k for k in check(root) if k.startswith("layer")}
    # The handoff is for the same layer only: a lower app importing it still breaks the order.
    assert layers == {
        "layer: shop.left.one -> shop.right.two",
        "layer: shop.base.low -> shop.right.handoff",
    }


def test_a_relative_import_is_resolved_and_a_name_that_is_a_submodule_is_that_module(tmp_path):
    root = small_package(
        tmp_path,
        {
            "base/deep/m.py": "from ...top import views\nfrom ... import left\n",
            "base/n.py": "from ..right.two import thing\nfrom .deep import m\n",
            "left/__init__.py": "name = 1\n",
            "right/two.py": "",
            "top/views.py": "",
        },
    )
    assert set(check(root)) == {
        "layer: shop.base.deep.m -> shop.top.views",
        "layer: shop.base.deep.m -> shop.left",
        "layer: shop.base.n -> shop.right.two",
    }


def test_an_import_inside_a_function_needs_a_reason(tmp_path):
    root = small_package(
        tmp_path,
        {
            "base/a.py": """\
                import json


                def plain():
                    from . import b


                class Thing:
                    def method(self):
                        import csv

                        def inner():
                            import os


                def explained():
                    # import here: b imports this module at load time
                    from . import b
                    from . import c  # import here: c is slow to load


                def reason_left_out():
                    # import here:
                    import csv
                """,
            "base/b.py": "",
            "base/c.py": "",
        },
    )
    found = check(root)
    assert set(found) == {
        "inner: shop.base.a:plain -> shop.base.b",
        "inner: shop.base.a:Thing.method -> csv",
        "inner: shop.base.a:Thing.method.inner -> os",
        "inner: shop.base.a:reason_left_out -> csv",
    }
    assert found["inner: shop.base.a:plain -> shop.base.b"][0].startswith("shop/base/a.py:5: ")


def test_an_import_inside_a_function_still_closes_a_cycle(tmp_path):
    root = small_package(
        tmp_path,
        {
            "base/a.py": "from . import b\n",
            "base/b.py": "def f():\n    from . import a  # import here: a imports b\n",
        },
    )
    assert set(check(root)) == {"cycle: base.a, base.b"}


def test_type_checking_imports_make_no_cycle_and_no_inner_import_but_keep_the_layers(tmp_path):
    root = small_package(
        tmp_path,
        {
            "base/a.py": """\
                import typing
                from typing import TYPE_CHECKING

                from . import b

                if TYPE_CHECKING:
                    from shop.top import views
                if typing.TYPE_CHECKING:
                    from . import c
                else:
                    from . import d
                """,
            "base/b.py": """\
                from typing import TYPE_CHECKING

                if TYPE_CHECKING:
                    from . import a
                """,
            "base/c.py": "from . import a\n",
            "base/d.py": "from . import a\n",
            "top/views.py": "from shop.base import a\n",
        },
    )
    assert set(check(root)) == {
        "layer: shop.base.a -> shop.top.views",
        "cycle: base.a, base.d",
    }


def test_tests_are_not_in_the_graph_and_the_project_migrations_may_import_anything(tmp_path):
    anything = "from shop.top import views\n\n\ndef f():\n    import os\n"
    root = small_package(
        tmp_path,
        {
            "base/a.py": "",
            "base/tests/test_a.py": anything,
            "base/test_b.py": "from shop.base import a\n",
            "base/migrations/0001_initial.py": anything,
            "project/urls.py": anything,
            "top/views.py": """\
                from shop.base import a, test_b, tests
                from shop.base.tests import test_a
                """,
            "left/one.py": "from shop.project import urls\n",
        },
    )
    assert set(check(root)) == {"layer: shop.left.one -> shop.project.urls"}


def test_an_app_missing_from_the_layers_is_named(tmp_path):
    root = small_package(tmp_path, {"base/a.py": "", "newapp/models.py": "", "loose.py": ""})
    assert architecture.unplaced_apps(root, SMALL_LAYERS) == [
        "add newapp to LAYERS in tests/architecture.py"
    ]


def test_known_violations_that_are_new_or_fixed_are_both_reported():
    found = {
        "layer: a -> b": ["shop/a.py:3: a (layer 0) imports b (layer 1, above)"],
        "cycle: x, y": [],
    }
    problems = architecture.compare(found, {"cycle: x, y", "inner: a:f -> os"})
    assert problems == [
        "new violation 'layer: a -> b':\n    shop/a.py:3: a (layer 0) imports b (layer 1, above)",
        "'inner: a:f -> os' no longer occurs; remove it from KNOWN: fixed",
    ]
