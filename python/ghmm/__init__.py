"""ghmm from Python: read ``ghmm sample`` datasets, stream batches from ``ghmm stream``, run the ``ghmm`` jar.

numpy is the only requirement; :class:`StreamDataset` (a ``torch.utils.data.IterableDataset``) is the one name
that imports torch, when it is first used.
"""

from .dataset import FORMAT, Dataset, open_dataset
from .launcher import find_jar, find_java
from .stream import STREAM_FORMAT, Stream, stream, stream_share

__all__ = ["FORMAT", "Dataset", "open_dataset", "STREAM_FORMAT", "Stream", "stream", "stream_share",
           "StreamDataset", "find_jar", "find_java"]
__version__ = "0.1.0"


def __getattr__(name):
    if name == "StreamDataset":  # torch is imported only here
        from .torch_data import StreamDataset
        return StreamDataset
    raise AttributeError(f"module 'ghmm' has no attribute {name!r}")
