"""The dataset reader under its former name: ``import ghmm_data`` is :mod:`ghmm.dataset` (``ghmm.open_dataset``).

Kept so that code written against the single-file reader runs unchanged once ``pip install ./python`` is done
(or with ``python/`` on ``sys.path``).
"""

from ghmm.dataset import FORMAT, Dataset, open_dataset

__all__ = ["FORMAT", "Dataset", "open_dataset"]
