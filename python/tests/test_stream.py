"""Tests of ghmm.stream and the ghmm-stream/1 reader, on streams synthesised here from datasets (numpy only).

The streams are cut from datasets written by ``test_ghmm_data.write_dataset`` (``streams.py``), so every streamed
batch must equal the batch ``Dataset.batches`` makes from the same rows. The subprocess tests start a fake ``java``
(``streams.install_fake_java``) through ``JAVA_HOME``: the real ``ghmm stream`` is tested in
``test_stream_jar.py``.
"""

import gc
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import types
import unittest
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import numpy as np
except ImportError:
    np = None
else:
    import ghmm
    from ghmm import stream_format
    from ghmm.stream import stream_share, worker_share, worker_start
    import streams
    from test_ghmm_data import TempDirTest as DatasetTempDirTest, write_dataset

NO_NUMPY = "numpy is not installed (ghmm needs it): skipped"

# (outputs of the dataset, the batch options of Dataset.batches the stream's batches must equal)
OUTPUT_SETS = [
    (dict(factored=False, joint=True, extras=True), dict(beliefs="joint", weights="logprob", extras=("next", "loss"))),
    (dict(factored=True, joint=False, extras=True), dict(beliefs="factors", weights="logprob", extras=("next", "loss"))),
    (dict(factored=True, joint=False, factor_beliefs=False, extras=False), dict(beliefs=None)),
]


def assert_batches_equal(test, streamed, expected):
    test.assertEqual(set(streamed), set(expected))
    for key, value in expected.items():
        got = streamed[key]
        if isinstance(value, tuple):
            test.assertIsInstance(got, tuple)
            test.assertEqual(len(got), len(value))
            pairs = list(zip(got, value))
        else:
            pairs = [(got, value)]
        for g, v in pairs:
            test.assertIs(type(g), np.ndarray, key)
            test.assertEqual(g.dtype, v.dtype, key)
            test.assertEqual(g.shape, v.shape, key)
            test.assertTrue(g.flags.writeable, key)
            if key in ("inputs", "targets", "weights", "index"):  # the floating outputs are views of the pipe's bytes
                test.assertTrue(g.flags.c_contiguous, key)
            np.testing.assert_array_equal(g, v, err_msg=key)


def alive(pid):
    """Whether a process with this pid exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class TempDirTest(DatasetTempDirTest):
    def dataset(self, **options):
        return super().dataset(**options)[0]


@unittest.skipIf(np is None, NO_NUMPY)
class FormatTest(TempDirTest):
    """The reader alone, on bytes in memory."""

    def read_all(self, data):
        pipe = io.BufferedReader(io.BytesIO(data))
        header = stream_format.read_header(pipe)
        reader = stream_format.FrameReader(pipe, header)
        frames = []
        while True:
            frame = reader.read()
            if frame is None:
                break
            frames.append(frame)
        return header, frames

    def test_every_dtype_bos_and_factor_beliefs_round_trip(self):
        for bos in (False, True):
            for dtype in ("float32", "float64"):
                for files, _ in OUTPUT_SETS:
                    with self.subTest(bos=bos, dtype=dtype, **files):
                        path = self.dataset(n=9, length=4, bos=bos, dtype=dtype, **files)
                        ds = ghmm.open_dataset(path)
                        header, frames = self.read_all(streams.stream_bytes(path, 3))
                        self.assertEqual(header["batch"], 3)
                        self.assertEqual(len(frames), 3)
                        for k, (outputs, factors) in enumerate(frames):
                            rows = slice(3 * k, 3 * k + 3)
                            np.testing.assert_array_equal(outputs["tokens"], ds.tokens[rows])
                            self.assertEqual(outputs["tokens"].dtype, np.int32)
                            for name in ("beliefs", "next", "loss", "logprob"):
                                if getattr(ds, name) is not None:
                                    self.assertEqual(outputs[name].dtype, np.dtype(dtype))
                                    np.testing.assert_array_equal(outputs[name], getattr(ds, name)[rows])
                                else:
                                    self.assertNotIn(name, outputs)
                            if ds.factor_beliefs is None:
                                self.assertIsNone(factors)
                            else:
                                for mine, theirs in zip(factors, ds.factor_beliefs):
                                    np.testing.assert_array_equal(mine, theirs[rows])

    def test_an_empty_pipe_has_no_header(self):
        self.assertIsNone(stream_format.read_header(io.BytesIO(b"")))

    def test_truncated_streams_are_refused_where_they_break(self):
        path = self.dataset(n=4, length=3, factored=False, extras=False)
        data = streams.stream_bytes(path, 2)
        line = data.index(b"\n") + 1
        frame = (len(data) - line) // 2
        tokens_npy = len(streams.npy_bytes(np.zeros((2, 3), np.int32)))
        cases = [(line - 5, "inside its header line"), (line + 4, "batch 0, inside tokens.npy (its .npy preamble)"),
                 (line + 20, "batch 0, inside tokens.npy (its .npy header)"),
                 (line + tokens_npy - 1, "batch 0, inside tokens.npy (its data)"),
                 (line + tokens_npy + 3, "batch 0, inside beliefs.npy (its .npy preamble)"),
                 (line + frame + tokens_npy + 100, "batch 1, inside beliefs.npy")]
        for cut, message in cases:
            with self.subTest(cut=cut):
                with self.assertRaises(stream_format.StreamError) as caught:
                    self.read_all(data[:cut])
                self.assertIn(message, str(caught.exception))
        # a cut between two batches is the end of a stream
        self.assertEqual(len(self.read_all(data[:line + frame])[1]), 1)

    def test_malformed_headers_are_refused(self):
        path = self.dataset(n=4, length=3, factored=False, extras=False)
        good = streams.header_of(path, 2)
        cases = [
            (b"not json\n", "not UTF-8 JSON"),
            (json.dumps(dict(good, format="ghmm-dataset/1")).encode() + b"\n", "format 'ghmm-dataset/1'"),
            (json.dumps(dict(good, batch=0)).encode() + b"\n", "'batch' = 0"),
            (json.dumps(dict(good, rank=1, world=1)).encode() + b"\n", "rank 1 >= world 1"),
            (json.dumps(dict(good, batches=-1)).encode() + b"\n", "'batches' = -1"),
            (json.dumps(dict(good, outputs=[dict(good["outputs"][0], shape=[3, 3])])).encode() + b"\n",
             "stream output tokens.npy: the stream's header states shape [3, 3]"),
            (json.dumps(dict(good, outputs=good["outputs"][1:])).encode() + b"\n", "no 'tokens'"),
        ]
        for data, message in cases:
            with self.subTest(message=message):
                with self.assertRaisesRegex(stream_format.StreamError, message.replace("[", r"\[")):
                    stream_format.read_header(io.BytesIO(data))

    def test_a_npy_header_that_differs_from_the_stream_header_is_refused(self):
        path = self.dataset(n=4, length=3, factored=False, extras=False)
        data = streams.stream_bytes(path, 2)
        line = data.index(b"\n") + 1
        header = streams.header_of(path, 2, batches=2)
        header["outputs"][1]["dtype"] = "float64"
        header["dtype"] = "float64"
        bad = json.dumps(header).encode() + b"\n" + data[line:]
        with self.assertRaisesRegex(stream_format.StreamError, r"batch 0, beliefs.npy: .npy header says shape "
                                                               r"\[2, 4, 4\], dtype <f4; the stream's header states "
                                                               r"\[2, 4, 4\], <f8"):
            self.read_all(bad)
        # a later batch that changes its header is refused too
        second = line + (len(data) - line) // 2
        tokens = streams.npy_bytes(np.zeros((2, 4), np.int32))
        with self.assertRaisesRegex(stream_format.StreamError, "batch 1, tokens.npy"):
            self.read_all(data[:second] + tokens + data[second + len(tokens) - 4:])


@unittest.skipIf(np is None, NO_NUMPY)
class ShareTest(unittest.TestCase):
    """The arithmetic of shares: rank, world, DataLoader workers, resuming."""

    def test_worker_share(self):
        self.assertEqual(worker_share(0, 1, 0, 1), (0, 1))
        self.assertEqual(worker_share(1, 2, 0, 3), (3, 6))
        self.assertEqual(worker_share(1, 2, 2, 3), (5, 6))
        # the effective ranks of every (rank, worker) pair are 0 .. W·n − 1, each once
        for world in (1, 2, 3):
            for workers in (1, 2, 4):
                shares = [worker_share(r, world, w, workers) for r in range(world) for w in range(workers)]
                self.assertEqual(sorted(r for r, _ in shares), list(range(world * workers)))
                self.assertTrue(all(wd == world * workers for _, wd in shares))

    def test_shares_cover_the_sequences_once(self):
        # batch k of share (r, W) holds sequences [g·B, (g+1)·B), g = k·W + r: all shares tile [0, K·W·B)
        for world in (1, 2, 3):
            seen = []
            for rank in range(world):
                seen += [i for lo, hi in streams.batch_rows(10 ** 6, 4, rank, world, 0, 5) for i in range(lo, hi)]
            self.assertEqual(sorted(seen), list(range(5 * world * 4)))

    def test_worker_start_resumes_the_round_robin(self):
        for workers in (1, 2, 3, 5):
            for k in range(12):
                with self.subTest(workers=workers, k=k):
                    done = [sum(1 for s in range(k) if s % workers == w) for w in range(workers)]
                    self.assertEqual([worker_start(k, w, workers) for w in range(workers)], done)

    def fake_torch(self, rank=None, world=None, worker=None):
        distributed = types.SimpleNamespace(is_available=lambda: True, is_initialized=lambda: rank is not None,
                                            get_rank=lambda: rank, get_world_size=lambda: world)
        info = None if worker is None else types.SimpleNamespace(id=worker[0], num_workers=worker[1])
        data = types.SimpleNamespace(get_worker_info=lambda: info)
        return types.SimpleNamespace(distributed=distributed, utils=types.SimpleNamespace(data=data))

    def test_stream_share_reads_torch_only_when_imported(self):
        with mock.patch.dict(sys.modules, {"torch": None}):
            sys.modules.pop("torch")
            self.assertEqual(stream_share(), (0, 1))
            self.assertEqual(stream_share(2, 3), (2, 3))
            self.assertNotIn("torch", sys.modules)
        with mock.patch.dict(sys.modules, {"torch": self.fake_torch()}):
            self.assertEqual(stream_share(), (0, 1))
        with mock.patch.dict(sys.modules, {"torch": self.fake_torch(rank=1, world=4)}):
            self.assertEqual(stream_share(), (1, 4))
            self.assertEqual(stream_share(0, 2), (0, 2))  # given: torch.distributed is not asked
        with mock.patch.dict(sys.modules, {"torch": self.fake_torch(rank=1, world=4, worker=(2, 3))}):
            self.assertEqual(stream_share(), (5, 12))
            self.assertEqual(stream_share(0, 1), (2, 3))
        with mock.patch.dict(sys.modules, {"torch": self.fake_torch(worker=(1, 2))}):
            self.assertEqual(stream_share(), (1, 2))

    def test_bad_shares(self):
        for rank, world in ((0, None), (None, 1), (2, 2), (-1, 2), (0, 0), (True, 2)):
            with self.subTest(rank=rank, world=world):
                with self.assertRaisesRegex(ValueError, "rank="):
                    stream_share(rank, world)


@unittest.skipIf(np is None, NO_NUMPY)
class SubprocessTest(TempDirTest):
    """ghmm.stream against a fake java: arguments, batches, errors and the end of the subprocess."""

    def setUp(self):
        super().setUp()
        streams.install_fake_java(self.tmp / "jdk")
        jar = self.tmp / "ghmm.jar"
        jar.write_bytes(b"not read by the fake java")
        self.record = self.tmp / "args.json"
        self.env = {"JAVA_HOME": str(self.tmp / "jdk"), "GHMM_JAR": str(jar), "FAKE_GHMM_ARGS": str(self.record)}
        patcher = mock.patch.dict(os.environ, self.env)
        patcher.start()
        self.addCleanup(patcher.stop)

    def use(self, mode, dataset=None):
        os.environ["FAKE_GHMM_MODE"] = mode
        if dataset is not None:
            os.environ["FAKE_GHMM_DATASET"] = str(dataset)

    def recorded(self):
        return json.loads(self.record.read_text())

    def assertEnded(self, pid, within=2.0):
        deadline = time.monotonic() + within
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertFalse(alive(pid), f"process {pid} still runs")

    def test_batches_equal_dataset_batches_for_every_share(self):
        for bos in (False, True):
            for files, options in OUTPUT_SETS:
                path = self.dataset(n=24, length=4, bos=bos, dtype="float64", **files)
                ds = ghmm.open_dataset(path)
                self.use(f"dataset:{path}")
                for rank, world, start in ((0, 1, 0), (1, 3, 1), (0, 2, 2)):
                    with self.subTest(bos=bos, rank=rank, world=world, start=start, **files):
                        s = ghmm.stream("mess3", batch_size=2, length=4, seed=5, rank=rank, world_size=world,
                                        start_batch=start)
                        self.assertEqual((s.vocab_size, s.input_length, s.bos), (ds.vocab_size, ds.input_length, ds.bos))
                        got = list(s)
                        rows = streams.batch_rows(24, 2, rank, world, start)
                        self.assertEqual(len(got), len(rows))
                        for batch, (lo, hi) in zip(got, rows):
                            expected = next(ds.subset(lo, hi).batches(2, **options))
                            np.testing.assert_array_equal(batch["index"], np.arange(lo, hi))
                            assert_batches_equal(self, batch, expected)
                        self.assertEqual(s.returncode, 0)

    def test_arrays_still_referenced_are_never_overwritten(self):
        """Whatever part of a batch the caller keeps (the dict, an array, a tuple, a view) keeps its values."""
        path = self.dataset(n=40, length=4, bos=True, dtype="float32", factored=True, joint=False, extras=True)
        ds = ghmm.open_dataset(path)
        self.use(f"dataset:{path}")
        kept = {}
        for k, batch in enumerate(ghmm.stream("mess3", batch_size=2, length=4, seed=5)):
            keep = (batch, batch["inputs"], batch["beliefs"], batch["beliefs"][1][:, 1], batch["next"].T,
                    batch["index"][:1])[k % 7] if k % 7 < 6 else None
            kept[k] = keep
        self.assertEqual(len(kept), 20)
        options = dict(beliefs="factors", weights="logprob", extras=("next", "loss"))
        for k, keep in kept.items():
            expected = next(ds.subset(2 * k, 2 * k + 2).batches(2, **options))
            want = (expected, expected["inputs"], expected["beliefs"], expected["beliefs"][1][:, 1],
                    expected["next"].T, expected["index"][:1])[k % 7] if k % 7 < 6 else None
            if isinstance(keep, dict):
                assert_batches_equal(self, keep, want)
            elif isinstance(keep, tuple):
                for mine, theirs in zip(keep, want):
                    np.testing.assert_array_equal(mine, theirs, err_msg=f"batch {k}")
            elif keep is not None:
                np.testing.assert_array_equal(keep, want, err_msg=f"batch {k}")

    def test_the_arrays_of_a_dropped_batch_are_reused(self):
        import weakref
        path = self.dataset(n=12, length=4, bos=False, dtype="float32", factored=False, joint=True, extras=False)
        self.use(f"dataset:{path}")
        s = ghmm.stream("mess3", batch_size=2, length=4, seed=5)
        batch = next(s)
        first = [weakref.ref(a) for a in (batch["inputs"], batch["weights"], batch["beliefs"].base)]
        del batch                                # dropped at once
        second = next(s)                         # made while nothing held the first: its arrays
        for w, now in zip(first, (second["inputs"], second["weights"], second["beliefs"].base)):
            self.assertIs(w(), now)
        held = next(s)                           # the second is still held: new arrays
        for key in ("inputs", "targets", "weights", "beliefs"):
            self.assertFalse(np.shares_memory(held[key], second[key]), key)
        s.close()

    @unittest.skipUnless(sys.platform.startswith("linux"), "F_SETPIPE_SZ is Linux's")
    def test_the_pipe_is_enlarged_on_linux(self):
        import fcntl
        stream_module = sys.modules["ghmm.stream"]  # the module: ghmm.stream is the function
        path = self.dataset(n=4, length=3, factored=False, joint=False, extras=False)
        self.use(f"dataset:{path}")
        with ghmm.stream("mess3", batch_size=2, length=3, seed=5) as s:
            size = fcntl.fcntl(s._jvm.process.stdout.fileno(), 1032)  # F_GETPIPE_SZ
        limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
        self.assertEqual(size, stream_module.PIPE_BYTES if limit >= stream_module.PIPE_BYTES else 65536)

    def test_command_line(self):
        path = self.dataset(n=8, length=3, factored=False, extras=True, dtype="float32")
        self.use(f"dataset:{path}")
        list(ghmm.stream("docs/p.json", batch_size=2, length=3, seed=-7, outputs=["tokens", "beliefs", "logprob"]))
        args = self.recorded()["args"]
        self.assertEqual(args[:3], ["-jar", os.environ["GHMM_JAR"], "stream"])
        self.assertEqual(args[3:], ["--process", "docs/p.json", "--batch", "2", "--length", "3", "--seed", "-7",
                                    "--outputs", "tokens,beliefs,logprob"])
        path = self.dataset(n=12, length=3, bos=True, factored=False, extras=False, dtype="float64")
        self.use(f"dataset:{path}")
        s = ghmm.stream("mess3", batch_size=2, length=3, seed=1, outputs="tokens,beliefs", bos=True,
                        dtype="float64", start_batch=1, batches=1, rank=1, world_size=3, threads=2)
        self.assertEqual(len(list(s)), 1)
        self.assertEqual(self.recorded()["args"][3:], [
            "--process", "mess3", "--batch", "2", "--length", "3", "--seed", "1", "--outputs", "tokens,beliefs",
            "--bos", "--dtype", "float64", "--start-batch", "1", "--batches", "1", "--rank", "1", "--world", "3",
            "--threads", "2"])
        self.assertEqual(s.command[3:5], ["stream", "--process"])

    def test_a_dict_process_goes_through_a_temporary_file(self):
        path = self.dataset(n=4, length=3, factored=False, extras=False)
        self.use(f"dataset:{path}")
        spec = {"catalogue": "mess3", "params": {"x": 0.05, "alpha": 0.85}}
        s = ghmm.stream(spec, batch_size=2, length=3, seed=1)
        self.assertEqual(len(list(s)), 2)
        record = self.recorded()
        self.assertEqual(json.loads(record["process_file"]), spec)
        process_file = record["args"][record["args"].index("--process") + 1]
        self.assertFalse(Path(process_file).exists(), "the temporary process file outlives the stream")

    def test_bad_arguments_fail_before_java_starts(self):
        self.use("fail:3:java must not start")
        cases = [(dict(batch_size=0), "batch_size"), (dict(length=0), "length"), (dict(seed=1.5), "seed"),
                 (dict(start_batch=-1), "start_batch"), (dict(outputs="tokens,bogus"), "'bogus'"),
                 (dict(outputs="beliefs"), "'tokens' is required"), (dict(threads=0), "threads"),
                 (dict(outputs="tokens,beliefs,factor-beliefs"), "one of 'beliefs' and 'factor-beliefs'"),
                 (dict(dtype="float16"), "dtype='float16'"), (dict(rank=1), "give both"),
                 (dict(pad_to=0), "pad_to must be a positive integer"),
                 (dict(freeze=[0]), r"freeze=\[0\], groups=None: give both or neither"),
                 (dict(groups=2), "freeze=None, groups=2: give both or neither"),
                 (dict(freeze=[], groups=2), r"freeze must be a factor index or a list of them, found \[\]"),
                 (dict(freeze=1.0, groups=2), "freeze must be a factor index or a list of them, found 1.0"),
                 (dict(freeze=[0, -1], groups=2), "freeze must be")]
        for change, message in cases:
            with self.subTest(**{k: repr(v) for k, v in change.items()}):
                kwargs = dict(batch_size=2, length=3, seed=1)
                kwargs.update(change)
                with self.assertRaisesRegex(ValueError, message):
                    ghmm.stream("mess3", **kwargs)
        self.assertFalse(self.record.exists())

    def test_exit_2_is_a_value_error_with_the_line(self):
        line = 'ghmm stream: --length "0" is out of range: expected an integer in [1, 1073741823]'
        self.use(f"fail:2:{line}")
        with self.assertRaises(ValueError) as caught:
            ghmm.stream("mess3", batch_size=2, length=3, seed=1)
        self.assertEqual(str(caught.exception), line)

    def test_other_exits_are_runtime_errors_with_the_line(self):
        line = "ghmm stream: internal error: NullPointerException: x"
        self.use(f"fail:3:{line}")
        with self.assertRaises(RuntimeError) as caught:
            ghmm.stream("mess3", batch_size=2, length=3, seed=1)
        self.assertIn(line, str(caught.exception))
        self.assertIn("exit code 3", str(caught.exception))
        path = self.dataset(n=4, length=3, factored=False, extras=False)
        self.use("die-mid-batch", path)
        s = ghmm.stream("mess3", batch_size=2, length=3, seed=1)
        with self.assertRaisesRegex(RuntimeError, "IllegalStateException: boom .*exit code 3"):
            next(s)

    def test_close_ends_a_hanging_jvm_within_two_seconds(self):
        path = self.dataset(n=4, length=3, factored=False, extras=False)
        for mode in ("hang", "hang-hard"):
            with self.subTest(mode=mode):
                self.use(mode, path)
                s = ghmm.stream("mess3", batch_size=2, length=3, seed=1)
                pid = s.pid
                self.assertTrue(alive(pid))
                start = time.monotonic()
                s.close()
                self.assertLess(time.monotonic() - start, 2.0)
                self.assertFalse(alive(pid))
                self.assertIsNotNone(s.returncode)
                with self.assertRaises(StopIteration):
                    next(s)
                s.close()  # again: nothing to do

    def test_leaving_the_loop_ends_the_jvm(self):
        path = self.dataset(n=4, length=3, factored=False, extras=False)
        self.use("endless", path)
        for i, batch in enumerate(ghmm.stream("mess3", batch_size=2, length=3, seed=1)):
            if i == 3:
                break
        self.assertEnded(self.recorded()["pid"])
        with self.assertRaises(KeyError):
            for batch in ghmm.stream("mess3", batch_size=2, length=3, seed=1):
                batch["no such key"]
        self.assertEnded(self.recorded()["pid"])
        with ghmm.stream("mess3", batch_size=2, length=3, seed=1) as s:
            next(s)
        self.assertEnded(s.pid)

    def test_garbage_collection_ends_the_jvm(self):
        path = self.dataset(n=4, length=3, factored=False, extras=False)
        self.use("endless", path)
        s = ghmm.stream("mess3", batch_size=2, length=3, seed=1)
        next(s)
        pid = s.pid
        del s
        gc.collect()
        self.assertEnded(pid)

    def test_ctrl_c_ends_the_jvm(self):
        path = self.dataset(n=4, length=3, factored=False, extras=False)
        self.use("hang", path)
        s = ghmm.stream("mess3", batch_size=2, length=3, seed=1)
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        try:
            with self.assertRaises(KeyboardInterrupt):
                next(s)  # blocks on the pipe: no batch comes
        finally:
            timer.cancel()
        self.assertEnded(s.pid)

    def test_missing_java_or_jar_is_one_clear_error(self):
        os.environ["GHMM_JAR"] = str(self.tmp / "nowhere.jar")
        with self.assertRaisesRegex(FileNotFoundError, "GHMM_JAR=.*nowhere.jar is not a file.*mvn -B package"):
            ghmm.stream("mess3", batch_size=2, length=3, seed=1)
        os.environ["JAVA_HOME"] = str(self.tmp)
        with self.assertRaisesRegex(FileNotFoundError, "has no bin/java"):
            ghmm.stream("mess3", batch_size=2, length=3, seed=1)


if __name__ == "__main__":
    unittest.main()
