"""ghmm.stream against the real ``ghmm stream`` of the jar named by ``GHMM_JAR`` (integration).

Skipped, saying why, unless ``GHMM_JAR`` names a jar whose ``stream --help`` succeeds, e.g.
``GHMM_JAR=ghmm-cli/target/ghmm.jar python3 -m unittest python/tests/test_stream_jar.py``. ``mvn verify`` runs it
with the jar it has just built (examples' PythonTest) and fails if anything here is skipped.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_stream import alive  # noqa: E402 (after the path)

ROOT = Path(__file__).resolve().parents[2]
CHAIN = str(ROOT / "docs" / "processes" / "shai-chain.json")

# A process that predicts a negative probability after the symbol "a" (StreamCommandTest's): with one sequence
# per batch, seed 4 fails in its first batch and seed 10 after one whole batch.
TURNS_INVALID = {"alphabet": ["a", "b"], "transfer": [[[0, 0.5], [-0.25, 0]], [[0.5, 0], [0, 1.25]]], "initial": [1, 0]}


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
    B, L, SEED = 4, 5, 3

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = Path(self._tmp.name)

    def tearDown(self):
        self._tmp.cleanup()

    def sample(self, process, outputs, bos, count):
        """The dataset ``ghmm sample`` writes for these options, opened with ghmm.open_dataset."""
        import ghmm
        from ghmm import launcher
        out = self.tmp / f"d{len(os.listdir(self.tmp))}"
        command = launcher.command(["sample", "--process", process, "--count", str(count), "--length", str(self.L),
                                    "--seed", str(self.SEED), "--outputs", outputs, "--out", str(out)]
                                   + (["--bos"] if bos else []))
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        return ghmm.open_dataset(out)

    def stream(self, process, outputs, bos, **options):
        import ghmm
        return ghmm.stream(process, batch_size=self.B, length=self.L, seed=self.SEED, outputs=outputs, bos=bos,
                           **options)

    def assert_share_equals_dataset(self, got, ds, options, rank, world, start_batch=0):
        """Batch k of share (rank, world) from ``start_batch`` equals Dataset.batches on rows [gB, (g+1)B)."""
        from test_stream import assert_batches_equal
        import numpy as np
        for k, batch in enumerate(got, start_batch):
            g = k * world + rank
            expected = next(ds.subset(g * self.B, (g + 1) * self.B).batches(self.B, **options))
            np.testing.assert_array_equal(expected["index"], np.arange(g * self.B, (g + 1) * self.B))
            assert_batches_equal(self, batch, expected)

    def test_batches_equal_dataset_batches_of_sample(self):
        for process, outputs, options in (
                ("mess3", "tokens,beliefs,next,loss,logprob",
                 dict(beliefs="joint", weights="logprob", extras=("next", "loss"))),
                (CHAIN, "tokens,factor-beliefs", dict(beliefs="factors"))):
            for bos in (False, True):
                with self.subTest(process=process, bos=bos):
                    ds = self.sample(process, outputs, bos, 24)
                    s = self.stream(process, outputs, bos, rank=1, world_size=3, batches=2)
                    got = list(s)
                    self.assertEqual(len(got), 2)
                    self.assert_share_equals_dataset(got, ds, options, 1, 3)
                    self.assertEqual(s.returncode, 0)

    def test_frozen_and_padded_batches_equal_dataset_batches_of_sample(self):
        """--freeze/--groups and --eos/--pad-to pass through stream(); the batches equal the dataset's, whose mask
        marks EOS and PAD targets (weight 0) and whose groups share the frozen factor's symbols."""
        import ghmm
        import numpy as np
        from ghmm import launcher
        out = self.tmp / "frozen"
        options = ["--freeze", "0", "--groups", "2", "--bos", "--eos", "--pad-to", "9"]
        command = launcher.command(["sample", "--process", CHAIN, "--count", "24", "--length", str(self.L), "--seed",
                                    str(self.SEED), "--outputs", "tokens,factor-beliefs,loss,logprob", "--out", str(out)]
                                   + options)
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        ds = ghmm.open_dataset(out)
        self.assertEqual((ds.bos, ds.eos, ds.pad, ds.pad_to), (432, 433, 434, 9))
        self.assertEqual((ds.freeze, ds.groups), ((0,), 2))
        self.assertEqual(ds.vocab_size, 435)
        self.assertEqual(ds.input_length, 8)
        s = ghmm.stream(CHAIN, batch_size=self.B, length=self.L, seed=self.SEED, outputs="tokens,factor-beliefs,loss,logprob",
                        bos=True, eos=True, pad_to=9, freeze=[0], groups=2, rank=1, world_size=3, batches=2)
        self.assertEqual((s.eos, s.pad, s.pad_to, s.freeze, s.groups, s.vocab_size), (433, 434, 9, (0,), 2, 435))
        got = list(s)
        self.assert_share_equals_dataset(got, ds, dict(beliefs="factors", weights="logprob", extras=("loss",)), 1, 3)
        batch = got[0]
        np.testing.assert_array_equal(batch["mask"][0], [True] * 5 + [False] * 3)  # targets x1..x5, then EOS, PAD
        np.testing.assert_array_equal(batch["targets"][:, 5:], [[433, 434, 434]] * self.B)
        self.assertTrue((batch["weights"][:, 5:] == 0).all())
        factor0 = batch["inputs"][:, 1:6] // 144  # factor 0's digit of the symbols (432 = 3 · 144)
        np.testing.assert_array_equal(factor0[0], factor0[2])  # sequences g·B and g·B + 2: one group
        with self.assertRaises(ValueError) as raised:
            ghmm.stream(CHAIN, batch_size=3, length=self.L, seed=1, freeze=0, groups=2)
        self.assertIn("--batch 3 is not a multiple of --groups 2", str(raised.exception))

    def test_factor_gap_is_read_aligned_with_the_beliefs_and_streamed_alike(self):
        """A noisy channel over the joint alphabet of Mess3 x Mess3: the dataset's factor_gap is, per belief row,
        the L1 distance of the joint belief from the product of the factor beliefs (and a non-negative divergence,
        the factors being HMMs); batches take it aligned with the beliefs; the stream's batches equal the dataset's."""
        import numpy as np
        mess3 = {"catalogue": "mess3", "params": {"x": 0.15, "alpha": 0.6}}
        noisy = {"noisy": {"process": {"factored": {"structure": "independent", "factors": [
            {"variants": [mess3]}, {"variants": [mess3]}]}}, "epsilon": 0.2, "over": "joint", "updates": "sent"}}
        path = self.tmp / "noisy.json"
        path.write_text(json.dumps(noisy))
        for bos in (False, True):
            with self.subTest(bos=bos):
                ds = self.sample(str(path), "tokens,beliefs,factor-beliefs,factor-gap", bos, 12)
                self.assertEqual(ds.factor_gap.shape, (12, self.L + 1, 2))
                product = np.einsum("nti,ntj->ntij", *ds.factor_beliefs).reshape(12, self.L + 1, 9)
                np.testing.assert_allclose(ds.factor_gap[..., 0], np.abs(ds.beliefs - product).sum(-1), atol=1e-5)
                self.assertTrue((ds.factor_gap[..., 1] >= 0).all())
                self.assertTrue((ds.factor_gap[:, 1:, 0] > 0).any(), "a noisy channel over the joint does not factor")
                batch = next(ds.batches(self.B, extras=("factor-gap",)))
                np.testing.assert_array_equal(batch["factor_gap"],
                                              ds.factor_gap[:self.B, 0 if bos else 1:][:, :batch["inputs"].shape[1]])
                got = list(self.stream(str(path), "tokens,factor-beliefs,factor-gap", bos, batches=2))
                self.assert_share_equals_dataset(got, ds, dict(beliefs="factors", extras=("factor-gap",)), 0, 1)

    def test_ranks_are_disjoint_and_cover_the_dataset(self):
        import numpy as np
        outputs, options, world, n = "tokens,factor-beliefs", dict(beliefs="factors"), 3, 2
        ds = self.sample(CHAIN, outputs, True, world * n * self.B)
        indices = []
        for rank in range(world):
            got = list(self.stream(CHAIN, outputs, True, rank=rank, world_size=world, batches=n))
            self.assertEqual(len(got), n)
            self.assert_share_equals_dataset(got, ds, options, rank, world)
            indices.extend(b["index"] for b in got)
        np.testing.assert_array_equal(np.sort(np.concatenate(indices)), np.arange(world * n * self.B))

    def test_start_batch_k_equals_skipping_k_batches(self):
        from test_stream import assert_batches_equal
        outputs = "tokens,beliefs,loss"
        for world in (1, 2):
            with self.subTest(world=world):
                whole = list(self.stream("mess3", outputs, False, rank=world - 1, world_size=world, batches=5))
                resumed = list(self.stream("mess3", outputs, False, rank=world - 1, world_size=world,
                                           start_batch=2, batches=3))
                self.assertEqual(len(resumed), 3)
                for got, expected in zip(resumed, whole[2:]):
                    assert_batches_equal(self, got, expected)

    def test_close_ends_the_jvm_within_two_seconds(self):
        s = self.stream(CHAIN, "tokens,factor-beliefs", False)  # endless: the JVM is blocked on a full pipe
        next(s)
        start = time.monotonic()
        s.close()
        self.assertLess(time.monotonic() - start, 2.0)
        self.assertIsNotNone(s.returncode)
        self.assertFalse(alive(s.pid))

    def test_a_closed_pipe_ends_the_jvm_quietly(self):
        s = self.stream(CHAIN, "tokens,factor-beliefs", False)
        try:
            next(s)
            s._jvm.process.stdout.close()  # the reader goes without a signal: the JVM's next write fails
            self.assertEqual(s._jvm.process.wait(10), 0)
        finally:
            s.close()

    def test_a_killed_reader_ends_the_jvm(self):
        reader = ("import sys; sys.path.insert(0, sys.argv[1]); import ghmm\n"
                  "s = ghmm.stream(sys.argv[2], batch_size=64, length=9, seed=1, outputs='tokens,factor-beliefs')\n"
                  "next(s); print(s.pid, flush=True)\n"
                  "import time; time.sleep(600)\n")
        child = subprocess.Popen([sys.executable, "-c", reader, str(ROOT / "python"), CHAIN], stdout=subprocess.PIPE,
                                 text=True)
        try:
            pid = int(child.stdout.readline())
            self.assertTrue(alive(pid))
            os.kill(child.pid, signal.SIGKILL)  # no finaliser runs: only the closed pipe tells the JVM
            child.wait(10)
            deadline = time.monotonic() + 10
            while alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertFalse(alive(pid), "the JVM outlived its reader by 10 s")
        finally:
            child.kill()
            child.wait()
            child.stdout.close()

    def assert_one_line(self, error):
        message = str(error)
        self.assertTrue(message.startswith("ghmm stream: "), message)
        self.assertNotIn("\n", message)
        self.assertNotIn("\tat ", message)

    def test_a_bad_process_is_a_value_error_with_the_line(self):
        start = time.monotonic()
        for process, seed in (("no-such-process", 1), ({"alphabet": ["a", "b"]}, 1),
                              (TURNS_INVALID, 4)):
            with self.subTest(process=process):
                with self.assertRaises(ValueError) as raised:
                    import ghmm
                    ghmm.stream(process, batch_size=1, length=3, seed=seed, outputs="tokens")
                self.assert_one_line(raised.exception)
        self.assertRegex(str(raised.exception), "^ghmm stream: sequence 0: .*-0\\.25")
        self.assertLess(time.monotonic() - start, 60)

    def test_a_process_that_turns_invalid_mid_stream_is_a_value_error_after_the_whole_batches(self):
        import ghmm
        s = ghmm.stream(TURNS_INVALID, batch_size=1, length=3, seed=10, outputs="tokens")
        got = []
        with self.assertRaises(ValueError) as raised:
            for batch in s:
                got.append(batch)
        self.assert_one_line(raised.exception)
        failed = int(str(raised.exception).split("sequence ", 1)[1].split(":", 1)[0])
        self.assertGreater(failed, 0)
        self.assertEqual([int(b["index"][0]) for b in got], list(range(failed)))
        self.assertEqual(s.returncode, 2)


if __name__ == "__main__":
    unittest.main()
