"""Next-token batches from rows in the dataset layout: the one home of the alignment.

Both :meth:`ghmm.Dataset.batches` (rows of memory-mapped files) and :func:`ghmm.stream` (rows read from
``ghmm stream``) make their batches with :func:`assemble`, from arrays in the layout of ``ghmm sample``'s files:
sequences on axis 0, then token positions ``p`` (tokens, next, loss, logprob: P = L columns, or L + 1 with a BOS
in column 0) or belief rows ``r`` (the belief after r symbols, r = 0 … L).

A batch's input position ``t`` is token position ``t`` and its target is token position ``t + 1``, t < T with
T = L with a BOS and L − 1 without. Everything else is aligned with the inputs, i.e. with what a model has read:

* ``beliefs[:, t]``: the belief after reading ``inputs[:, :t+1]``: belief row ``t + 1`` without BOS, row ``t``
  with BOS (the BOS leaves the initial belief, row 0, in place);
* ``weights[:, t]``: ``exp(logprob)`` at token position ``t``, the probability of the prefix ``inputs[:, :t+1]``;
* ``next[:, t]`` and ``loss[:, t]``: token position ``t + 1``, the distribution ``targets[:, t]`` was drawn from
  and its entropy in nats.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

#: The values of the ``beliefs``, ``weights`` and ``extras`` options of a batch.
BELIEFS = ("joint", "factors", None)
WEIGHTS = ("uniform", "logprob")
EXTRAS = ("next", "loss")

Rows = Union[slice, np.ndarray]


class Layout:
    """The columns a batch takes from each file of sequences of ``length`` symbols.

    Attributes:
        length: L, symbols per sequence.
        bos: the BOS token's id, or None.
        input_length: T = L with a BOS, L − 1 without.
        weight_dtype: the dtype of ``weights``: the beliefs' dtype, float64 when unknown.
    """

    def __init__(self, length: int, bos: Optional[int], dtype: Optional[np.dtype]) -> None:
        self.length = length
        self.bos = bos
        t = self.input_length = length if bos is not None else length - 1
        self.weight_dtype = np.dtype(dtype) if dtype is not None else np.dtype(np.float64)
        self.belief_rows = slice(0, t) if bos is not None else slice(1, t + 1)
        self.input_positions = slice(0, t)
        self.target_positions = slice(1, t + 1)


def assemble(layout: Layout, arrays: Mapping[str, np.ndarray], factor_arrays: Optional[Sequence[np.ndarray]],
             rows: Rows, beliefs: Optional[str], weights: str, extras: Tuple[str, ...],
             index: np.ndarray) -> Dict[str, Any]:
    """One batch: rows ``rows`` of ``arrays`` (output name → array in the file layout), aligned to the inputs.

    Every array of the batch is a fresh, writable, C-contiguous copy. ``beliefs`` ("joint", "factors" or None),
    ``weights`` ("uniform" or "logprob") and ``extras`` (a subset of ``EXTRAS``) must name arrays present in
    ``arrays`` (``factor_arrays`` for "factors"); the callers check that once, before their first batch.
    ``index`` (int64 [B]) becomes ``batch["index"]``.
    """
    tokens = arrays["tokens"][rows]  # a view for a slice: np.array below makes the only copy
    batch: Dict[str, Any] = {
        "inputs": np.array(tokens[:, layout.input_positions], dtype=np.int64),
        "targets": np.array(tokens[:, layout.target_positions], dtype=np.int64),
    }
    if beliefs == "joint":
        batch["beliefs"] = _take(arrays["beliefs"], rows, layout.belief_rows)
    elif beliefs == "factors":
        batch["beliefs"] = tuple(_take(a, rows, layout.belief_rows) for a in factor_arrays)
    if weights == "logprob":
        batch["weights"] = np.exp(_take(arrays["logprob"], rows, layout.input_positions)).astype(
            layout.weight_dtype, copy=False)
    else:
        batch["weights"] = np.ones((len(tokens), layout.input_length), dtype=layout.weight_dtype)
    for extra in extras:
        batch[extra] = _take(arrays[extra], rows, layout.target_positions)
    batch["index"] = index
    return batch


def _take(array: np.ndarray, rows: Rows, columns: slice = slice(None)) -> np.ndarray:
    """A fresh, writable, C-contiguous ndarray of ``array[rows, columns]``."""
    if isinstance(rows, slice):
        return np.array(array[rows, columns], order="C")  # a view (of a memory map or a buffer): copy it
    return np.ascontiguousarray(array[rows, columns])  # fancy indexing already made a copy
