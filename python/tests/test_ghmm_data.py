"""Tests of ghmm_data on synthetic datasets written here with numpy in the ghmm-dataset/1 layout.

The datasets are real: sequences drawn from a product of two small random HMMs (or from one HMM) along their
belief path, with beliefs, next-symbol distributions, losses and prefix log-probabilities computed as the layout
defines them. The alignment tests recompute every belief and prefix probability from the batch's own inputs, so
they check what a batch means, not only where its rows come from.

Run from the repository root: ``python3 -m unittest discover -s python/tests -v``. Without numpy every test is
reported as skipped, with the reason.
"""

import json
import pickle
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

try:
    import numpy as np
except ImportError:  # the tests below are skipped, saying so
    np = None
    ghmm_data = None
    print("numpy is not installed: the ghmm_data tests are skipped", file=sys.stderr)
else:
    import ghmm_data

NO_NUMPY = "numpy is not installed (the reader needs it): skipped"


def random_hmm(rng, symbols, states):
    """Labelled transition matrices T[x][i, j] whose sum over x is row-stochastic, and their initial belief."""
    t = rng.random((symbols, states, states)) + 0.05
    t /= t.sum(axis=(0, 2), keepdims=True)
    return t, np.full(states, 1.0 / states)


def product(a, b):
    """The product process of two HMMs: symbol x = x_a * |X_b| + x_b, state i = i_a * S_b + i_b."""
    (ta, ea), (tb, eb) = a, b
    t = np.array([np.kron(ta[xa], tb[xb]) for xa in range(len(ta)) for xb in range(len(tb))])
    return t, np.kron(ea, eb)


def update(t, belief, x):
    """The belief after symbol x, and the symbol's probability given ``belief``."""
    v = belief @ t[x]
    p = v.sum()
    return v / p, p


def predict(t, belief):
    """The next-symbol distribution from ``belief``."""
    return np.array([(belief @ t[x]).sum() for x in range(len(t))])


def sample(t, initial, n, length, rng):
    """Tokens [n, L], beliefs [n, L+1, S], next [n, L, X], loss [n, L], logprob [n, L] (no BOS)."""
    x_count, s = len(t), len(initial)
    tokens = np.zeros((n, length), dtype=np.int32)
    beliefs = np.zeros((n, length + 1, s))
    nxt = np.zeros((n, length, x_count))
    loss = np.zeros((n, length))
    logprob = np.zeros((n, length))
    for i in range(n):
        belief, lp = initial.copy(), 0.0
        beliefs[i, 0] = belief
        for p in range(length):
            dist = predict(t, belief)
            x = rng.choice(x_count, p=dist / dist.sum())
            nxt[i, p] = dist
            loss[i, p] = -sum(q * np.log(q) for q in dist if q > 0)
            belief, prob = update(t, belief, x)
            lp += np.log(prob)
            tokens[i, p], beliefs[i, p + 1], logprob[i, p] = x, belief, lp
    return tokens, beliefs, nxt, loss, logprob


def write_dataset(directory, *, n=7, length=5, bos=False, dtype="float32", factored=True, joint=True,
                  factor_beliefs=True, extras=True, seed=0, first=0, eos=False, pad_to=None):
    """Writes a dataset in the ghmm-dataset/1 layout; returns (directory, truth) with the exact process.

    With ``eos`` and ``pad_to`` the sequences end in EOS and PAD tokens and every per-position output in as many
    rows of zeros, as ``ghmm sample --eos --pad-to`` writes them."""
    rng = np.random.default_rng(seed)
    if factored:
        factors = [random_hmm(rng, 2, 2), random_hmm(rng, 3, 3)]
        process = product(*factors)
        alphabet = [f"{a}{b}" for a in "ab" for b in "xyz"]
    else:
        factors = []
        process = random_hmm(rng, 3, 4)
        alphabet = ["0", "1", "2"]
    tokens, beliefs, nxt, loss, logprob = sample(*process, n, length, rng)
    factor_arrays = []
    if factored:
        # each factor's beliefs along the same sequences, from its own symbol
        for f, (t, initial) in enumerate(factors):
            own = tokens // 3 if f == 0 else tokens % 3
            b = np.zeros((n, length + 1, len(initial)))
            for i in range(n):
                b[i, 0] = initial
                for p in range(length):
                    b[i, p + 1] = update(t, b[i, p], own[i, p])[0]
            factor_arrays.append(b)
    bos_id = len(alphabet) if bos else None
    if bos:
        tokens = np.concatenate([np.full((n, 1), bos_id, dtype=np.int32), tokens], axis=1)
        nxt = np.concatenate([np.zeros((n, 1, len(alphabet))), nxt], axis=1)
        loss = np.concatenate([np.zeros((n, 1)), loss], axis=1)
        logprob = np.concatenate([np.zeros((n, 1)), logprob], axis=1)
    eos_id = len(alphabet) + (1 if bos else 0) if eos else None
    pad_id = len(alphabet) + (1 if bos else 0) + (1 if eos else 0) if pad_to is not None else None
    tail = pad_to - tokens.shape[1] if pad_to is not None else (1 if eos else 0)
    if tail:
        after = np.full((n, tail), pad_id if pad_id is not None else eos_id, dtype=np.int32)
        if eos:
            after[:, 0] = eos_id
        tokens = np.concatenate([tokens, after], axis=1)

        def zeros_after(a):
            return np.concatenate([a, np.zeros((n, tail) + a.shape[2:])], axis=1)
        nxt, loss, logprob, beliefs = map(zeros_after, (nxt, loss, logprob, beliefs))
        factor_arrays = [zeros_after(b) for b in factor_arrays]
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    outputs = []

    def save(name, file, array, **extra):
        np.save(directory / file, array)
        outputs.append({"name": name, "file": file, "shape": list(array.shape), "dtype": str(array.dtype), **extra})

    save("tokens", "tokens.npy", tokens.astype(np.int32))
    if joint:
        save("beliefs", "beliefs.npy", beliefs.astype(dtype))
    if factored and factor_beliefs:
        for f, b in enumerate(factor_arrays):
            save("factor-beliefs", f"beliefs.f{f}.npy", b.astype(dtype), factor=f)
    if extras:
        save("next", "next.npy", nxt.astype(dtype))
        save("loss", "loss.npy", loss.astype(dtype))
        save("logprob", "logprob.npy", logprob.astype(dtype))
    meta = {
        "format": "ghmm-dataset/1",
        "process": {"name": "synthetic", "factored": factored},
        "seed": seed,
        "first": first,
        "count": n,
        "length": length,
        "dtype": dtype,
        "outputs": outputs,
        "alphabet": alphabet,
        "factors": [{"dimension": len(e), "alphabet": [str(x) for x in range(len(t))]} for t, e in factors],
        "bos": bos_id,
        "version": "test",
    }
    if eos:
        meta["eos"] = eos_id
    if pad_to is not None:
        meta["pad"], meta["pad_to"] = pad_id, pad_to
    (directory / "meta.json").write_text(json.dumps(meta, indent=1))
    return directory, {"process": process, "factors": factors}


def edit_meta(directory, change):
    path = Path(directory) / "meta.json"
    meta = json.loads(path.read_text())
    change(meta)
    path.write_text(json.dumps(meta))


VARIANTS = [(bos, dtype) for bos in (False, True) for dtype in ("float32", "float64")]


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = Path(self._tmp.name)
        self.count = 0

    def tearDown(self):
        self._tmp.cleanup()

    def dataset(self, **options):
        self.count += 1
        return write_dataset(self.tmp / f"d{self.count}", **options)


@unittest.skipIf(np is None, NO_NUMPY)
class OpenTest(TempDirTest):
    def test_attributes_and_memory_maps(self):
        for bos, dtype in VARIANTS:
            with self.subTest(bos=bos, dtype=dtype):
                path, _ = self.dataset(n=7, length=5, bos=bos, dtype=dtype, first=100)
                ds = ghmm_data.open_dataset(path)
                self.assertEqual((ds.n_sequences, len(ds), ds.length, ds.first), (7, 7, 5, 100))
                self.assertEqual(ds.bos, 6 if bos else None)
                self.assertEqual(ds.vocab_size, 7 if bos else 6)
                self.assertEqual(ds.input_length, 5 if bos else 4)
                self.assertEqual(ds.factor_dims, (2, 3))
                self.assertEqual(ds.state_dim, 6)
                self.assertEqual(ds.dtype, np.dtype(dtype))
                self.assertEqual(ds.meta["format"], "ghmm-dataset/1")
                self.assertEqual(ds.alphabet, ("ax", "ay", "az", "bx", "by", "bz"))
                p = 6 if bos else 5
                self.assertEqual(ds.tokens.shape, (7, p))
                self.assertEqual(ds.tokens.dtype, np.int32)
                self.assertEqual(ds.beliefs.shape, (7, 6, 6))
                self.assertEqual([b.shape for b in ds.factor_beliefs], [(7, 6, 2), (7, 6, 3)])
                self.assertEqual(ds.next.shape, (7, p, 6))
                self.assertEqual((ds.loss.shape, ds.logprob.shape), ((7, p), (7, p)))
                for a in (ds.tokens, ds.beliefs, *ds.factor_beliefs, ds.next, ds.loss, ds.logprob):
                    self.assertIsInstance(a, np.memmap)
                    self.assertFalse(a.flags.writeable)
                if bos:
                    self.assertTrue((ds.tokens[:, 0] == 6).all())

    def test_absent_outputs_are_none(self):
        path, _ = self.dataset(factored=False, extras=False)
        ds = ghmm_data.open_dataset(path)
        self.assertIsNone(ds.factor_beliefs)
        self.assertIsNone(ds.next)
        self.assertIsNone(ds.loss)
        self.assertIsNone(ds.logprob)
        self.assertEqual(ds.factor_dims, ())
        self.assertEqual(ds.state_dim, 4)
        path, _ = self.dataset(joint=False, extras=False)
        ds = ghmm_data.open_dataset(path)
        self.assertIsNone(ds.beliefs)
        self.assertIsNone(ds.state_dim)
        self.assertEqual(len(ds.factor_beliefs), 2)


@unittest.skipIf(np is None, NO_NUMPY)
class BatchTest(TempDirTest):
    def test_inputs_and_targets_shift_the_tokens(self):
        for bos, dtype in VARIANTS:
            with self.subTest(bos=bos, dtype=dtype):
                ds = ghmm_data.open_dataset(self.dataset(n=7, length=5, bos=bos, dtype=dtype)[0])
                batches = list(ds.batches(3))
                self.assertEqual([len(b["inputs"]) for b in batches], [3, 3, 1])
                t = 5 if bos else 4
                for b in batches:
                    for key in ("inputs", "targets"):
                        self.assertEqual(b[key].dtype, np.int64)
                        self.assertEqual(b[key].shape, (len(b["index"]), t))
                        self.assertTrue(b[key].flags.c_contiguous and b[key].flags.writeable)
                    np.testing.assert_array_equal(b["inputs"][:, 1:], b["targets"][:, :-1])
                inputs = np.concatenate([b["inputs"] for b in batches])
                targets = np.concatenate([b["targets"] for b in batches])
                np.testing.assert_array_equal(inputs, ds.tokens[:, :-1])
                np.testing.assert_array_equal(targets, ds.tokens[:, 1:])
                np.testing.assert_array_equal(np.concatenate([b["index"] for b in batches]), np.arange(7))
                if bos:
                    self.assertTrue((inputs[:, 0] == ds.bos).all())
                    self.assertTrue((targets < ds.bos).all())
                    self.assertTrue((inputs[:, 1:] < ds.bos).all())

    def test_eos_and_padding_extend_the_batches_with_a_mask(self):
        """EOS and PAD columns: T grows by them, the mask marks the symbol targets, weights are 0 past them, and the
        positions before them are the batches of the same dataset without EOS and PAD."""
        for bos in (False, True):
            for eos, pad_to in ((True, None), (False, 9 if bos else 8), (True, 10)):
                with self.subTest(bos=bos, eos=eos, pad_to=pad_to):
                    padded = ghmm_data.open_dataset(self.dataset(n=4, length=5, bos=bos, eos=eos, pad_to=pad_to)[0])
                    plain = ghmm_data.open_dataset(self.dataset(n=4, length=5, bos=bos)[0])
                    lead = 1 if bos else 0
                    columns = pad_to if pad_to is not None else lead + 5 + 1
                    self.assertEqual(padded.input_length, columns - 1)
                    self.assertEqual(padded.eos, (6 + lead) if eos else None)
                    self.assertEqual(padded.pad, (6 + lead + eos) if pad_to else None)
                    self.assertEqual(padded.vocab_size, 6 + lead + eos + (pad_to is not None))
                    options = dict(beliefs="factors", weights="logprob", extras=("next", "loss"))
                    got, = padded.batches(4, **options)
                    want, = plain.batches(4, **options)
                    t = plain.input_length
                    np.testing.assert_array_equal(got["mask"], np.arange(columns - 1)[None, :].repeat(4, 0) < t)
                    self.assertEqual(got["mask"].dtype, np.bool_)
                    self.assertTrue((got["weights"][:, t:] == 0).all())
                    for key in ("inputs", "targets", "weights", "next", "loss"):
                        np.testing.assert_array_equal(got[key][:, :t], want[key], err_msg=key)
                    for g, w in zip(got["beliefs"], want["beliefs"]):
                        np.testing.assert_array_equal(g[:, :t], w)
                    self.assertTrue((got["targets"][:, t:] >= 6 + lead).all())  # EOS and PAD only
                    self.assertNotIn("mask", want)

    def test_a_wrong_special_token_id_is_refused(self):
        path = self.dataset(n=3, length=4, bos=True, eos=True)[0]
        edit_meta(path, lambda m: m.update(eos=6))
        with self.assertRaisesRegex(ValueError, "'eos' is 6, expected absent or 7"):
            ghmm_data.open_dataset(path)
        path = self.dataset(n=3, length=4, pad_to=6)[0]
        edit_meta(path, lambda m: m.pop("pad_to"))
        with self.assertRaisesRegex(ValueError, "'pad' is 6 and 'pad_to' None"):
            ghmm_data.open_dataset(path)
        path = self.dataset(n=3, length=4, bos=True, eos=True, pad_to=7)[0]
        edit_meta(path, lambda m: m.update(pad_to=5))  # [BOS] + L: no column left for the stated EOS
        with self.assertRaisesRegex(ValueError, "'pad_to' is 5, shorter than a sequence's 6 tokens"):
            ghmm_data.open_dataset(path)

    def test_frozen_factors_are_stated(self):
        path = self.dataset(n=4, length=3)[0]
        self.assertEqual((ghmm_data.open_dataset(path).freeze, ghmm_data.open_dataset(path).groups), ((), None))
        edit_meta(path, lambda m: m.update(freeze=[1], groups=2))
        self.assertEqual((ghmm_data.open_dataset(path).freeze, ghmm_data.open_dataset(path).groups), ((1,), 2))

    def test_joint_beliefs_are_those_after_reading_the_inputs(self):
        for bos, dtype in VARIANTS:
            with self.subTest(bos=bos, dtype=dtype):
                path, truth = self.dataset(n=6, length=5, bos=bos, dtype=dtype)
                ds = ghmm_data.open_dataset(path)
                t, initial = truth["process"]
                tol = 1e-5 if dtype == "float32" else 1e-12
                for b in ds.batches(4, beliefs="joint"):
                    self.assertEqual(b["beliefs"].dtype, np.dtype(dtype))
                    self.assertEqual(b["beliefs"].shape, b["inputs"].shape + (6,))
                    for row, beliefs in zip(b["inputs"], b["beliefs"]):
                        belief = initial
                        for pos, x in enumerate(row):
                            if x != ds.bos:  # the BOS carries no information: the initial belief stays
                                belief = update(t, belief, x)[0]
                            np.testing.assert_allclose(beliefs[pos], belief, atol=tol)

    def test_factor_beliefs_are_aligned_like_the_joint_and_multiply_to_it(self):
        for bos, dtype in VARIANTS:
            with self.subTest(bos=bos, dtype=dtype):
                path, truth = self.dataset(n=5, length=4, bos=bos, dtype=dtype)
                ds = ghmm_data.open_dataset(path)
                tol = 1e-5 if dtype == "float32" else 1e-12
                joint = list(ds.batches(2, beliefs="joint"))
                factors = list(ds.batches(2, beliefs="factors"))
                for j, f in zip(joint, factors):
                    self.assertIsInstance(f["beliefs"], tuple)
                    self.assertEqual([a.shape[-1] for a in f["beliefs"]], [2, 3])
                    product_beliefs = np.einsum("btu,btv->btuv", *f["beliefs"]).reshape(j["beliefs"].shape)
                    np.testing.assert_allclose(product_beliefs, j["beliefs"], atol=tol)
                    (t0, e0), _ = truth["factors"]
                    for row, beliefs in zip(f["inputs"], f["beliefs"][0]):
                        belief = e0
                        for pos, x in enumerate(row):
                            if x != ds.bos:
                                belief = update(t0, belief, x // 3)[0]
                            np.testing.assert_allclose(beliefs[pos], belief, atol=tol)

    def test_no_beliefs(self):
        ds = ghmm_data.open_dataset(self.dataset()[0])
        batch = next(ds.batches(2, beliefs=None))
        self.assertEqual(set(batch), {"inputs", "targets", "weights", "index"})

    def test_weights_are_prefix_probabilities_of_the_inputs(self):
        for bos, dtype in VARIANTS:
            with self.subTest(bos=bos, dtype=dtype):
                path, truth = self.dataset(n=6, length=5, bos=bos, dtype=dtype)
                ds = ghmm_data.open_dataset(path)
                t, initial = truth["process"]
                uniform = next(ds.batches(6))["weights"]
                self.assertEqual(uniform.dtype, np.dtype(dtype))
                np.testing.assert_array_equal(uniform, np.ones((6, ds.input_length)))
                b = next(ds.batches(6, weights="logprob"))
                self.assertEqual(b["weights"].shape, b["inputs"].shape)
                self.assertEqual(b["weights"].dtype, np.dtype(dtype))
                for row, weights in zip(b["inputs"], b["weights"]):
                    belief, prob = initial, 1.0
                    for pos, x in enumerate(row):
                        if x != ds.bos:
                            belief, p = update(t, belief, x)
                            prob *= p
                        self.assertAlmostEqual(float(weights[pos]), prob, delta=1e-5 * prob + 1e-12)
                if bos:
                    np.testing.assert_array_equal(b["weights"][:, 0], 1)

    def test_next_and_loss_describe_the_targets(self):
        for bos, dtype in VARIANTS:
            with self.subTest(bos=bos, dtype=dtype):
                path, truth = self.dataset(n=5, length=4, bos=bos, dtype=dtype)
                ds = ghmm_data.open_dataset(path)
                t, _ = truth["process"]
                tol = 1e-5 if dtype == "float32" else 1e-12
                b = next(ds.batches(5, extras=("next", "loss")))
                self.assertEqual(b["next"].shape, b["targets"].shape + (6,))
                self.assertEqual(b["loss"].shape, b["targets"].shape)
                # the distribution of targets[:, t] is the prediction from the belief after inputs[:, :t+1]
                np.testing.assert_allclose(b["next"], np.einsum("bts,xsr->btx", b["beliefs"], t).astype(dtype),
                                           atol=tol)
                chosen = np.take_along_axis(b["next"], b["targets"][..., None], axis=2)
                self.assertTrue((chosen > 0).all())
                entropy = -np.sum(np.where(b["next"] > 0, b["next"] * np.log(np.maximum(b["next"], 1e-300)), 0), 2)
                np.testing.assert_allclose(b["loss"], entropy, atol=tol)

    def test_drop_last_and_batch_sizes(self):
        ds = ghmm_data.open_dataset(self.dataset(n=7)[0])
        self.assertEqual([len(b["index"]) for b in ds.batches(3, drop_last=True)], [3, 3])
        self.assertEqual([len(b["index"]) for b in ds.batches(7, drop_last=True)], [7])
        self.assertEqual([len(b["index"]) for b in ds.batches(10)], [7])
        self.assertEqual(list(ds.batches(10, drop_last=True)), [])

    def test_batches_are_fresh_arrays(self):
        ds = ghmm_data.open_dataset(self.dataset()[0])
        b = next(ds.batches(3, beliefs="factors", extras=("next", "loss")))
        for value in (b["inputs"], b["targets"], b["weights"], b["next"], b["loss"], *b["beliefs"]):
            self.assertIs(type(value), np.ndarray)
            self.assertTrue(value.flags.writeable and value.flags.c_contiguous)

    def test_bad_arguments_fail_at_the_call(self):
        ds = ghmm_data.open_dataset(self.dataset(joint=False, extras=False)[0])
        cases = [
            (dict(batch_size=0), "batch_size"),
            (dict(batch_size=True), "batch_size"),
            (dict(batch_size=2, beliefs="all"), "beliefs='all'"),
            (dict(batch_size=2, beliefs="joint"), "no 'beliefs' output"),
            (dict(batch_size=2, beliefs=None, weights="prefix"), "weights='prefix'"),
            (dict(batch_size=2, weights="logprob", beliefs=None), "no 'logprob' output"),
            (dict(batch_size=2, beliefs=None, extras=("next",)), "no 'next' output"),
            (dict(batch_size=2, beliefs=None, extras=("entropy",)), "'entropy'"),
        ]
        for kwargs, message in cases:
            with self.subTest(**{k: repr(v) for k, v in kwargs.items()}):
                with self.assertRaisesRegex(ValueError, message.replace("(", r"\(")):
                    ds.batches(**kwargs)  # no iteration: the check is eager


@unittest.skipIf(np is None, NO_NUMPY)
class SplitTest(TempDirTest):
    def test_fraction_and_count(self):
        ds = ghmm_data.open_dataset(self.dataset(n=20, first=1000)[0])
        train, val = ds.split(validation=0.1)
        self.assertEqual(((train.start, train.stop), (val.start, val.stop)), ((0, 18), (18, 20)))
        self.assertEqual((train.first, val.first), (1000, 1018))
        train, val = ds.split(0.25)
        self.assertEqual((len(train), len(val)), (15, 5))
        train, val = ds.split(validation=3)
        self.assertEqual(((train.start, train.stop), (val.start, val.stop)), ((0, 17), (17, 20)))
        self.assertEqual(len(ds.split(0.33)[1]), 7)  # 6.6 rounds to 7
        self.assertEqual(len(ds.split(0.025)[1]), 1)  # 0.5 rounds up

    def test_views_share_the_memory_maps(self):
        ds = ghmm_data.open_dataset(self.dataset(n=10, bos=True)[0])
        train, val = ds.split(validation=0.3)
        for view, lo, hi in ((train, 0, 7), (val, 7, 10)):
            for name in ("tokens", "beliefs", "next", "loss", "logprob"):
                a = getattr(view, name)
                self.assertIsInstance(a, np.memmap)
                self.assertTrue(np.shares_memory(a, getattr(ds, name)))
                np.testing.assert_array_equal(a, getattr(ds, name)[lo:hi])
            for a, whole in zip(view.factor_beliefs, ds.factor_beliefs):
                self.assertTrue(np.shares_memory(a, whole))
            self.assertEqual((view.bos, view.vocab_size, view.length), (ds.bos, ds.vocab_size, ds.length))

    def test_batches_of_a_view_stay_in_its_range(self):
        ds = ghmm_data.open_dataset(self.dataset(n=10, first=50)[0])
        train, val = ds.split(validation=4)
        for view, lo, hi in ((train, 0, 6), (val, 6, 10)):
            for shuffle in (False, True):
                batches = list(view.batches(3, shuffle=shuffle, seed=1))
                index = np.concatenate([b["index"] for b in batches])
                self.assertEqual(sorted(index.tolist()), list(range(50 + lo, 50 + hi)))
                inputs = np.concatenate([b["inputs"] for b in batches])
                np.testing.assert_array_equal(inputs, ds.tokens[index - 50, :-1])

    def test_explicit_ranges(self):
        ds = ghmm_data.open_dataset(self.dataset(n=10)[0])
        middle = ds.subset(2, 8)
        self.assertEqual((middle.start, middle.stop, len(middle)), (2, 8, 6))
        inner = middle.subset(1, 3)  # relative to the view
        self.assertEqual((inner.start, inner.stop), (3, 5))
        np.testing.assert_array_equal(inner.tokens, ds.tokens[3:5])
        self.assertEqual(len(ds.subset(4)), 6)
        self.assertEqual(list(ds.subset(5, 5).batches(2)), [])
        train, val = middle.split(validation=2)
        self.assertEqual(((train.start, train.stop), (val.start, val.stop)), ((2, 6), (6, 8)))

    def test_a_pickled_view_reopens_the_files(self):
        ds = ghmm_data.open_dataset(self.dataset(n=50, length=20)[0])
        view = ds.subset(10, 30)
        data = pickle.dumps(view)
        self.assertLess(len(data), 1000)  # the path and range, not the arrays
        copy = pickle.loads(data)
        self.assertEqual((copy.start, copy.stop, copy.first), (10, 30, 10))
        self.assertIsInstance(copy.beliefs, np.memmap)
        np.testing.assert_array_equal(copy.tokens, ds.tokens[10:30])
        for x, y in zip(copy.batches(8, beliefs="factors"), view.batches(8, beliefs="factors")):
            np.testing.assert_array_equal(x["beliefs"][1], y["beliefs"][1])

    def test_bad_splits(self):
        ds = ghmm_data.open_dataset(self.dataset(n=5)[0])
        for validation in (0, 5, 6, -1, 0.0, 1.0, 1.5, 0.05, 0.95, True, "0.1", None):
            with self.subTest(validation=validation):
                with self.assertRaisesRegex(ValueError, "split"):
                    ds.split(validation=validation)
        for start, stop in ((-1, 3), (3, 2), (0, 6)):
            with self.subTest(start=start, stop=stop):
                with self.assertRaisesRegex(ValueError, "subset"):
                    ds.subset(start, stop)


@unittest.skipIf(np is None, NO_NUMPY)
class ShuffleTest(TempDirTest):
    def order(self, ds, **options):
        return np.concatenate([b["index"] for b in ds.batches(4, beliefs="factors", **options)]).tolist()

    def test_same_seed_same_batches(self):
        ds = ghmm_data.open_dataset(self.dataset(n=30, length=3)[0])
        a = list(ds.batches(4, shuffle=True, seed=7, weights="logprob"))
        b = list(ds.batches(4, shuffle=True, seed=7, weights="logprob"))
        self.assertEqual(len(a), len(b))
        for x, y in zip(a, b):
            self.assertEqual(set(x), set(y))
            for key in x:
                np.testing.assert_array_equal(x[key], y[key])
        self.assertEqual(self.order(ds, shuffle=True, seed=[7, 1]), self.order(ds, shuffle=True, seed=[7, 1]))
        expected = np.random.default_rng(7).permutation(30).tolist()
        self.assertEqual(self.order(ds, shuffle=True, seed=7), expected)

    def test_shuffled_batches_are_a_permutation_with_rows_intact(self):
        ds = ghmm_data.open_dataset(self.dataset(n=30, length=3)[0])
        order = self.order(ds, shuffle=True, seed=3)
        self.assertNotEqual(order, list(range(30)))
        self.assertEqual(sorted(order), list(range(30)))
        self.assertNotEqual(order, self.order(ds, shuffle=True, seed=4))
        for b in ds.batches(4, shuffle=True, seed=3, extras=("loss",)):
            np.testing.assert_array_equal(b["inputs"], ds.tokens[b["index"], :-1])
            np.testing.assert_array_equal(b["beliefs"], ds.beliefs[b["index"], 1:3])
            np.testing.assert_array_equal(b["loss"], ds.loss[b["index"], 1:3])

    def test_no_shuffle_is_file_order_whatever_the_seed(self):
        ds = ghmm_data.open_dataset(self.dataset(n=9)[0])
        self.assertEqual(self.order(ds), list(range(9)))
        self.assertEqual(self.order(ds, seed=5), list(range(9)))


@unittest.skipIf(np is None, NO_NUMPY)
class ValidationTest(TempDirTest):
    def assertRefused(self, path, *fragments):
        with self.assertRaises(ValueError) as caught:
            ghmm_data.open_dataset(path)
        message = str(caught.exception)
        self.assertNotIn("\n", message)
        for fragment in fragments:
            self.assertIn(fragment, message)
        return message

    def test_wrong_format(self):
        path, _ = self.dataset()
        edit_meta(path, lambda m: m.update(format="ghmm-dataset/2"))
        self.assertRefused(path, "meta.json", "format is 'ghmm-dataset/2'", "'ghmm-dataset/1'")
        edit_meta(path, lambda m: m.pop("format"))
        self.assertRefused(path, "format is None")

    def test_missing_file(self):
        path, _ = self.dataset()
        (path / "beliefs.f1.npy").unlink()
        self.assertRefused(path, "beliefs.f1.npy", "missing")

    def test_file_shape_differs_from_meta(self):
        path, _ = self.dataset(n=7, length=5)
        np.save(path / "loss.npy", np.zeros((7, 4), dtype=np.float32))
        self.assertRefused(path, "loss.npy", "shape [7, 4]", "meta.json states [7, 5]")

    def test_file_dtype_differs_from_meta(self):
        path, _ = self.dataset(n=7, length=5, dtype="float32")
        np.save(path / "beliefs.npy", np.zeros((7, 6, 6)))
        self.assertRefused(path, "beliefs.npy", "dtype float64", "'float32'")

    def test_stated_shape_breaks_the_layout(self):
        # a BOS dataset whose tokens lack the BOS column: meta.json and the file agree, the layout does not
        path, _ = self.dataset(n=7, length=5, bos=True)
        np.save(path / "tokens.npy", np.zeros((7, 5), dtype=np.int32))
        edit_meta(path, lambda m: m["outputs"][0].update(shape=[7, 5]))
        self.assertRefused(path, "tokens.npy", "[7, 5]", "must be [7, 6]")
        path, _ = self.dataset(n=7, length=5)
        np.save(path / "beliefs.f0.npy", np.zeros((7, 6, 3), dtype=np.float32))
        edit_meta(path, lambda m: [o.update(shape=[7, 6, 3]) for o in m["outputs"] if o.get("factor") == 0])
        self.assertRefused(path, "beliefs.f0.npy", "must be [7, 6, 2]")
        path, _ = self.dataset(n=7, length=5)
        edit_meta(path, lambda m: m.update(count=8))
        self.assertRefused(path, "tokens.npy", "count=8")

    def test_meta_errors(self):
        path, _ = self.dataset()
        edit_meta(path, lambda m: m.update(bos=3))
        self.assertRefused(path, "'bos' is 3")
        path, _ = self.dataset()
        edit_meta(path, lambda m: m.update(outputs=[o for o in m["outputs"] if o["name"] != "tokens"]))
        self.assertRefused(path, "no 'tokens'")
        path, _ = self.dataset()
        edit_meta(path, lambda m: m.update(outputs=[o for o in m["outputs"] if o.get("factor") != 1]))
        self.assertRefused(path, "factors [0]", "not for [1]")
        path, _ = self.dataset()
        edit_meta(path, lambda m: m.update(dtype="float16"))
        self.assertRefused(path, "'dtype' is 'float16'")
        path, _ = self.dataset()
        (path / "meta.json").write_text("{not json")
        self.assertRefused(path, "meta.json", "not valid JSON")
        path, _ = self.dataset()
        (path / "tokens.npy").write_bytes(b"not an npy file")
        self.assertRefused(path, "tokens.npy", "not a readable .npy file")

    def test_no_meta(self):
        with self.assertRaisesRegex(FileNotFoundError, "meta.json"):
            ghmm_data.open_dataset(self.tmp)


if __name__ == "__main__":
    unittest.main()
