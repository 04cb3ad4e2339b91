"""The ``ghmm-stream/1`` format: what ``ghmm stream`` writes on stdout, read from a pipe.

A stream is one line of JSON (UTF-8, ending in ``"\\n"``), the header, then batch after batch, each the complete
``.npy`` files (format version 1.0) of the header's ``outputs`` in their order, nothing in between. The header
has the keys of a dataset's ``meta.json`` that describe sequences (``process``, ``seed``, ``length``, ``dtype``,
``alphabet``, ``factors``, ``bos``, ``version``, ``outputs``) and ``format`` (``"ghmm-stream/1"``), ``batch``
(B, sequences per batch), ``rank``, ``world``, ``start_batch`` and ``batches`` (the count, or null when
endless). Each output entry states its per-batch ``shape`` (first axis B), in the dataset layout
(:func:`ghmm.dataset.check_layout` checks it). Batch k (counting from ``start_batch``) holds the global
sequences [g·B, (g + 1)·B) with g = k·world + rank.

Each output's data is read with ``readinto`` straight into the array that holds it (one per output and batch, from
the caller's ``empty``: no second copy); each ``.npy`` header is parsed by numpy (``numpy.lib.format``) the first
time and afterwards only compared, byte for byte, with the first.
"""

from __future__ import annotations

import io
import json
from typing import Any, BinaryIO, Callable, Dict, List, NamedTuple, Optional, Tuple

import numpy as np
from numpy.lib import format as npy

from .dataset import _is_int, check_layout

#: The value of the header's ``"format"``.
STREAM_FORMAT = "ghmm-stream/1"

_MAGIC = b"\x93NUMPY"
_PREAMBLE = 10  # magic, version (2 bytes), header length (uint16, little-endian) of format 1.0


class StreamError(RuntimeError):
    """The bytes on the pipe do not follow ``ghmm-stream/1``: a bug of the writer, not of the caller's input."""


def read_header(pipe: BinaryIO) -> Optional[Dict[str, Any]]:
    """Reads and checks the header line; None if the pipe ends before any byte.

    Raises:
        StreamError: the line is not JSON, not ``ghmm-stream/1``, or its outputs break the dataset layout.
    """
    line = pipe.readline()
    if not line:
        return None
    if not line.endswith(b"\n"):
        raise StreamError(f"the stream ended inside its header line ({len(line)} bytes)")
    try:
        header = json.loads(line.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise StreamError(f"the stream's header line is not UTF-8 JSON: {' '.join(str(e).split())}") from None
    if not isinstance(header, dict) or header.get("format") != STREAM_FORMAT:
        found = header.get("format") if isinstance(header, dict) else type(header).__name__
        raise StreamError(f"the stream's header has format {found!r}, expected {STREAM_FORMAT!r}")
    for key in ("batch", "rank", "world", "start_batch"):
        if not _is_int(header.get(key)) or header[key] < (1 if key in ("batch", "world") else 0):
            raise StreamError(f"the stream's header has {key!r} = {header.get(key)!r}")
    if header["rank"] >= header["world"]:
        raise StreamError(f"the stream's header has rank {header['rank']} >= world {header['world']}")
    batches = header.get("batches")
    if batches is not None and (not _is_int(batches) or batches < 0):
        raise StreamError(f"the stream's header has 'batches' = {batches!r}, expected a count or null")
    try:
        check_layout(header, header["batch"], "the stream's header", "the stream's header",
                     lambda file: f"stream output {file}")
    except ValueError as e:
        raise StreamError(str(e)) from None
    return header


class _Output:
    """One output's place in a batch: its shape and dtype, and its expected ``.npy`` header."""

    def __init__(self, entry: Dict[str, Any]) -> None:
        self.name = entry["name"]
        self.file = entry["file"]
        self.factor = entry.get("factor")
        self.shape = tuple(entry["shape"])
        self.dtype = np.dtype(entry["dtype"]).newbyteorder("<")
        self.header: Optional[bytes] = None  # the preamble and header of the first batch, once checked

    def check(self, preamble_and_header: bytes, batch: int) -> None:
        """Checks the ``.npy`` header of this output in batch ``batch`` against the stream header's statement."""
        fp = io.BytesIO(preamble_and_header)
        try:
            version = npy.read_magic(fp)
            if version != (1, 0):
                raise ValueError(f"format version {version[0]}.{version[1]}, expected 1.0")
            shape, fortran, dtype = npy.read_array_header_1_0(fp)
        except ValueError as e:
            raise StreamError(f"batch {batch}, {self.file}: not a .npy header: {' '.join(str(e).split())}") from None
        if fortran or tuple(shape) != self.shape or dtype != self.dtype:
            raise StreamError(f"batch {batch}, {self.file}: .npy header says shape {list(shape)}, dtype {dtype.str}"
                              f"{', Fortran order' if fortran else ''}; the stream's header states "
                              f"{list(self.shape)}, {self.dtype.str}")
        self.header = preamble_and_header


class Frame(NamedTuple):
    """One batch as read: ``outputs`` maps a name to its array (``factor-beliefs`` excluded); ``factor_beliefs``
    holds factor f's beliefs at index f, or is None."""
    outputs: Dict[str, np.ndarray]
    factor_beliefs: Optional[Tuple[np.ndarray, ...]]


class FrameReader:
    """Reads the batches of a stream whose header has been read, each output into an array of its own."""

    def __init__(self, pipe: BinaryIO, header: Dict[str, Any]) -> None:
        self._pipe = pipe
        self._outputs = [_Output(entry) for entry in header["outputs"]]
        self._factors = sorted((o.factor, k) for k, o in enumerate(self._outputs) if o.name == "factor-beliefs")
        self._preamble = bytearray(_PREAMBLE)
        self.count = 0  # batches read

    def read(self, empty: Callable[[Tuple[int, ...], np.dtype], np.ndarray] = np.empty) -> Optional[Frame]:
        """Reads the next batch, or returns None at the end of the stream (between batches).

        Each output's data goes into ``empty(shape, dtype)``, called once per output in stream order after the
        output's ``.npy`` header has arrived. The reader keeps no reference to the arrays it returns.

        Raises:
            StreamError: the stream ends inside a batch or a ``.npy`` header differs from the stream's header.
        """
        arrays: List[np.ndarray] = []
        for i, output in enumerate(self._outputs):
            got = self._fill(memoryview(self._preamble))
            if got == 0 and i == 0:
                return None
            if got < _PREAMBLE:
                raise self._truncated(output, "its .npy preamble")
            header = output.header
            if header is not None and self._preamble == header[:_PREAMBLE]:
                rest = bytearray(len(header) - _PREAMBLE)
                if self._fill(memoryview(rest)) < len(rest):
                    raise self._truncated(output, "its .npy header")
                if rest != header[_PREAMBLE:]:
                    output.check(bytes(self._preamble + rest), self.count)  # raises: a different header
            else:
                if bytes(self._preamble[:6]) != _MAGIC:
                    raise StreamError(f"batch {self.count}, {output.file}: expected a .npy file, found bytes "
                                      f"{bytes(self._preamble)!r}")
                length = int.from_bytes(self._preamble[8:10], "little")
                rest = bytearray(length)
                if self._fill(memoryview(rest)) < length:
                    raise self._truncated(output, "its .npy header")
                output.check(bytes(self._preamble + rest), self.count)
            array = empty(output.shape, output.dtype)
            if array.nbytes:
                with memoryview(array) as view, view.cast("B") as data:  # released here: no reference stays
                    if self._fill(data) < len(data):
                        raise self._truncated(output, "its data")
            arrays.append(array)
        self.count += 1
        return Frame({o.name: a for o, a in zip(self._outputs, arrays) if o.name != "factor-beliefs"},
                     tuple(arrays[k] for _, k in self._factors) or None)

    def _fill(self, view: memoryview) -> int:
        """Reads into ``view`` until it is full or the pipe ends; the number of bytes read."""
        done, total = 0, len(view)
        while done < total:
            n = self._pipe.readinto(view[done:])
            if not n:
                break
            done += n
        return done

    def _truncated(self, output: _Output, part: str) -> StreamError:
        return StreamError(f"the stream ended in batch {self.count}, inside {output.file} ({part})")


def outputs_of(header: Dict[str, Any]) -> List[str]:
    """The output names of a stream's header, in stream order (``factor-beliefs`` once)."""
    names: List[str] = []
    for entry in header["outputs"]:
        if entry["name"] not in names:
            names.append(entry["name"])
    return names
