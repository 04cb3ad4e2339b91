"""A ``torch.utils.data.IterableDataset`` over :func:`ghmm.stream`: tensors generated on the fly.

This module imports torch; ``import ghmm`` does not (``ghmm.StreamDataset`` imports this module when first used).
"""

from __future__ import annotations

from typing import Any, Dict, Iterator

import torch
from torch.utils.data import IterableDataset, get_worker_info

from .stream import Process, stream, worker_start

__all__ = ["StreamDataset", "to_torch"]


def to_torch(batch: Dict[str, Any], pin_memory: bool = False) -> Dict[str, Any]:
    """The batch with every array a tensor sharing its memory (factor beliefs: a tuple of tensors)."""

    def convert(array):
        tensor = torch.from_numpy(array)
        return tensor.pin_memory() if pin_memory else tensor

    return {key: tuple(map(convert, value)) if isinstance(value, tuple) else convert(value)
            for key, value in batch.items()}


class StreamDataset(IterableDataset):
    """The batches of ``ghmm stream`` as dicts of tensors; give it to ``DataLoader(dataset, batch_size=None)``.

    Each iteration starts a JVM per ``DataLoader`` worker (or one in the main process). The share of the global
    sequence of batches is :func:`ghmm.stream_share`'s: ``torch.distributed``'s rank and world when initialised
    (or ``rank``/``world_size`` given), split again between the workers, so every rank and worker of a DDP run
    under ``torchrun`` trains on its own sequences with no extra code.

    Args:
        process, batch_size, length, seed, **options: as :func:`ghmm.stream` (``outputs``, ``bos``, ``dtype``,
            ``batches``, ``rank``, ``world_size``, ``threads``, ``eos``, ``pad_to``, ``freeze``, ``groups``).
        start_batch: batches of this rank already trained on (the step to resume at); with n workers, worker w
            resumes at its own batch :func:`ghmm.stream.worker_start` (the DataLoader takes workers in turn, so
            resume with the same ``num_workers``).
        pin_memory: pin each tensor (for fast copies to a GPU; needs CUDA).
    """

    def __init__(self, process: Process, *, batch_size: int, length: int, seed: int, start_batch: int = 0,
                 pin_memory: bool = False, **options: Any) -> None:
        super().__init__()
        self.process, self.batch_size, self.length, self.seed = process, batch_size, length, seed
        self.start_batch, self.pin_memory, self.options = start_batch, pin_memory, options

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        info = get_worker_info()
        start = self.start_batch if info is None else worker_start(self.start_batch, info.id, info.num_workers)
        with stream(self.process, batch_size=self.batch_size, length=self.length, seed=self.seed,
                    start_batch=start, **self.options) as batches:
            for batch in batches:
                yield to_torch(batch, self.pin_memory)
