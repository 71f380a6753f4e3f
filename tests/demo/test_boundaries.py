"""The demo stays out of the product: registry and partnerships import neither the demo
app nor Faker, the product installs without Faker, and the demo app is only installed
where the settings say."""

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCT = ("registry", "partnerships")
FORBIDDEN = ("demo", "faker")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            names.update(arg.value for arg in node.args if isinstance(arg, ast.Constant))
    return names


def forbidden(name: str) -> bool:
    top = name.split(".")[0].lower()
    return top in FORBIDDEN


@pytest.mark.parametrize("package", PRODUCT)
def test_the_product_packages_import_neither_demo_nor_faker(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert len(files) > 10
    offenders = {
        str(path.relative_to(ROOT)): sorted(filter(forbidden, imported_modules(path)))
        for path in files
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_check_finds_an_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from demo.register import key\nimport faker\nimport registry.models\n")
    assert sorted(filter(forbidden, imported_modules(sample))) == ["demo.register", "faker"]


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter with production-like settings and ``env``."""
    clean = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME"}}
    if os.environ.get("DATABASE_URL"):
        clean["DATABASE_URL"] = os.environ["DATABASE_URL"]
    clean.update({"DJANGO_SETTINGS_MODULE": "socialeconomy.settings", "SECRET_KEY": "x"})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_the_demo_app_no_product_module_loads_demo_or_faker():
    code = """
import importlib, pkgutil, sys
import django
django.setup()
from django.conf import settings
from django.core.management import get_commands
assert "demo" not in settings.INSTALLED_APPS
for package in ("registry", "partnerships"):
    root = importlib.import_module(package)
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        importlib.import_module(info.name)
import django.urls
django.urls.resolve("/")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("demo", "faker"))
print("loaded:", loaded)
print("commands:", sorted(c for c in get_commands() if "seed" in c))
"""
    result = run_python(code, DEBUG="0", DEMO_APP="0")
    assert result.returncode == 0, result.stderr
    assert "loaded: []" in result.stdout
    assert "commands: []" in result.stdout


def test_faker_is_a_development_dependency_only():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = [spec.split("=")[0].lower() for spec in project["dependencies"]]
    assert "faker" not in names
    dev = [spec.split("=")[0].lower() for spec in project["optional-dependencies"]["dev"]]
    assert "faker" in dev
