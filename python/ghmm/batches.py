"""Next-token batches from rows in the dataset layout: the one home of the alignment.

Both :meth:`ghmm.Dataset.batches` (rows of memory-mapped files) and :func:`ghmm.stream` (rows read from
``ghmm stream``) make their batches with :func:`assemble`, from arrays in the layout of ``ghmm sample``'s files:
sequences on axis 0, then token positions ``p`` (tokens, next, loss, logprob: P = L columns, or L + 1 with a BOS
in column 0, plus the EOS and PAD columns) or belief rows ``r`` (the belief after r symbols, r = 0 … L, then a
row of zeros per EOS or PAD column).

A batch's input position ``t`` is token position ``t`` and its target is token position ``t + 1``, t < T = P − 1
(L with a BOS and L − 1 without, before EOS and PAD). Everything else is aligned with the inputs, i.e. with what a
model has read:

* ``beliefs[:, t]``: the belief after reading ``inputs[:, :t+1]``: belief row ``t + 1`` without BOS, row ``t``
  with BOS (the BOS leaves the initial belief, row 0, in place);
* ``weights[:, t]``: ``exp(logprob)`` at token position ``t``, the probability of the prefix ``inputs[:, :t+1]``;
* ``next[:, t]`` and ``loss[:, t]``: token position ``t + 1``, the distribution ``targets[:, t]`` was drawn from
  and its entropy in nats;
* ``factor_gap[:, t]`` (with the ``factor-gap`` output, as an extra): the factor gap of ``beliefs[:, t]``,
  [B, T, 2] (the L1 distance of the joint belief from the product of its factor marginals, then the divergence in
  nats when every factor is an HMM) or [B, T, 1];
* ``mask[:, t]`` (only for sequences with EOS or PAD): whether ``targets[:, t]`` is a symbol the process drew,
  False where it is EOS or PAD; ``weights`` are then 0 where ``mask`` is False.
"""

from __future__ import annotations

import sys
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

#: The values of the ``beliefs``, ``weights`` and ``extras`` options of a batch.
BELIEFS = ("joint", "factors", None)
WEIGHTS = ("uniform", "logprob")
EXTRAS = ("next", "loss", "factor-gap")

Rows = Union[slice, np.ndarray]
#: ``empty(shape, dtype)``: where :func:`assemble` puts an array of a batch.
Empty = Callable[[Tuple[int, ...], np.dtype], np.ndarray]


class Layout:
    """The columns a batch takes from each file of sequences of ``length`` symbols.

    Attributes:
        length: L, symbols per sequence.
        bos: the BOS token's id, or None.
        tail: the EOS and PAD columns after the symbols (0 without).
        input_length: T = P − 1 for P = [BOS] + L + tail token columns: L with a BOS, L − 1 without, plus the tail.
        symbol_targets: the targets that are symbols, ``targets[:, :symbol_targets]``; the rest are EOS or PAD.
        weight_dtype: the dtype of ``weights``: the beliefs' dtype, float64 when unknown.
    """

    def __init__(self, length: int, bos: Optional[int], dtype: Optional[np.dtype], tail: int = 0) -> None:
        self.length = length
        self.bos = bos
        self.tail = tail
        lead = 1 if bos is not None else 0
        t = self.input_length = lead + length + tail - 1
        self.symbol_targets = lead + length - 1
        self.weight_dtype = np.dtype(dtype) if dtype is not None else np.dtype(np.float64)
        self.belief_rows = slice(0, t) if bos is not None else slice(1, t + 1)
        self.input_positions = slice(0, t)
        self.target_positions = slice(1, t + 1)


def special_tokens(meta: Mapping[str, Any]) -> Tuple[Optional[int], Optional[int], Optional[int], int]:
    """The BOS, EOS and PAD ids of ``meta`` (``meta.json`` or a stream's header; None when absent) and the tail,
    the EOS and PAD columns after the symbols: ``pad_to`` − [BOS] − L with padding, 1 with EOS alone, else 0."""
    bos, eos, pad = meta.get("bos"), meta.get("eos"), meta.get("pad")
    pad_to = meta.get("pad_to")
    if pad_to is not None:
        tail = int(pad_to) - int(meta["length"]) - (1 if bos is not None else 0)
    else:
        tail = 1 if eos is not None else 0
    return bos, eos, pad, tail


def assemble(layout: Layout, arrays: Mapping[str, np.ndarray], factor_arrays: Optional[Sequence[np.ndarray]],
             rows: Rows, beliefs: Optional[str], weights: str, extras: Tuple[str, ...],
             index: np.ndarray, empty: Empty = np.empty, views: bool = False) -> Dict[str, Any]:
    """One batch: rows ``rows`` of ``arrays`` (output name → array in the file layout), aligned to the inputs.

    Every array of the batch is fresh and writable: ``inputs``, ``targets`` (int64) and ``weights`` are made in
    ``empty(shape, dtype)`` (called in that order for every batch: :meth:`Recycler.empty` reuses arrays); the
    ``beliefs``, ``next`` and ``loss`` are C-contiguous copies, or with ``views`` (for a slice of rows) the views of
    ``arrays`` at the batch's columns, which the caller then hands over to the batch and never writes again.
    ``beliefs`` ("joint", "factors" or None), ``weights`` ("uniform" or "logprob") and ``extras`` (a subset of
    ``EXTRAS``) must name arrays present in ``arrays`` (``factor_arrays`` for "factors"); the callers check that
    once, before their first batch. ``index`` (int64 [B]) becomes ``batch["index"]``.
    """
    tokens = arrays["tokens"][rows]  # a view for a slice: the copy below is the only one
    batch: Dict[str, Any] = {}
    for key, positions in (("inputs", layout.input_positions), ("targets", layout.target_positions)):
        batch[key] = empty((len(tokens), layout.input_length), np.dtype(np.int64))
        np.copyto(batch[key], tokens[:, positions])
    weighted = empty((len(tokens), layout.input_length), layout.weight_dtype)
    if weights == "logprob":
        np.exp(arrays["logprob"][rows, layout.input_positions], out=weighted)  # exp in the file's dtype
    else:
        weighted.fill(1)
    if layout.tail:
        weighted[:, layout.symbol_targets:] = 0  # no weight on predicting EOS or PAD
        mask = empty((len(tokens), layout.input_length), np.dtype(np.bool_))
        mask.fill(True)
        mask[:, layout.symbol_targets:] = False
    views = views and isinstance(rows, slice)
    if beliefs == "joint":
        batch["beliefs"] = _take(arrays["beliefs"], rows, layout.belief_rows, views)
    elif beliefs == "factors":
        batch["beliefs"] = tuple(_take(a, rows, layout.belief_rows, views) for a in factor_arrays)
    batch["weights"] = weighted
    if layout.tail:
        batch["mask"] = mask
    for extra in extras:
        if extra == "factor-gap":  # a belief's measure: aligned as the beliefs are
            batch["factor_gap"] = _take(arrays[extra], rows, layout.belief_rows, views)
        else:
            batch[extra] = _take(arrays[extra], rows, layout.target_positions, views)
    batch["index"] = index
    return batch


def _take(array: np.ndarray, rows: Rows, columns: slice, view: bool) -> np.ndarray:
    """``array[rows, columns]``: the view itself if ``view``, else a fresh, writable, C-contiguous copy."""
    if view:
        return array[rows, columns]
    if isinstance(rows, slice):
        return np.array(array[rows, columns], order="C")  # a view (of a memory map or a buffer): copy it
    return np.ascontiguousarray(array[rows, columns])  # fancy indexing already made a copy


class Recycler:
    """Arrays of earlier batches that nothing references any more, to be written again rather than allocated.

    A fresh array costs a page fault per 4 KiB page when it is first written (the allocator hands large freed
    blocks back to the system), and for the chain's 16 MB batches that is more than reading them. :meth:`empty`
    serves the arrays of one batch in order: those of an earlier batch if every one of them is referenced by this
    recycler alone, else new ones. CPython counts every holder (the batch dict and its tuples, a view through its
    ``base``, a ``torch.from_numpy`` tensor), so an array still in use is never written. At most ``keep``
    batches are remembered.
    """

    def __init__(self, keep: int = 3) -> None:
        self._keep = keep
        self._batches: List[List[np.ndarray]] = []

    def empty(self) -> Empty:
        """An ``empty(shape, dtype)`` for one batch: the arrays of an unused earlier batch in their order, else new."""
        k = next((k for k, b in enumerate(self._batches) if _most_references(b) <= _ALONE), None)
        old = self._batches.pop(k)[::-1] if k is not None else []
        new: List[np.ndarray] = []
        self._batches.append(new)
        del self._batches[:-self._keep]

        def empty(shape: Tuple[int, ...], dtype: np.dtype) -> np.ndarray:
            reused = old.pop() if old else None  # popped: the closure keeps no reference once the batch is made
            fits = reused is not None and reused.shape == tuple(shape) and reused.dtype == dtype
            new.append(reused if fits else np.empty(shape, dtype))
            return new[-1]
        return empty


def _most_references(arrays: List[np.ndarray]) -> int:
    """The largest reference count among ``arrays`` (0 for none), counted the same way for every list."""
    return max((sys.getrefcount(a) for a in arrays), default=0)


#: What :func:`_most_references` counts for arrays held by their list alone (Python versions count differently).
_ALONE = _most_references([np.empty(0)])
