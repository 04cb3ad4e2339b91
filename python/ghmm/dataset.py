"""Read a ghmm dataset directory (format ``ghmm-dataset/1``) memory-mapped, with numpy only.

A dataset is a directory written by ``ghmm sample``: ``meta.json`` plus one ``.npy`` file per output. This
module opens it without reading it (every array is ``np.load(..., mmap_mode="r")``), splits it by ranges of
sequences, and iterates next-token training batches with the ground-truth beliefs, prefix weights, next-symbol
distributions and loss floors aligned to the positions a model sees (:mod:`ghmm.batches` states the alignment;
:func:`ghmm.stream` yields the same batches straight from the generator). numpy is its only requirement.
Installed with ``pip install ./python`` it is ``ghmm.open_dataset`` (``import ghmm_data`` still works).

Quick start::

    import ghmm
    ds = ghmm.open_dataset("data/")               # validates meta.json against the files
    train, val = ds.split(validation=0.1)         # sequence ranges [0, n-k) and [n-k, n), no copies
    for batch in train.batches(64, beliefs="joint", shuffle=True, seed=0):
        batch["inputs"], batch["targets"]         # int64 [B, T]: tokens[:, :-1] and tokens[:, 1:]
        batch["beliefs"]                          # [B, T, S]: the belief after reading inputs[:, :t+1]
        batch["weights"]                          # [B, T]: ones, or Pr(inputs[:, :t+1]) with weights="logprob"

Alignment, in short: ``inputs[:, t]`` is token position ``t`` (column 0 is the BOS, if any), ``targets[:, t]``
is position ``t + 1``; ``beliefs[:, t]`` is the belief after reading ``inputs[:, :t+1]``, ``weights[:, t]`` the
probability of that prefix, ``next[:, t]`` the distribution ``targets[:, t]`` was drawn from and ``loss[:, t]``
its entropy in nats: the smallest expected cross-entropy any model can reach at that position.

So a model's activations at position ``t`` regress onto ``beliefs[:, t]``. For simplexity users: ``inputs``,
``targets``, ``beliefs`` and ``weights`` play the parts of ``inputs``, ``labels``, ``belief_states`` and
``prefix_probabilities`` in ``generate_data_batch_with_full_history`` (factored beliefs are a tuple there too),
but are read from files, with the alignment above.

A PyTorch ``IterableDataset`` over it (the module itself never imports torch)::

    import torch
    from torch.utils.data import DataLoader, IterableDataset, get_worker_info

    def to_torch(value):
        # factor beliefs come as a tuple of arrays, everything else as one array
        return tuple(map(torch.from_numpy, value)) if isinstance(value, tuple) else torch.from_numpy(value)

    class GhmmBatches(IterableDataset):
        \"\"\"Ready-made batches of a ghmm dataset view: reshuffled each epoch, one range per worker.\"\"\"

        def __init__(self, ds, batch_size, seed=0, **options):
            self.ds, self.batch_size, self.seed, self.options, self.epoch = ds, batch_size, seed, options, 0

        def set_epoch(self, epoch):  # call before each epoch, as with DistributedSampler
            self.epoch = epoch

        def __iter__(self):
            ds, worker = self.ds, 0
            info = get_worker_info()
            if info is not None:  # DataLoader workers read disjoint ranges of sequences
                worker, n = info.id, len(ds)
                ds = ds.subset(n * worker // info.num_workers, n * (worker + 1) // info.num_workers)
            for batch in ds.batches(self.batch_size, seed=[self.seed, self.epoch, worker], **self.options):
                yield {key: to_torch(value) for key, value in batch.items()}

    train_data = GhmmBatches(train, 64, beliefs=None, shuffle=True)
    loader = DataLoader(train_data, batch_size=None, num_workers=2)  # batch_size=None: already batched

A :class:`Dataset` pickles as its directory and sequence range and maps the files again when unpickled, so
workers started by ``spawn`` do not receive a copy of the data. Each batch is a fresh in-memory copy of its rows (the only copy this module makes), so ``torch.from_numpy``
shares it without a warning. Nothing is normalised: the beliefs are those in the files, in their dtype
(``meta["dtype"]``), and ``exp(logprob)`` underflows to 0 for long prefixes, so weight by it only where prefixes
are short (or normalise per position yourself).
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Union

import numpy as np

from .batches import BELIEFS, EXTRAS, WEIGHTS, Layout, assemble, special_tokens

__all__ = ["FORMAT", "Dataset", "open_dataset"]

#: The value of ``meta["format"]`` this module reads.
FORMAT = "ghmm-dataset/1"

_FLOAT_DTYPES = ("float32", "float64")


def open_dataset(path: Union[str, "os.PathLike[str]"]) -> "Dataset":
    """Open a ghmm dataset directory memory-mapped and check it against its ``meta.json``.

    Every file listed in ``meta["outputs"]`` is opened with ``np.load(file, mmap_mode="r")``, so opening
    reads only the headers. The checks: ``meta["format"]`` is ``"ghmm-dataset/1"``; each listed file exists
    and has the shape and dtype ``meta.json`` states; and that shape is the one the layout prescribes for that
    output (``tokens`` [N, P]; ``beliefs`` [N, L+1+E, S]; ``factor-beliefs`` [N, L+1+E, d_f]; ``next``
    [N, P, |X|]; ``loss`` and ``logprob`` [N, P]; where E counts the EOS and PAD columns, 0 without them, and
    P = [BOS] + L + E). The values are not read, so they are not checked.

    Args:
        path: the dataset directory (the one holding ``meta.json``).

    Returns:
        A :class:`Dataset` over all ``meta["count"]`` sequences.

    Raises:
        FileNotFoundError: if ``path`` has no ``meta.json``.
        ValueError: with one line naming the file and the mismatch, if ``meta.json`` or a listed file does not
            follow the layout.
    """
    root = Path(path)
    meta_path = root / "meta.json"
    if not meta_path.is_file():
        raise FileNotFoundError(f"{meta_path}: not found; {root} is not a ghmm dataset directory")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise ValueError(f"{meta_path}: not valid JSON: {_one_line(e)}") from None
    if not isinstance(meta, dict):
        raise ValueError(f"{meta_path}: expected a JSON object, found {type(meta).__name__}")
    if meta.get("format") != FORMAT:
        raise ValueError(f"{meta_path}: format is {meta.get('format')!r}, expected {FORMAT!r}")

    count = _meta_int(meta, "count", meta_path, minimum=0)
    entries = check_layout(meta, count, str(meta_path), "meta.json", lambda file: str(root / file))
    arrays: Dict[str, np.ndarray] = {}
    factor_arrays: Dict[int, np.ndarray] = {}
    for entry in entries:
        file_path = root / entry["file"]
        shown = str(file_path)
        if not file_path.is_file():
            raise ValueError(f"{shown}: listed in meta.json outputs but missing")
        array = _load(file_path, shown)
        stated, stated_dtype = tuple(entry["shape"]), entry.get("dtype")
        if tuple(array.shape) != stated:
            raise ValueError(f"{shown}: shape {list(array.shape)} but meta.json states {list(stated)}")
        if stated_dtype is not None and not same_dtype(array.dtype, stated_dtype, shown):
            raise ValueError(f"{shown}: dtype {array.dtype} but meta.json states {stated_dtype!r}")
        if entry.get("name") == "factor-beliefs":
            factor_arrays[entry["factor"]] = array
        elif entry.get("name") is not None:
            arrays[entry["name"]] = array
    factor_dims = tuple(int(f["dimension"]) for f in meta.get("factors", []))
    factor_beliefs = tuple(factor_arrays[f] for f in range(len(factor_dims))) if factor_arrays else None
    return Dataset(root, meta, arrays, factor_beliefs, 0, count)


def check_layout(meta: Dict[str, Any], count: int, where: str, source: str,
                 shown: Callable[[str], str]) -> List[Dict[str, Any]]:
    """Checks ``meta`` (``meta.json``, or a stream's header) against the ``ghmm-dataset/1`` layout for ``count`` sequences.

    The keys ``length``, ``alphabet``, ``bos``, ``eos``, ``pad``, ``pad_to``, ``factors``, ``dtype`` and
    ``outputs``; each output's stated shape and dtype against the one its name prescribes (``tokens`` [N, P] int32;
    ``beliefs`` [N, L+1+E, S]; ``factor-beliefs`` [N, L+1+E, d_f]; ``next`` [N, P, |X|]; ``loss``, ``logprob``
    [N, P]; P = [BOS] + L + E, E the EOS and PAD columns);
    a ``tokens`` output; beliefs for all factors or none. Returns the entries of ``outputs``, in order.

    Args:
        where: what a message about ``meta`` itself starts with (its path).
        source: how a message names the statement (``"meta.json"``).
        shown: the name a message gives an output's file.

    Raises:
        ValueError: one line naming the key or the file, and the mismatch.
    """
    length = _meta_int(meta, "length", where, minimum=1)
    alphabet = meta.get("alphabet")
    if not isinstance(alphabet, list) or not alphabet:
        raise ValueError(f"{where}: 'alphabet' must be a non-empty list of symbol names, found {alphabet!r}")
    bos = meta.get("bos")
    if bos is not None and (not _is_int(bos) or bos != len(alphabet)):
        raise ValueError(f"{where}: 'bos' is {bos!r}, expected null or |alphabet| = {len(alphabet)}")
    next_id = len(alphabet) + (1 if bos is not None else 0)  # special ids follow the alphabet without gaps
    eos = meta.get("eos")
    if eos is not None and (not _is_int(eos) or eos != next_id):
        raise ValueError(f"{where}: 'eos' is {eos!r}, expected absent or {next_id} (the id after the alphabet and BOS)")
    next_id += 1 if eos is not None else 0
    pad, pad_to = meta.get("pad"), meta.get("pad_to")
    if (pad is None) != (pad_to is None) or pad is not None and (not _is_int(pad) or pad != next_id):
        raise ValueError(f"{where}: 'pad' is {pad!r} and 'pad_to' {pad_to!r}, expected both absent or pad = {next_id}")
    tail = special_tokens(meta)[3] if _is_int(pad_to) or pad_to is None else -1
    if tail < (1 if eos is not None else 0):  # EOS needs its column
        raise ValueError(f"{where}: 'pad_to' is {pad_to!r}, shorter than a sequence's "
                         f"{length + (bos is not None) + (eos is not None)} tokens")
    factors = meta.get("factors", [])
    if not isinstance(factors, list) or not all(
        isinstance(f, dict) and _is_int(f.get("dimension")) and f["dimension"] >= 1 for f in factors
    ):
        raise ValueError(f"{where}: 'factors' must be a list of objects with a positive 'dimension'")
    factor_dims = tuple(int(f["dimension"]) for f in factors)
    dtype = meta.get("dtype")
    if dtype is not None and dtype not in _FLOAT_DTYPES:
        raise ValueError(f"{where}: 'dtype' is {dtype!r}, expected one of {list(_FLOAT_DTYPES)}")
    outputs = meta.get("outputs")
    if not isinstance(outputs, list):
        raise ValueError(f"{where}: 'outputs' must be a list of {{name, file, shape, dtype}} objects")

    positions = length + (1 if bos is not None else 0) + tail  # P: columns of tokens.npy
    names: List[str] = []
    factors_seen: List[int] = []
    for entry in outputs:
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise ValueError(f"{where}: every entry of 'outputs' needs a 'file', found {entry!r}")
        name = entry.get("name")
        file = shown(entry["file"])
        stated = entry.get("shape")
        if not isinstance(stated, list) or not all(_is_int(s) and s >= 0 for s in stated):
            raise ValueError(f"{file}: {source} states shape {stated!r}, expected a list of sizes")
        stated = tuple(stated)
        # the shape this output must have by the layout (None: any size on that axis)
        if name == "tokens":
            expected, want_dtype = (count, positions), "int32"
        elif name == "beliefs":
            expected, want_dtype = (count, length + 1 + tail, None), dtype
        elif name == "factor-beliefs":
            f = entry.get("factor")
            if not _is_int(f) or not 0 <= f < len(factor_dims):
                raise ValueError(f"{file}: 'factor' is {f!r}, expected 0..{len(factor_dims) - 1} ({source} lists "
                                 f"{len(factor_dims)} factors)")
            if f in factors_seen:
                raise ValueError(f"{file}: {source} lists factor {f}'s beliefs twice")
            factors_seen.append(f)
            expected, want_dtype = (count, length + 1 + tail, factor_dims[f]), dtype
        elif name == "next":
            expected, want_dtype = (count, positions, len(alphabet)), dtype
        elif name in ("loss", "logprob"):
            expected, want_dtype = (count, positions), dtype
        elif name == "factor-gap":
            expected, want_dtype = (count, length + 1 + tail, None), dtype
        else:
            expected, want_dtype = None, None  # an output this version does not know: checked against meta only
        if name != "factor-beliefs" and name in names:
            raise ValueError(f"{file}: {source} lists a second {name!r} output")
        names.append(name)
        if expected is not None and not _matches(stated, expected):
            raise ValueError(f"{file}: {source} states shape {list(stated)} but a {name!r} output of "
                             f"{_describe(count, length, bos, tail)} must be {_show(expected)}")
        if want_dtype is not None and entry.get("dtype") != want_dtype:
            raise ValueError(f"{file}: {source} states dtype {entry.get('dtype')!r}, expected {want_dtype!r}")
    if "tokens" not in names:
        raise ValueError(f"{where}: 'outputs' lists no 'tokens' file")
    if factors_seen and len(factors_seen) != len(factor_dims):
        missing = sorted(set(range(len(factor_dims))) - set(factors_seen))
        raise ValueError(f"{where}: 'outputs' lists beliefs for factors {sorted(factors_seen)} "
                         f"but not for {missing}")
    return list(outputs)


class Dataset:
    """A range of sequences of a ghmm dataset, memory-mapped; made by :func:`open_dataset`.

    A view over the sequences ``[start, stop)`` of the files: :meth:`split` and :meth:`subset` make further
    views, sharing the same memory maps (nothing is copied or read until a batch is made).

    Attributes:
        path: the dataset directory.
        meta: ``meta.json`` as a dict.
        start, stop: this view's range of rows in the files.
        first: the dataset-wide index of this view's first sequence (``meta["first"] + start``), the index to
            regenerate it from (shards ``[first, first + count)`` concatenate).
        n_sequences: ``stop - start``, also ``len(ds)``.
        length: L, the number of process symbols per sequence (``meta["length"]``).
        bos: the BOS token's id (= ``len(alphabet)``), or None without BOS.
        eos: the EOS token's id (the id after BOS), or None without EOS.
        pad: the PAD token's id (the id after BOS and EOS), or None without padding.
        pad_to: T_pad, the tokens of every padded sequence, or None.
        alphabet: the symbol names; token ``i < len(alphabet)`` is ``alphabet[i]``.
        vocab_size: ``len(alphabet)`` plus one per special token (BOS, EOS, PAD): the model's embedding size.
        input_length: T, the positions per batch row: L with BOS, else L - 1, plus the EOS and PAD columns.
        freeze: the frozen factors (``meta["freeze"]``, a tuple), empty without ``--freeze``.
        groups: K, the number of groups of a dataset with frozen factors (sequence i is in group i mod K,
            ``batch["index"] % groups``), or None.
        factor_dims: ``(d_0, d_1, ...)`` for a factored process, ``()`` otherwise.
        state_dim: S, the joint belief's size, or None without ``beliefs.npy``.
        dtype: the beliefs' dtype (``np.float32`` or ``np.float64``), or None if ``meta.json`` has none.
        tokens: int32 [n, P]: [BOS] x_1 … x_L [EOS] [PAD …] (P = [BOS] + L + E, E the EOS and PAD columns).
        beliefs: the joint beliefs [n, L+1+E, S]: row r is the belief after r symbols, then E zero rows, one per
            EOS or PAD column, or None.
        factor_beliefs: a tuple with factor f's beliefs [n, L+1+E, d_f] at index f, or None.
        next: [n, P, |X|]: row p is the distribution token position p was drawn from (a zero row for the BOS),
            or None.
        loss: [n, P], the entropy of ``next`` in nats (0 for the BOS), or None.
        logprob: [n, P]: ln Pr of the prefix ending at token position p (0 for the bare BOS), or None.
        factor_gap: [n, L+1+E, 2 or 1]: per belief row, ‖η − ⊗_f η_f‖₁ and, when every factor is an HMM,
            D(η ‖ ⊗_f η_f) in nats (``factor-gap.npy``), or None.

    The arrays are read-only memory maps restricted to this view's rows, in the files' own layout; use
    :meth:`batches` for them aligned to model positions.
    """

    def __init__(self, path: Path, meta: Dict[str, Any], arrays: Dict[str, np.ndarray],
                 factor_beliefs: Optional[Tuple[np.ndarray, ...]], start: int, stop: int) -> None:
        self.path = path
        self.meta = meta
        self._arrays = arrays  # whole files; views slice them
        self._factor_arrays = factor_beliefs
        self.start = start
        self.stop = stop
        self.first = int(meta.get("first") or 0) + start
        self.n_sequences = stop - start
        self.length = int(meta["length"])
        self.bos, self.eos, self.pad, self._tail = special_tokens(meta)
        self.pad_to = meta.get("pad_to")
        self.alphabet = tuple(meta["alphabet"])
        self.vocab_size = len(self.alphabet) + sum(t is not None for t in (self.bos, self.eos, self.pad))
        self.input_length = Layout(self.length, self.bos, None, self._tail).input_length
        self.freeze = tuple(meta.get("freeze") or ())
        self.groups = meta.get("groups")
        self.factor_dims = tuple(int(f["dimension"]) for f in meta.get("factors", []))
        self.dtype = np.dtype(meta["dtype"]) if meta.get("dtype") else None
        rows = slice(start, stop)
        self.tokens = arrays["tokens"][rows]
        self.beliefs = arrays["beliefs"][rows] if "beliefs" in arrays else None
        self.factor_beliefs = tuple(a[rows] for a in factor_beliefs) if factor_beliefs is not None else None
        self.next = arrays["next"][rows] if "next" in arrays else None
        self.loss = arrays["loss"][rows] if "loss" in arrays else None
        self.logprob = arrays["logprob"][rows] if "logprob" in arrays else None
        self.factor_gap = arrays["factor-gap"][rows] if "factor-gap" in arrays else None
        self._view_arrays = {name: a for name in ("tokens", "beliefs", "next", "loss", "logprob", "factor-gap")
                             if (a := getattr(self, _attribute(name))) is not None}
        self.state_dim = int(self.beliefs.shape[2]) if self.beliefs is not None else None

    def __len__(self) -> int:
        return self.n_sequences

    def __reduce__(self):
        # pickled as its directory and range, reopened on unpickling: a DataLoader worker started by spawn
        # maps the files itself instead of receiving a copy of their contents
        return _reopen, (os.path.abspath(self.path), self.start, self.stop)

    def __repr__(self) -> str:
        present = [n for n in ("beliefs", "factor_beliefs", "next", "loss", "logprob", "factor_gap")
                   if getattr(self, n) is not None]
        return (f"Dataset({str(self.path)!r}, sequences [{self.start}, {self.stop}) of {self.meta['count']}, "
                f"length={self.length}, bos={self.bos}, vocab_size={self.vocab_size}, with {present})")

    def subset(self, start: int, stop: Optional[int] = None) -> "Dataset":
        """The view over sequences ``[start, stop)`` of this view (``stop`` defaults to its end); no copy.

        Raises:
            ValueError: unless ``0 <= start <= stop <= len(self)``.
        """
        n = self.n_sequences
        stop = n if stop is None else stop
        if not (_is_int(start) and _is_int(stop) and 0 <= start <= stop <= n):
            raise ValueError(f"subset({start!r}, {stop!r}): need 0 <= start <= stop <= {n}")
        return Dataset(self.path, self.meta, self._arrays, self._factor_arrays,
                       self.start + int(start), self.start + int(stop))

    def split(self, validation: Union[float, int] = 0.1) -> Tuple["Dataset", "Dataset"]:
        """Split into ``(train, validation)`` views over ``[0, n - k)`` and ``[n - k, n)``; no copy.

        Sequences are independent draws, so the last k make an unbiased validation set, and the split is
        the same whatever the batch order. For other ranges use :meth:`subset`.

        Args:
            validation: a fraction in (0, 1) (k = n * validation rounded half up) or a count k of sequences.

        Raises:
            ValueError: unless 1 <= k <= n - 1.
        """
        n = self.n_sequences
        if isinstance(validation, bool) or not isinstance(validation, (int, float, np.integer, np.floating)):
            raise ValueError(f"split(validation={validation!r}): expected a fraction in (0, 1) or a count")
        if _is_int(validation):
            k = int(validation)
        elif 0 < validation < 1:
            k = int(math.floor(validation * n + 0.5))
        else:
            raise ValueError(f"split(validation={validation!r}): a fraction must lie in (0, 1)")
        if not 1 <= k <= n - 1:
            raise ValueError(f"split(validation={validation!r}) of {n} sequences gives {k} for validation: "
                             f"both parts need at least one sequence")
        return self.subset(0, n - k), self.subset(n - k, n)

    def batches(self, batch_size: int, *, beliefs: Optional[str] = "joint", weights: str = "uniform",
                shuffle: bool = False, seed: Union[None, int, Sequence[int], np.random.SeedSequence] = None,
                drop_last: bool = False, extras: Sequence[str] = ()) -> Iterator[Dict[str, Any]]:
        """Iterate next-token training batches of this view, each a dict of fresh numpy arrays.

        With T = :attr:`input_length` and B the batch size (the last batch may be smaller), a batch holds:

        * ``"inputs"``: int64 [B, T], ``tokens[:, :-1]``;
        * ``"targets"``: int64 [B, T], ``tokens[:, 1:]``;
        * ``"beliefs"`` (unless ``beliefs=None``): [B, T, S] for ``"joint"``, or for ``"factors"`` a tuple
          whose f-th array is [B, T, d_f]: the belief after reading ``inputs[:, :t+1]``;
        * ``"weights"``: [B, T] in the beliefs' dtype: ones for ``"uniform"``; for ``"logprob"`` the prefix
          probability Pr(``inputs[:, :t+1]``) = exp(logprob at token position t);
        * ``"next"`` and ``"loss"`` if named in ``extras``: [B, T, |X|] and [B, T], the distribution
          ``targets[:, t]`` was drawn from and its entropy in nats (the loss floor at that position);
        * ``"factor_gap"`` if ``"factor-gap"`` is named in ``extras``: [B, T, 2] or [B, T, 1], the factor gap of
          ``beliefs[:, t]`` (aligned as the beliefs);
        * ``"mask"`` (only with EOS or PAD): bool [B, T], whether ``targets[:, t]`` is a symbol of the process
          (False for EOS and PAD); ``weights`` are 0 where it is False and ``next`` and ``loss`` are zeros there;
          the beliefs are zeros from the position after the first False one on (at the first, whose input is x_L,
          they are the belief after the L symbols);
        * ``"index"``: int64 [B], the dataset-wide index of each row's sequence (:attr:`first` + row).

        Args:
            batch_size: sequences per batch, >= 1.
            beliefs: ``"joint"``, ``"factors"`` or None.
            weights: ``"uniform"`` or ``"logprob"`` (needs ``logprob.npy``).
            shuffle: draw the sequence order from ``np.random.default_rng(seed)`` instead of file order.
            seed: anything ``np.random.default_rng`` takes; the same seed gives the same batches. Vary it per
                epoch (e.g. ``seed=[base, epoch]``) for a new order each epoch. Ignored without shuffle.
            drop_last: drop a last batch smaller than ``batch_size``.
            extras: a subset of ``("next", "loss", "factor-gap")``.

        Returns:
            An iterator of batches. The arguments are checked when this is called, not at the first batch.

        Raises:
            ValueError: for an unknown option or one needing a file this dataset does not have.
        """
        if isinstance(batch_size, bool) or not _is_int(batch_size) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, found {batch_size!r}")
        if beliefs not in BELIEFS:
            raise ValueError(f"beliefs={beliefs!r}: expected one of {list(BELIEFS)}")
        if beliefs == "joint" and self.beliefs is None:
            raise ValueError(f"beliefs='joint' but {self.path} has no 'beliefs' output; pass beliefs=None"
                             + (" or 'factors'" if self.factor_beliefs is not None else ""))
        if beliefs == "factors" and self.factor_beliefs is None:
            raise ValueError(f"beliefs='factors' but {self.path} has no 'factor-beliefs' outputs; pass beliefs=None"
                             + (" or 'joint'" if self.beliefs is not None else ""))
        if weights not in WEIGHTS:
            raise ValueError(f"weights={weights!r}: expected one of {list(WEIGHTS)}")
        if weights == "logprob" and self.logprob is None:
            raise ValueError(f"weights='logprob' but {self.path} has no 'logprob' output")
        extras = tuple(extras) if not isinstance(extras, str) else (extras,)
        for extra in extras:
            if extra not in EXTRAS:
                raise ValueError(f"extras: {extra!r} is not one of {list(EXTRAS)}")
            if getattr(self, _attribute(extra)) is None:
                raise ValueError(f"extras: {self.path} has no {extra!r} output")
        order = np.random.default_rng(seed).permutation(self.n_sequences) if shuffle else None
        return self._batches(int(batch_size), beliefs, weights, order, drop_last, extras)

    def _batches(self, batch_size: int, beliefs: Optional[str], weights: str, order: Optional[np.ndarray],
                 drop_last: bool, extras: Tuple[str, ...]) -> Iterator[Dict[str, Any]]:
        n = self.n_sequences
        layout = Layout(self.length, self.bos, self.dtype, self._tail)
        end = n - n % batch_size if drop_last else n
        for lo in range(0, end, batch_size):
            hi = min(lo + batch_size, n)
            rows: Union[slice, np.ndarray] = slice(lo, hi) if order is None else order[lo:hi]
            index = np.arange(lo, hi) if order is None else rows
            yield assemble(layout, self._view_arrays, self.factor_beliefs, rows, beliefs, weights, extras,
                           np.asarray(index, dtype=np.int64) + self.first)


def _attribute(output: str) -> str:
    """The attribute of a :class:`Dataset` holding an output's array: the output's name with ``_`` for ``-``."""
    return output.replace("-", "_")


def _reopen(path: str, start: int, stop: int) -> Dataset:
    return open_dataset(path).subset(start, stop)


def _load(file_path: Path, file: str) -> np.ndarray:
    try:
        return np.load(file_path, mmap_mode="r", allow_pickle=False)
    except ValueError as e:
        if "empty file" in str(e):  # an array with no elements cannot be mapped; it holds nothing to read
            try:
                return np.load(file_path, allow_pickle=False)
            except Exception as e2:  # noqa: BLE001 - reported as one line below
                e = e2
        raise ValueError(f"{file}: not a readable .npy file: {_one_line(e)}") from None
    except Exception as e:  # noqa: BLE001 - any read failure is a malformed dataset file
        raise ValueError(f"{file}: not a readable .npy file: {_one_line(e)}") from None


def same_dtype(actual: np.dtype, stated: Any, file: str) -> bool:
    try:
        want = np.dtype(stated)
    except TypeError:
        raise ValueError(f"{file}: meta.json states dtype {stated!r}, which numpy does not know") from None
    # byte order aside: the files are little-endian whatever the machine
    return actual.kind == want.kind and actual.itemsize == want.itemsize


def _matches(shape: Tuple[int, ...], expected: Tuple[Optional[int], ...]) -> bool:
    return len(shape) == len(expected) and all(e is None or s == e for s, e in zip(shape, expected))


def _show(expected: Tuple[Optional[int], ...]) -> str:
    return "[" + ", ".join("any" if e is None else str(e) for e in expected) + "]"


def _describe(count: int, length: int, bos: Optional[int], tail: int) -> str:
    return (f"count={count}, length={length}" + (f", bos={bos}" if bos is not None else ", no bos")
            + (f", {tail} EOS/PAD columns" if tail else ""))


def _meta_int(meta: Dict[str, Any], key: str, meta_path: Union[str, Path], minimum: int) -> int:
    value = meta.get(key)
    if not _is_int(value) or value < minimum:
        raise ValueError(f"{meta_path}: {key!r} is {value!r}, expected an integer >= {minimum}")
    return int(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split())
