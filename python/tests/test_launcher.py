"""Tests of the ``ghmm`` console script's lookup of Java and ghmm.jar, and of ``pip install ./python`` offline."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import numpy  # noqa: F401 - ghmm needs it
except ImportError:
    launcher = None
else:
    from ghmm import launcher
    import streams

NO_NUMPY = "numpy is not installed (ghmm needs it): skipped"
PYTHON_DIR = Path(__file__).resolve().parents[1]


@unittest.skipIf(launcher is None, NO_NUMPY)
class JarLookupTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = Path(self._tmp.name).resolve()
        self.addCleanup(self._tmp.cleanup)
        patcher = mock.patch.dict(os.environ)
        patcher.start()
        self.addCleanup(patcher.stop)
        os.environ.pop("GHMM_JAR", None)
        # this test's own package directory and recorded repository, so the real checkout's jar is not found
        self.package = self.tmp / "site" / "ghmm"
        self.package.mkdir(parents=True)
        for name, value in (("_PACKAGE", self.package),):
            p = mock.patch.object(launcher, name, value)
            p.start()
            self.addCleanup(p.stop)

    def jar(self, *parts):
        path = self.tmp.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"jar")
        return path

    def test_order_env_then_package_then_recorded_repository_then_cwd(self):
        work = self.tmp / "elsewhere" / "deep"
        work.mkdir(parents=True)
        with self.assertRaises(launcher.GhmmNotFound) as caught:
            launcher.find_jar(work)
        self.assertIn("ghmm.jar not found: build it with `mvn -B package -DskipTests -pl ghmm-cli -am` at the "
                      "repository root, or set GHMM_JAR", str(caught.exception))
        upward = self.jar("elsewhere", "ghmm-cli", "target", "ghmm.jar")
        self.assertEqual(launcher.find_jar(work), str(upward))
        recorded = self.jar("checkout", "ghmm-cli", "target", "ghmm.jar")
        (self.package / "_repository.txt").write_text(str(self.tmp / "checkout") + "\n")
        self.assertEqual(launcher.find_jar(work), str(recorded))
        shipped = self.jar("site", "ghmm", "ghmm.jar")
        self.assertEqual(launcher.find_jar(work), str(shipped))
        named = self.jar("mine.jar")
        os.environ["GHMM_JAR"] = str(named)
        self.assertEqual(launcher.find_jar(work), str(named))

    def test_a_recorded_repository_without_a_jar_says_where_to_build(self):
        (self.package / "_repository.txt").write_text(str(self.tmp / "checkout") + "\n")
        with self.assertRaisesRegex(launcher.GhmmNotFound, "build it with `mvn -B package -DskipTests -pl ghmm-cli "
                                                           f"-am` in {self.tmp / 'checkout'}"):
            launcher.find_jar(self.tmp)

    def test_a_source_checkout_finds_its_own_jar(self):
        # python/ghmm/launcher.py of a checkout: the jar two levels up (editable installs, python/ on sys.path)
        p = mock.patch.object(launcher, "_PACKAGE", self.tmp / "repo" / "python" / "ghmm")
        p.start()
        self.addCleanup(p.stop)
        jar = self.jar("repo", "ghmm-cli", "target", "ghmm.jar")
        self.assertEqual(launcher.find_jar(self.tmp), str(jar))

    def test_bad_ghmm_jar_and_java(self):
        os.environ["GHMM_JAR"] = str(self.tmp / "missing.jar")
        with self.assertRaisesRegex(launcher.GhmmNotFound, "GHMM_JAR=.*missing.jar is not a file"):
            launcher.find_jar()
        os.environ["JAVA_HOME"] = str(self.tmp)
        with self.assertRaisesRegex(launcher.GhmmNotFound, "has no bin/java"):
            launcher.find_java()
        del os.environ["JAVA_HOME"]
        os.environ["PATH"] = str(self.tmp)
        with self.assertRaisesRegex(launcher.GhmmNotFound, "java is not on the PATH: install a JDK 17"):
            launcher.find_java()

    def test_console_script_runs_the_jar_or_says_what_to_do(self):
        streams.install_fake_java(self.tmp / "jdk")
        jar = self.jar("mine.jar")
        record = self.tmp / "args.json"
        os.environ.update(JAVA_HOME=str(self.tmp / "jdk"), GHMM_JAR=str(jar), FAKE_GHMM_ARGS=str(record),
                          FAKE_GHMM_MODE="fail:2:ghmm describe: unknown option --bogus")
        self.assertEqual(launcher.main(["describe", "--bogus"]), 2)
        self.assertEqual(json.loads(record.read_text())["args"], ["-jar", str(jar), "describe", "--bogus"])
        os.environ["GHMM_JAR"] = str(self.tmp / "missing.jar")
        with mock.patch("sys.stderr") as stderr:
            self.assertEqual(launcher.main(["describe"]), 2)
        written = "".join(call.args[0] for call in stderr.write.call_args_list)
        self.assertTrue(written.startswith("ghmm: GHMM_JAR="), written)
        self.assertEqual(written.count("\n"), 1)


class InstallTest(unittest.TestCase):
    """``pip install ./python`` into a fresh venv, offline, from a copy of the checkout's python/ directory."""

    def test_pip_install_into_a_fresh_venv(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp).resolve()
            venv = tmp / "venv"
            made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
            pip = venv / "bin" / "pip"
            if made.returncode != 0 or not pip.exists():
                self.skipTest(f"python3 -m venv with pip is unavailable here: {made.stderr.strip()[-300:]}")
            # a checkout: python/ (copied, so the build leaves nothing in the source tree) and a built jar
            repo = tmp / "repo"
            shutil.copytree(PYTHON_DIR, repo / "python",
                            ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", "*.jar",
                                                          "_repository.txt"))
            (repo / "ghmm-cli" / "target").mkdir(parents=True)
            (repo / "ghmm-cli" / "pom.xml").write_text("<project/>")
            jar = repo / "ghmm-cli" / "target" / "ghmm.jar"
            jar.write_bytes(b"jar")
            env = {k: v for k, v in os.environ.items() if k not in ("GHMM_JAR", "PYTHONPATH")}
            # offline: pip may read only local indexes (no proxy, no network index)
            env.update(PIP_NO_INPUT="1", PIP_DISABLE_PIP_VERSION_CHECK="1", http_proxy="http://127.0.0.1:9",
                       https_proxy="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9",
                       HTTPS_PROXY="http://127.0.0.1:9", PIP_RETRIES="0", PIP_TIMEOUT="5")
            installed = subprocess.run([str(pip), "install", "./python"], cwd=repo, env=env, capture_output=True,
                                       text=True, timeout=600)
            self.assertEqual(installed.returncode, 0, installed.stdout[-2000:] + installed.stderr[-2000:])
            elsewhere = tmp / "elsewhere"
            elsewhere.mkdir()
            probe = ("import ghmm, ghmm_data, sys; print(ghmm.find_jar()); print(ghmm_data.open_dataset is "
                     "ghmm.open_dataset); print('torch' in sys.modules)")
            ran = subprocess.run([str(venv / "bin" / "python"), "-c", probe], cwd=elsewhere, env=env,
                                 capture_output=True, text=True, timeout=120)
            self.assertEqual(ran.returncode, 0, ran.stderr)
            self.assertEqual(ran.stdout.split(), [str(jar), "True", "False"])
            # the console script: runs java -jar JAR ARGS (a fake java records them)
            streams.install_fake_java(tmp / "jdk")
            record = tmp / "args.json"
            env.update(JAVA_HOME=str(tmp / "jdk"), FAKE_GHMM_ARGS=str(record), FAKE_GHMM_MODE="fail:0:")
            ran = subprocess.run([str(venv / "bin" / "ghmm"), "describe", "--process", "mess3"], cwd=elsewhere,
                                 env=env, capture_output=True, text=True, timeout=120)
            self.assertEqual(ran.returncode, 0, ran.stderr)
            self.assertEqual(json.loads(record.read_text())["args"], ["-jar", str(jar), "describe", "--process",
                                                                      "mess3"])
            self.assertFalse((PYTHON_DIR / "ghmm" / "_repository.txt").exists())


if __name__ == "__main__":
    unittest.main()
