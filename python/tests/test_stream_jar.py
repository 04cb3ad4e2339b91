"""ghmm.stream against the real ``ghmm stream`` of the jar named by ``GHMM_JAR`` (integration).

Skipped, saying why, unless ``GHMM_JAR`` names a jar whose ``stream --help`` succeeds, e.g.
``GHMM_JAR=ghmm-cli/target/ghmm.jar python3 -m unittest python/tests/test_stream_jar.py``.
"""

import os
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _why_not():
    try:
        import numpy  # noqa: F401
    except ImportError:
        return "numpy is not installed"
    jar = os.environ.get("GHMM_JAR")
    if not jar or not Path(jar).is_file():
        return "GHMM_JAR does not name a built ghmm.jar (set GHMM_JAR=ghmm-cli/target/ghmm.jar)"
    from ghmm import launcher
    try:
        help_run = subprocess.run(launcher.command(["stream", "--help"]), capture_output=True, text=True, timeout=60)
    except (OSError, launcher.GhmmNotFound) as e:
        return f"java cannot run {jar}: {e}"
    if help_run.returncode != 0 or "--start-batch" not in help_run.stdout:  # ghmm --help lists no such option
        return f"{jar} has no stream command (its stream --help shows no --start-batch)"
    return None


WHY_NOT = _why_not()


@unittest.skipIf(WHY_NOT is not None, f"integration with ghmm stream skipped: {WHY_NOT}")
class JarStreamTest(unittest.TestCase):
    def test_stream_batches_equal_the_sampled_dataset(self):
        import ghmm
        import numpy as np
        from ghmm import launcher
        from test_stream import assert_batches_equal
        with tempfile.TemporaryDirectory() as tmp:
            for process, outputs, beliefs in (("mess3", "tokens,beliefs,next,loss,logprob", "joint"),
                                              ("docs/processes/shai-chain.json", "tokens,factor-beliefs", "factors")):
                for bos in (False, True):
                    with self.subTest(process=process, bos=bos):
                        out = Path(tmp, f"{len(os.listdir(tmp))}")
                        root = Path(__file__).resolve().parents[2]
                        sample = launcher.command(["sample", "--process", process, "--count", "24", "--length", "5",
                                                   "--seed", "3", "--outputs", outputs, "--out", str(out)]
                                                  + (["--bos"] if bos else []))
                        subprocess.run(sample, check=True, cwd=root, capture_output=True)
                        ds = ghmm.open_dataset(out)
                        options = dict(beliefs=beliefs, weights="logprob" if "logprob" in outputs else "uniform",
                                       extras=tuple(e for e in ("next", "loss") if e in outputs))
                        cwd = os.getcwd()
                        os.chdir(root)
                        try:
                            s = ghmm.stream(process, batch_size=4, length=5, seed=3, outputs=outputs, bos=bos,
                                            rank=1, world_size=3, start_batch=0, batches=2)
                        finally:
                            os.chdir(cwd)
                        got = list(s)
                        self.assertEqual(len(got), 2)
                        for batch, g in zip(got, (1, 4)):  # g = k·W + r
                            expected = next(ds.subset(4 * g, 4 * g + 4).batches(4, **options))
                            assert_batches_equal(self, batch, expected)
                        self.assertEqual(s.returncode, 0)

    def test_bad_input_is_a_value_error_and_close_ends_the_jvm(self):
        import ghmm
        with self.assertRaisesRegex(ValueError, "^ghmm stream: "):
            ghmm.stream("no-such-process", batch_size=2, length=3, seed=1)
        s = ghmm.stream("mess3", batch_size=2, length=3, seed=1)
        next(s)
        start = time.monotonic()
        s.close()
        self.assertLess(time.monotonic() - start, 2.0)
        self.assertIsNotNone(s.returncode)


if __name__ == "__main__":
    unittest.main()
