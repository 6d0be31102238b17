"""Rules of the codebase that keep access control and purity true by construction."""

import ast
import re
from pathlib import Path

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
