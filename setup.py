"""Ship the data with the package: the clone's data/ (without data/processed) inside the wheel.

``ipanalysis.config`` reads the data from ``ipanalysis/_data`` when the package does not
run from a clone, so after a plain ``pip install`` the library finds its schema,
reference data, catalog, raw documents and reported outcomes from any folder. The files
are copied at build time; the repository keeps one copy, in ``data/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = ("catalog.csv", "schema", "reference", "raw", "external")  # data/processed is the workspace's
META = ("CITATION.cff", "LICENSE")


class build_py_with_data(build_py):  # noqa: N801 (setuptools' naming)
    """``build_py``, then the data and citation files copied into ``ipanalysis/_data``."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "ipanalysis" / "_data"
        if target.exists():
            shutil.rmtree(target)
        for name in SHIPPED:
            src = HERE / "data" / name
            if src.is_dir():
                shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("__pycache__", ".*"))
            elif src.is_file():
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, target / name)
        for name in META:
            if (HERE / name).is_file():
                shutil.copy2(HERE / name, target / name)


setup(cmdclass={"build_py": build_py_with_data})
