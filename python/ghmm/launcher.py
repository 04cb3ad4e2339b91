"""The ``ghmm`` command from Python: find Java and ``ghmm.jar``, and run ``java -jar ghmm.jar ARGS``.

Java is ``$JAVA_HOME/bin/java`` when ``JAVA_HOME`` is set, else ``java`` on the ``PATH``. The jar is the first of:

1. ``$GHMM_JAR``, when set (it must name an existing file);
2. ``ghmm.jar`` shipped inside this package (present only if it was copied to ``python/ghmm/ghmm.jar`` before
   the package was built);
3. ``ghmm-cli/target/ghmm.jar`` of the repository this package was built from (``pip install ./python`` records
   the checkout's path; an editable install or ``python/`` on ``sys.path`` finds it next to the source);
4. ``ghmm-cli/target/ghmm.jar`` in the current directory or the nearest parent that has one.

The jar is built with ``mvn -B package -DskipTests -pl ghmm-cli -am`` at the repository root.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List, Optional, Sequence

#: What to run when no jar is found.
BUILD_COMMAND = "mvn -B package -DskipTests -pl ghmm-cli -am"
_REPOSITORY_JAR = Path("ghmm-cli", "target", "ghmm.jar")
_PACKAGE = Path(__file__).resolve().parent


class GhmmNotFound(FileNotFoundError):
    """Java or ``ghmm.jar`` cannot be found; the message says what to do."""


def find_java() -> str:
    """The ``java`` executable: ``$JAVA_HOME/bin/java`` when ``JAVA_HOME`` is set, else ``java`` on the PATH.

    Raises:
        GhmmNotFound: neither exists.
    """
    home = os.environ.get("JAVA_HOME")
    if home:
        java = Path(home, "bin", "java.exe" if os.name == "nt" else "java")
        if java.is_file():
            return str(java)
        raise GhmmNotFound(f"JAVA_HOME={home} has no bin/java: point JAVA_HOME at a JDK 17 or later, or unset it "
                           f"to use the java on the PATH")
    java = shutil.which("java")
    if java is None:
        raise GhmmNotFound("java is not on the PATH: install a JDK 17 or later, or set JAVA_HOME")
    return java


def _recorded_repository() -> Optional[Path]:
    """The repository the installed package was built from, as recorded by setup.py, or None."""
    record = _PACKAGE / "_repository.txt"
    try:
        return Path(record.read_text(encoding="utf-8").strip())
    except OSError:
        return None


def jar_candidates(cwd: Optional[Path] = None) -> List[Path]:
    """The places searched for the jar after ``$GHMM_JAR``, in order (existing or not)."""
    places = [_PACKAGE / "ghmm.jar"]
    for root in (_recorded_repository(), _PACKAGE.parent.parent):
        if root is not None and root / _REPOSITORY_JAR not in places:
            places.append(root / _REPOSITORY_JAR)
    here = (cwd or Path.cwd()).resolve()
    places.extend(d / _REPOSITORY_JAR for d in (here, *here.parents) if d / _REPOSITORY_JAR not in places)
    return places


def find_jar(cwd: Optional[Path] = None) -> str:
    """The ``ghmm.jar`` to run (see the module's documentation for the order).

    Raises:
        GhmmNotFound: ``$GHMM_JAR`` names no file, or no jar is found; the message says how to build one.
    """
    named = os.environ.get("GHMM_JAR")
    if named:
        if Path(named).is_file():
            return named
        raise GhmmNotFound(f"GHMM_JAR={named} is not a file: point it at ghmm-cli/target/ghmm.jar (built with "
                           f"{BUILD_COMMAND}) or unset it")
    for place in jar_candidates(cwd):
        if place.is_file():
            return str(place)
    recorded = _recorded_repository()
    where = f" in {recorded}" if recorded is not None else " at the repository root"
    raise GhmmNotFound(f"ghmm.jar not found: build it with `{BUILD_COMMAND}`{where}, or set GHMM_JAR to a "
                       f"ghmm.jar")


def command(args: Sequence[str]) -> List[str]:
    """``[java, -jar, jar, *args]``.

    Raises:
        GhmmNotFound: Java or the jar is missing.
    """
    return [find_java(), "-jar", find_jar(), *args]


def main(argv: Optional[Sequence[str]] = None) -> int:
    """The ``ghmm`` console script: ``java -jar ghmm.jar ARGS`` with this process's streams and exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        line = command(args)
    except GhmmNotFound as e:
        print(f"ghmm: {e}", file=sys.stderr)
        return 2
    if os.name == "posix" and argv is None:
        os.execv(line[0], line)  # the JVM takes over this process: signals and exit code pass through unchanged
    return subprocess.call(line)


if __name__ == "__main__":
    sys.exit(main())
