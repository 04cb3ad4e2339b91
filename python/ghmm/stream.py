"""Training batches generated on the fly: ``ghmm stream`` in a subprocess, read as :mod:`ghmm.stream_format`.

Quick start::

    import ghmm
    for batch in ghmm.stream("mess3", batch_size=64, length=16, seed=1, outputs="tokens,beliefs,loss"):
        batch["inputs"], batch["targets"], batch["beliefs"], batch["loss"], batch["index"]

The batches are those of :meth:`ghmm.Dataset.batches` on the same sequences (same keys, values, dtypes and
alignment), made by the same function (:func:`ghmm.batches.assemble`). Each output is read off the pipe straight
into an array of its own; ``beliefs``, ``next`` and ``loss`` are views of those (not C-contiguous), ``inputs`` and
``targets`` int64 copies. A batch's arrays are reused for a later batch only once nothing references them
(:class:`ghmm.batches.Recycler`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import weakref
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from . import launcher
from .batches import Layout, Recycler, assemble, special_tokens
from .dataset import _is_int
from .stream_format import STREAM_FORMAT, FrameReader, StreamError, outputs_of, read_header

__all__ = ["STREAM_FORMAT", "Stream", "stream", "stream_share", "worker_share", "worker_start"]

#: Seconds a stream waits for the JVM to end after SIGTERM before it kills it.
TERMINATE_SECONDS = 1.0

#: The pipe's buffer asked for on Linux (``F_SETPIPE_SZ``; 1 MiB is the default ``/proc/sys/fs/pipe-max-size``):
#: the JVM's one write per batch then wakes the reader once per MiB instead of once per 64 KiB.
PIPE_BYTES = 1 << 20

_OUTPUTS = ("tokens", "beliefs", "factor-beliefs", "next", "loss", "logprob", "factor-gap")
_DTYPES = ("float32", "float64")

Process = Union[str, "os.PathLike[str]", Mapping[str, Any]]


def stream_share(rank: Optional[int] = None, world_size: Optional[int] = None) -> Tuple[int, int]:
    """The (rank, world) this process streams as: its share of the global sequence of batches.

    ``rank`` and ``world_size`` default to ``torch.distributed``'s when it is initialised, else to 0 and 1 (give
    both or neither). Inside a ``DataLoader`` worker w of n, the share is split again: rank r·n + w of world W·n.
    torch is consulted only if the program has imported it.
    """
    if (rank is None) != (world_size is None):
        raise ValueError(f"rank={rank!r}, world_size={world_size!r}: give both or neither")
    torch = sys.modules.get("torch")
    if rank is None:
        rank, world_size = 0, 1
        distributed = getattr(torch, "distributed", None) if torch is not None else None
        if distributed is not None and distributed.is_available() and distributed.is_initialized():
            rank, world_size = distributed.get_rank(), distributed.get_world_size()
    if not (_is_int(rank) and _is_int(world_size) and 0 <= rank < world_size):
        raise ValueError(f"rank={rank!r}, world_size={world_size!r}: need 0 <= rank < world_size")
    worker, workers = 0, 1
    if torch is not None:
        info = torch.utils.data.get_worker_info()
        if info is not None:
            worker, workers = info.id, info.num_workers
    return worker_share(int(rank), int(world_size), worker, workers)


def worker_share(rank: int, world: int, worker: int, workers: int) -> Tuple[int, int]:
    """Worker ``worker`` of ``workers`` within rank ``rank`` of ``world``: rank r·n + w of world W·n."""
    return rank * workers + worker, world * workers


def worker_start(start_batch: int, worker: int, workers: int) -> int:
    """Batches worker ``worker`` of ``workers`` has yielded after its rank's first ``start_batch`` batches.

    A ``DataLoader`` takes the batches of its workers in turn (0, 1, …, n − 1, 0, …), so batch s of a rank comes
    from worker s mod n: worker w resumes at its own batch ⌈(k − w) / n⌉ (0 when k ≤ w).
    """
    return max(0, (start_batch - worker + workers - 1) // workers)


def stream(process: Process, *, batch_size: int, length: int, seed: int, outputs: Union[None, str, Sequence[str]] = None,
           bos: bool = False, dtype: Optional[str] = None, start_batch: int = 0, batches: Optional[int] = None,
           rank: Optional[int] = None, world_size: Optional[int] = None,
           threads: Optional[int] = None, eos: bool = False, pad_to: Optional[int] = None,
           freeze: Union[None, int, Sequence[int]] = None, groups: Optional[int] = None) -> "Stream":
    """Starts ``ghmm stream`` and returns its batches, an iterator of dicts like :meth:`ghmm.Dataset.batches`'.

    The command is ``java -jar ghmm.jar stream --process P --batch B --length L --seed S [--outputs a,b] [--bos]
    [--eos] [--pad-to T] [--freeze F,… --groups K] [--dtype D] [--start-batch K] [--batches N] [--rank R --world W]
    [--threads T]`` (Java and the jar as
    :mod:`ghmm.launcher` finds them). Each batch holds ``batch_size`` sequences:

    * ``inputs``, ``targets``: int64 [B, T] (T = L with ``bos``, L − 1 without, plus the EOS and PAD columns);
    * ``beliefs``: [B, T, S] with the ``beliefs`` output, or with ``factor-beliefs`` a tuple of [B, T, d_f];
    * ``weights``: [B, T], ``exp(logprob)`` with the ``logprob`` output, else ones;
    * ``next``, ``loss``: with those outputs;
    * ``factor_gap``: with the ``factor-gap`` output, [B, T, 2] or [B, T, 1], the factor gap of ``beliefs[:, t]``;
    * ``mask``: bool [B, T] when sequences have EOS/PAD columns, False where ``targets`` is EOS or PAD (``weights``
      are 0 there);
    * ``index``: int64 [B], each row's global sequence index: batch k of share (r, W) holds sequences
      [g·B, (g + 1)·B), g = k·W + r, k counting from ``start_batch``.

    Args:
        process: a process as a dict (the JSON process format; written to a temporary file), a process file's
            path, or a catalogue string such as ``"mess3:x=0.15,alpha=0.6"``.
        batch_size, length, seed: B, L and the seed; sequence g is the same whatever B, the rank and the world.
        outputs: some of ``tokens, beliefs, factor-beliefs, next, loss, logprob, factor-gap`` (a list or a comma-separated
            string; ``tokens`` required, ``beliefs`` and ``factor-beliefs`` not both); default: ``ghmm stream``'s.
        bos: prepend the BOS token (id = |alphabet|) to every sequence.
        eos: append the EOS token (the id after BOS) to every sequence.
        pad_to: fill every sequence with PAD tokens (the id after BOS and EOS) to this many tokens.
        freeze, groups: frozen factors (an index or a list) and the number of groups K: sequence g is in group
            g mod K, within which the frozen factors share one symbol path; ``batch_size`` must be a multiple of K.
        dtype: ``"float32"`` or ``"float64"``, the floating outputs' type (default: ``ghmm stream``'s).
        start_batch: the first batch k of this share, to resume after k batches.
        batches: stop after this many batches (default: endless).
        rank, world_size: this process's share (default: ``torch.distributed``'s, see :func:`stream_share`).
        threads: generator threads of the JVM.

    Returns:
        A :class:`Stream`: iterate it; leave the loop, ``close()`` it or drop it to end the JVM.

    Raises:
        ValueError: a bad argument, or ``ghmm stream`` refused its input (exit 2): its one stderr line.
        RuntimeError: ``ghmm stream`` failed otherwise: its stderr line and exit code.
        ghmm.launcher.GhmmNotFound: no Java or no ghmm.jar.
    """
    for name, value, low in (("batch_size", batch_size, 1), ("length", length, 1), ("start_batch", start_batch, 0)):
        if not _is_int(value) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, found {value!r}")
    if not _is_int(seed):
        raise ValueError(f"seed must be an integer, found {seed!r}")
    for name, value in (("batches", batches), ("threads", threads), ("pad_to", pad_to), ("groups", groups)):
        if value is not None and (not _is_int(value) or value < (0 if name == "batches" else 1)):
            raise ValueError(f"{name} must be a positive integer or None, found {value!r}")
    try:
        frozen = [freeze] if _is_int(freeze) else list(freeze) if freeze is not None else None
    except TypeError:  # neither an index nor iterable (freeze=1.0): refused below as no index
        frozen = [freeze]
    if frozen is not None and not all(_is_int(f) and f >= 0 for f in frozen) or frozen == []:
        raise ValueError(f"freeze must be a factor index or a list of them, found {freeze!r}")
    if (frozen is None) != (groups is None):
        raise ValueError(f"freeze={freeze!r}, groups={groups!r}: give both or neither")
    if dtype is not None and dtype not in _DTYPES:
        raise ValueError(f"dtype={dtype!r}: expected one of {list(_DTYPES)}")
    names = _outputs(outputs)
    share = stream_share(rank, world_size)
    args = ["stream", "--batch", str(batch_size), "--length", str(length), "--seed", str(seed)]
    if names is not None:
        args += ["--outputs", ",".join(names)]
    if bos:
        args.append("--bos")
    if eos:
        args.append("--eos")
    if pad_to is not None:
        args += ["--pad-to", str(pad_to)]
    if frozen is not None:
        args += ["--freeze", ",".join(str(int(f)) for f in frozen), "--groups", str(groups)]
    if dtype is not None:
        args += ["--dtype", dtype]
    if start_batch:
        args += ["--start-batch", str(start_batch)]
    if batches is not None:
        args += ["--batches", str(batches)]
    if share != (0, 1):
        args += ["--rank", str(share[0]), "--world", str(share[1])]
    if threads is not None:
        args += ["--threads", str(threads)]
    expected = {"batch": batch_size, "length": length, "rank": share[0], "world": share[1],
                "start_batch": start_batch}
    return Stream(process, args, expected)


def _outputs(outputs: Union[None, str, Sequence[str]]) -> Optional[List[str]]:
    if outputs is None:
        return None
    names = [n.strip() for n in outputs.split(",")] if isinstance(outputs, str) else list(outputs)
    for name in names:
        if name not in _OUTPUTS:
            raise ValueError(f"outputs: {name!r} is not one of {list(_OUTPUTS)}")
    if "tokens" not in names:
        raise ValueError(f"outputs={names!r}: 'tokens' is required (the inputs and targets are made from it)")
    if "beliefs" in names and "factor-beliefs" in names:
        raise ValueError("outputs: give one of 'beliefs' and 'factor-beliefs' (a batch holds one under 'beliefs')")
    return names


class Stream:
    """The batches of one ``ghmm stream`` subprocess; iterate it (once).

    The JVM starts and its header is read when the stream is made, so a bad argument fails there. The JVM ends when
    the iteration ends or is left (``break``, an exception, Ctrl-C), on :meth:`close`, on leaving a ``with`` block,
    and when the stream is garbage collected: SIGTERM, then SIGKILL after :data:`TERMINATE_SECONDS`.

    Attributes:
        header: the stream's header (a dict; ``header["process"]`` is the full process specification).
        length, bos, eos, pad, pad_to, alphabet, factor_dims, dtype, freeze, groups: as in :class:`ghmm.Dataset`.
        vocab_size: ``len(alphabet)`` plus one per special token (BOS, EOS, PAD).
        input_length: T, the positions per batch row.
        outputs: the output names streamed.
        command: the command line that was run.
    """

    def __init__(self, process: Process, args: List[str], expected: Dict[str, int]) -> None:
        self._temporary: Optional[str] = None
        java_jar = launcher.command([])  # Java and the jar first: a missing one leaves no temporary file behind
        if isinstance(process, Mapping):
            handle, self._temporary = tempfile.mkstemp(prefix="ghmm-process-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as f:
                json.dump(process, f)
            spec = self._temporary
        elif isinstance(process, (str, os.PathLike)):
            spec = os.fspath(process)
        else:
            raise ValueError(f"process must be a dict, a file path or a catalogue string, found {type(process).__name__}")
        self.command = [*java_jar, args[0], "--process", spec, *args[1:]]
        jvm = self._jvm = _Jvm(self.command, self._temporary)
        # ends the JVM when this stream is collected: the iteration holds the _Jvm, never the Stream
        self._finalizer = weakref.finalize(self, jvm.end)
        try:
            header = read_header(jvm.process.stdout)
            if header is None:
                jvm.fail("ended before its header")
            for key, value in expected.items():
                if header[key] != value:
                    raise StreamError(f"the stream's header has {key!r} = {header[key]!r}, but {value!r} was asked")
        except BaseException:
            self.close()
            raise
        self.header = header
        self.length = int(header["length"])
        self.bos, self.eos, self.pad, tail = special_tokens(header)
        self.pad_to = header.get("pad_to")
        self.alphabet = tuple(header["alphabet"])
        self.vocab_size = len(self.alphabet) + sum(t is not None for t in (self.bos, self.eos, self.pad))
        self.factor_dims = tuple(int(f["dimension"]) for f in header.get("factors", []))
        self.dtype = np.dtype(header["dtype"]) if header.get("dtype") else None
        self.freeze = tuple(header.get("freeze") or ())
        self.groups = header.get("groups")
        layout = Layout(self.length, self.bos, self.dtype, tail)
        self.input_length = layout.input_length
        self.outputs = outputs_of(header)
        self._batches = _batches(jvm, header, layout, self.outputs)

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return self

    def __next__(self) -> Dict[str, Any]:
        return next(self._batches)

    def __enter__(self) -> "Stream":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Ends the JVM (if still running) and frees its files; the iteration stops. Safe to call again."""
        self._finalizer()
        batches = getattr(self, "_batches", None)
        if batches is not None:
            batches.close()

    @property
    def returncode(self) -> Optional[int]:
        """The JVM's exit code, None while it runs."""
        return self._jvm.process.poll()

    @property
    def pid(self) -> int:
        """The JVM's process id."""
        return self._jvm.process.pid


def _batches(jvm: "_Jvm", header: Dict[str, Any], layout: Layout, outputs: List[str]) -> Iterator[Dict[str, Any]]:
    """The batches on the JVM's stdout, assembled as Dataset.batches does; ends the JVM however it ends."""
    try:
        reader = FrameReader(jvm.process.stdout, header)
        beliefs = "joint" if "beliefs" in outputs else "factors" if "factor-beliefs" in outputs else None
        weights = "logprob" if "logprob" in outputs else "uniform"
        extras = tuple(e for e in ("next", "loss", "factor-gap") if e in outputs)
        recycler, made = Recycler(), []
        while _next_batch(reader, recycler, layout, beliefs, weights, extras, header, made):
            yield made.pop()  # nothing here holds a batch the caller has dropped: its arrays can be reused
        if jvm.process.wait() != 0:
            jvm.fail(f"ended after {reader.count} batches")
        if header.get("batches") is not None and reader.count != header["batches"]:
            raise StreamError(f"the stream ended after {reader.count} batches; its header announced "
                              f"{header['batches']}")
    except StreamError:
        try:  # a JVM that failed mid-batch ends right after its stdout: its own error explains the break
            code = jvm.process.wait(TERMINATE_SECONDS)
        except subprocess.TimeoutExpired:
            raise
        if code == 0:
            raise
        jvm.fail("broke off inside a batch")
    finally:
        jvm.end()


def _next_batch(reader: FrameReader, recycler: Recycler, layout: Layout, beliefs: Optional[str], weights: str,
                extras: Tuple[str, ...], header: Dict[str, Any], made: List[Dict[str, Any]]) -> bool:
    """Reads the next batch and appends it to ``made``: True, or False at the end of the stream.

    Batch k (counting from the header's ``start_batch``) of share (r, W) holds sequences [g·B, (g + 1)·B),
    g = k·W + r. Its arrays come from ``recycler``: the outputs as read (beliefs, next and loss are views of them),
    then inputs, targets and weights.
    """
    empty = recycler.empty()
    frame = reader.read(empty)
    if frame is None:
        return False
    b = header["batch"]
    g = (header["start_batch"] + reader.count - 1) * header["world"] + header["rank"]
    made.append(assemble(layout, frame.outputs, frame.factor_beliefs, slice(None), beliefs, weights, extras,
                         np.arange(g * b, (g + 1) * b, dtype=np.int64), empty, views=True))
    return True


class _Jvm:
    """The ``ghmm stream`` subprocess: stdout a pipe, stderr a temporary file (a chatty JVM never blocks on it)."""

    def __init__(self, command: List[str], temporary: Optional[str]) -> None:
        self.temporary = temporary
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.stderr)
        _enlarge(self.process.stdout)

    def fail(self, what: str) -> None:
        """Raises the JVM's error: ValueError for exit 2 (bad input), RuntimeError otherwise."""
        code = self.process.wait()
        self.stderr.seek(0)
        lines = [line for line in self.stderr.read().decode("utf-8", "replace").splitlines() if line.strip()]
        line = lines[-1].strip() if lines else "(nothing on stderr)"
        if code == 2:
            raise ValueError(line)
        raise RuntimeError(f"{line} (ghmm stream {what}, exit code {code})")

    def end(self) -> None:
        """Ends the process: SIGTERM, SIGKILL after TERMINATE_SECONDS; closes its pipe and files. Idempotent."""
        process = self.process
        try:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(TERMINATE_SECONDS)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        finally:
            process.stdout.close()
            self.stderr.close()
            if self.temporary is not None:
                try:
                    os.unlink(self.temporary)
                except FileNotFoundError:
                    pass


def _enlarge(pipe: Any) -> None:
    """Asks for a pipe buffer of PIPE_BYTES on Linux; elsewhere, or if refused, the pipe stays as it is."""
    if not sys.platform.startswith("linux"):
        return
    import fcntl
    try:
        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except OSError:
        pass  # over a lowered pipe-max-size, or the user's pipe quota: only slower
