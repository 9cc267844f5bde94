"""The wheel carries themes/, templates/ and sample.db, and `warroom demo` works from anywhere."""

import subprocess
import sys
import tomllib
import zipfile

import pytest
from textual.theme import Theme

from tests.conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
                   cwd=REPO, check=True, capture_output=True)
    [built] = out.glob("warroom-*.whl")
    return built


def test_wheel_contains_the_shipped_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "warroom/sample.db" in names
    assert "warroom/templates/README.md" in names
    themes = {name for name in names if name.startswith("warroom/themes/")}
    assert len(themes) >= 4
    assert "warroom/__main__.py" in names and "warroom/store/migrations.py" in names


def test_installed_wheel_runs_the_demo_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path / "data"), "TZ": "UTC"}
    where = subprocess.run([sys.executable, "-c", "import warroom, sys; print(warroom.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(target))
    demo = subprocess.run([sys.executable, "-m", "warroom", "demo", "--print"], cwd=elsewhere, env=env,
                          capture_output=True, text=True, timeout=60)
    assert demo.returncode == 0, demo.stderr
    assert "EU API gateway outage" in demo.stdout
    assert (tmp_path / "data" / "warroom" / "demo.db").exists()


@pytest.mark.parametrize("path", sorted((REPO / "themes").glob("*.toml")), ids=lambda p: p.stem)
def test_shipped_themes_are_valid_textual_themes_with_the_semantic_variables(path):
    data = tomllib.loads(path.read_text())
    theme = Theme(**data)
    assert {"tier-critical", "tier-standard", "tier-stable", "countdown-ok", "countdown-due-soon",
            "countdown-overdue"} <= set(theme.variables)
    assert len({theme.variables[k] for k in ("countdown-ok", "countdown-due-soon", "countdown-overdue")}) == 3
