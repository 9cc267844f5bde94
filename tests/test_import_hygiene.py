"""domain/ and store/ never import Textual (a subprocess starts with a clean sys.modules)."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "warroom.domain.triage",
        "warroom.domain.queue",
        "warroom.domain.quickentry",
        "warroom.store.database",
        "warroom.store.queue",
        "warroom.store.importer",
        "warroom.store.sample",
        "warroom.store.demo",
        "warroom.store.quick_entries",
        "warroom.store.log_pages",
        "warroom.store.detail",
        "warroom.store.changes",
        "warroom.domain.queue_index",
        "warroom.domain.times",
    ],
)
def test_module_does_not_import_textual(module):
    code = (
        f"import importlib, sys; importlib.import_module({module!r}); "
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')); "
        "print(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"{module} pulled in {result.stdout.strip()}"


def test_domain_imports_neither_sql_nor_textual():
    code = (
        "import pkgutil, importlib, sys, warroom.domain as d\n"
        "for info in pkgutil.iter_modules(d.__path__):\n"
        "    importlib.import_module('warroom.domain.' + info.name)\n"
        "print(','.join(sorted(m for m in ('textual', 'sqlite3', 'sqlite_utils') if m in sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
