"""Records the checkout this package is built from, so the installed ``ghmm`` finds ``ghmm-cli/target/ghmm.jar``.

Everything else is in pyproject.toml. The record is ``ghmm/_repository.txt`` in the built package (never in the
source tree), written only when this directory sits in a ghmm checkout.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPy(build_py):
    def run(self):
        super().run()
        repository = Path(__file__).resolve().parent.parent
        if (repository / "ghmm-cli" / "pom.xml").is_file() and not self.editable_mode:
            target = Path(self.build_lib, "ghmm", "_repository.txt")
            target.write_text(str(repository) + "\n", encoding="utf-8")


setup(cmdclass={"build_py": BuildPy})
