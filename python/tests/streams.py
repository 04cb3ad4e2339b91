"""Test support: ``ghmm-stream/1`` streams synthesised from a dataset directory, and a fake ``java`` that writes them.

``write_stream`` cuts a ``ghmm-dataset/1`` directory (as ``test_ghmm_data.write_dataset`` makes) into the batches
of share (rank, world) from ``start_batch``: batch k holds rows [g·B, (g + 1)·B), g = k·world + rank, written as
the header line and then each output's ``.npy`` file (format 1.0), as ``ghmm stream`` writes them.

``install_fake_java(directory)`` makes ``directory/bin/java`` run this file: pointing ``JAVA_HOME`` at
``directory`` makes :func:`ghmm.stream` start it instead of the JVM. It records its arguments, its pid and the
``--process`` file's text in ``$FAKE_GHMM_ARGS`` (JSON) and does what ``$FAKE_GHMM_MODE`` says:

* ``dataset:DIR``: streams DIR for the ``--batch``, ``--rank``, ``--world``, ``--start-batch``, ``--batches`` given;
* ``fail:CODE:LINE``: prints LINE on stderr and exits with CODE (nothing on stdout);
* ``endless``: writes the header and the first batch of ``$FAKE_GHMM_DATASET`` again and again;
* ``hang``: writes the header of DIR (``$FAKE_GHMM_DATASET``) and sleeps; ``hang-hard`` also ignores SIGTERM;
* ``die-mid-batch``: writes the header and half a batch of ``$FAKE_GHMM_DATASET``, prints an error, exits 3.
"""

import io
import json
import os
import signal
import stat
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def header_of(directory, batch, rank=0, world=1, start_batch=0, batches=None):
    """The stream header for a dataset directory's meta.json, with per-batch shapes."""
    meta = json.loads((Path(directory) / "meta.json").read_text())
    header = {k: v for k, v in meta.items() if k not in ("count", "first")}
    header.update(format="ghmm-stream/1", batch=batch, rank=rank, world=world, start_batch=start_batch,
                  batches=batches)
    header["outputs"] = [dict(o, shape=[batch] + o["shape"][1:]) for o in meta["outputs"]]
    return header


def batch_rows(count, batch, rank, world, start_batch, batches=None):
    """The row ranges of the batches of a share that fit in ``count`` rows (stopping after ``batches``)."""
    k, out = start_batch, []
    while batches is None or len(out) < batches:
        g = k * world + rank
        if (g + 1) * batch > count:
            break
        out.append((g * batch, (g + 1) * batch))
        k += 1
    return out


def npy_bytes(array):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.ascontiguousarray(array), version=(1, 0), allow_pickle=False)
    return buffer.getvalue()


def stream_bytes(directory, batch, rank=0, world=1, start_batch=0, batches=None, announce=True):
    """The whole stream of a share of the dataset in ``directory`` as bytes."""
    directory = Path(directory)
    meta = json.loads((directory / "meta.json").read_text())
    rows = batch_rows(meta["count"], batch, rank, world, start_batch, batches)
    header = header_of(directory, batch, rank, world, start_batch, len(rows) if announce else None)
    arrays = [np.load(directory / o["file"]) for o in meta["outputs"]]
    out = [json.dumps(header).encode("utf-8") + b"\n"]
    for lo, hi in rows:
        out.extend(npy_bytes(a[lo:hi]) for a in arrays)
    return b"".join(out)


def install_fake_java(directory):
    """Makes ``directory/bin/java`` a script running this file with this interpreter; returns ``directory``."""
    java = Path(directory, "bin", "java")
    java.parent.mkdir(parents=True, exist_ok=True)
    java.write_text(f"#!/bin/sh\nexec '{sys.executable}' '{__file__}' \"$@\"\n")
    java.chmod(java.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return Path(directory)


def _option(args, name, default=None, cast=int):
    if name in args:
        return cast(args[args.index(name) + 1])
    return default


def _fake_main(args):
    if os.environ.get("FAKE_GHMM_ARGS"):
        process = _option(args, "--process", cast=str)
        record = {"args": args, "pid": os.getpid(),
                  "process_file": Path(process).read_text() if process and Path(process).is_file() else None}
        Path(os.environ["FAKE_GHMM_ARGS"]).write_text(json.dumps(record))
    mode = os.environ.get("FAKE_GHMM_MODE", "")
    out = sys.stdout.buffer
    if mode.startswith("fail:"):
        _, code, line = mode.split(":", 2)
        print(line, file=sys.stderr)
        return int(code)
    if mode.startswith("dataset:"):
        data = stream_bytes(mode[len("dataset:"):], _option(args, "--batch"), _option(args, "--rank", 0),
                            _option(args, "--world", 1), _option(args, "--start-batch", 0),
                            _option(args, "--batches"))
        out.write(data)
        out.flush()
        return 0
    directory = os.environ["FAKE_GHMM_DATASET"]
    batch = _option(args, "--batch")
    out.write(json.dumps(header_of(directory, batch)).encode("utf-8") + b"\n")
    out.flush()
    if mode == "die-mid-batch":
        meta = json.loads(Path(directory, "meta.json").read_text())
        out.write(npy_bytes(np.load(Path(directory, meta["outputs"][0]["file"]))[:batch])[:-3])
        out.flush()
        print("ghmm stream: internal error: IllegalStateException: boom", file=sys.stderr)
        return 3
    if mode == "endless":  # the first batch of the dataset, again and again
        meta = json.loads(Path(directory, "meta.json").read_text())
        frame = b"".join(npy_bytes(np.load(Path(directory, o["file"]))[:batch]) for o in meta["outputs"])
        while True:
            out.write(frame)
            out.flush()
    if mode == "hang-hard":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    while True:
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(_fake_main(sys.argv[1:]))
