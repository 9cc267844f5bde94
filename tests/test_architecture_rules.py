"""The layering in pyproject.toml's [tool.importlinter] contracts holds: domain imports nothing else
of Warroom's, store only domain, compose domain and store, actions nothing of the console or CLI,
and the console and the CLI import no new store writers."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache", "--no-logo"], cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
