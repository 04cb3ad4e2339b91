"""Runs examples/python/*.py as written, against a fake java (``streams.py``) streaming a synthetic dataset.

``stream_batches.py`` needs numpy only and always runs; ``train_on_the_fly.py`` needs torch and is skipped,
saying so, where torch is not installed (CI has none).
"""

import importlib.util
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import numpy  # noqa: F401
except ImportError:
    streams = None
else:
    import streams
    from test_ghmm_data import write_dataset

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "python"
HAS_TORCH = importlib.util.find_spec("torch") is not None


@unittest.skipIf(streams is None, "numpy is not installed (ghmm needs it): skipped")
class ExamplesTest(unittest.TestCase):
    def run_example(self, script, *args, length=10):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            data, _ = write_dataset(tmp / "data", n=64, length=length, bos=True, factored=False, extras=True)
            streams.install_fake_java(tmp / "jdk")
            (tmp / "ghmm.jar").write_bytes(b"fake")
            env = dict(os.environ, JAVA_HOME=str(tmp / "jdk"), GHMM_JAR=str(tmp / "ghmm.jar"),
                       FAKE_GHMM_MODE=f"dataset:{data}", PYTHONPATH=str(ROOT / "python"))
            ran = subprocess.run([sys.executable, str(EXAMPLES / script), *args], cwd=tmp, env=env,
                                 capture_output=True, text=True, timeout=300)
            self.assertEqual(ran.returncode, 0, ran.stdout + ran.stderr)
            return ran.stdout

    def test_stream_batches(self):
        out = self.run_example("stream_batches.py", "--batch-size", "8", "--length", "10", "--batches", "3")
        lines = out.splitlines()
        self.assertEqual(lines[0], "vocabulary 4 (BOS 3), 10 positions per row")
        self.assertEqual([line.split(":")[0] for line in lines[1:]],
                         ["sequences 0..7", "sequences 8..15", "sequences 16..23"])
        self.assertIn("beliefs (8, 10, 4)", lines[1])

    @unittest.skipUnless(HAS_TORCH, "torch is not installed: train_on_the_fly.py is not run")
    def test_train_on_the_fly(self):
        out = self.run_example("train_on_the_fly.py", "--process", "mess3", "--batch-size", "4", "--length", "10",
                               "--steps", "5", "--workers", "0")
        self.assertIn("step 5: loss", out)


if __name__ == "__main__":
    unittest.main()
