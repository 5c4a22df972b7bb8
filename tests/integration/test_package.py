"""The service installs like a package: a built wheel, in a fresh venv, serves from an empty folder.

Nothing here uses the checkout at run time: the wheel is built from it, installed with its
runtime pins (``requirements.lock``) into a new virtualenv, and started with no ``WIRE_*``
variable from a folder holding nothing, so the default configuration, the gazetteer, the
junk rules and the line-role model must all come from inside the package.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from email.parser import Parser
from pathlib import Path

import httpx
import pytest

from tests.conftest import SAMPLE_FILE, free_port, last_line

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_DATA = ("wire/config/wire.toml", "wire/config/gazetteer.json", "wire/config/junk.toml",
                "wire/config/partners.toml", "wire/normalize/roles/line_roles.crfsuite",
                "wire/lua/commit.lua", "wire/py.typed", "feeds/py.typed",
                "wire/web/pages/templates/base.html", "wire/web/pages/templates/file.html",
                "wire/web/pages/static/pages.css", "wire/web/pages/static/feed.xsl")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    leftover = not (ROOT / "build").exists()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist),
                    str(ROOT)], check=True, capture_output=True)
    if leftover:  # setuptools builds in the tree; leave the checkout as it was
        shutil.rmtree(ROOT / "build", ignore_errors=True)
    (built,) = dist.glob("newswire-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with only the wheel and its pinned runtime dependencies."""
    where = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    subprocess.run([str(where / "bin" / "pip"), "install", "-q", "-c",
                    str(ROOT / "requirements.lock"), str(wheel)], check=True,
                   capture_output=True)
    return where


def clean_env(venv: Path) -> dict[str, str]:
    """The caller's environment without WIRE_* or the test venv, with the fresh venv first."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("WIRE_") and k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return {**env, "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"}


def test_wheel_ships_data_and_license_metadata(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        (metadata,) = (n for n in names if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(zf.read(metadata).decode())
    assert set(SHIPPED_DATA) <= names, set(SHIPPED_DATA) - names
    assert not any(n.startswith(("tests/", "config/", "bench/")) for n in names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert meta["License-Expression"] == "Apache-2.0"
    assert meta["License-File"] == "LICENSE"
    assert "Programming Language :: Python :: 3.11" in meta.get_all("Classifier", [])


def test_every_package_folder_is_listed_in_pyproject() -> None:
    """``[tool.setuptools] packages`` is a list (config/ is mapped): a new folder must join it."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {str(d.relative_to(ROOT)).replace("/", ".")
             for top in ("wire", "feeds") for d in [ROOT / top, *(ROOT / top).rglob("*")]
             if d.is_dir() and d.name != "__pycache__"
             and any(f.suffix in (".py", ".lua", ".crfsuite") for f in d.iterdir())}
    missing = found - listed
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"
    assert found | {"wire.config"} == listed


@pytest.fixture
def served(venv: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``wire serve`` of the installed wheel, run in an empty folder with no WIRE_* set."""
    empty = tmp_path / "empty"
    empty.mkdir()
    port = free_port()
    process = subprocess.Popen([str(venv / "bin" / "wire"), "serve", "--port", str(port)],
                               cwd=empty, env=clean_env(venv), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "wire serve did not become ready"
            time.sleep(0.2)
        yield url, empty
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_installed_wheel_serves_from_an_empty_folder(venv: Path, served: tuple[str, Path]
                                                     ) -> None:
    url, folder = served
    env = clean_env(venv)
    version = subprocess.run([str(venv / "bin" / "wire"), "--version"], cwd=folder, env=env,
                             capture_output=True, text=True, check=True)
    assert version.stdout.strip() == "wire, version 0.1.0"
    helped = subprocess.run([str(venv / "bin" / "python"), "-m", "wire", "-h"], cwd=folder,
                            env=env, capture_output=True, text=True, check=True)
    assert "correspondents" in helped.stdout and "serve" in helped.stdout

    added = subprocess.run([str(venv / "bin" / "wire"), "correspondents", "add", "Ani",
                            "--agency", "ISN"], cwd=folder, env=env, capture_output=True,
                           text=True, check=True)
    created = httpx.post(f"{url}/v1/stories", content=SAMPLE_FILE.read_bytes(),
                         headers={"Authorization": f"Bearer {last_line(added.stdout)}",
                                  "Content-Type": "text/plain; charset=utf-8"})
    assert created.status_code == 201, created.text
    story = created.json()
    # The shipped gazetteer placed the dateline, the shipped junk rules dropped the scraped line.
    assert story["wire"]["region"] == "lampung-barat"
    text = next(b["value"] for b in story["bodies"] if b["contenttype"] == "text/plain")
    assert "Loading" not in text
    assert (folder / "var" / "appendonlydir").is_dir(), "data is kept in ./var of the folder"
    # The pages' templates and static files come from inside the package too.
    page = httpx.get(f"{url}/file", headers={"Accept-Language": "id"})
    assert page.status_code == 200 and "Kunci koresponden" in page.text
    assert httpx.get(f"{url}/static/pages.css").status_code == 200
