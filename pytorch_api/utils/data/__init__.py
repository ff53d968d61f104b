"""torch.utils.data: Dataset, TensorDataset, Subset, random_split, DataLoader (batching, shuffling by a
Generator, drop_last, default collate of tensors, numbers, tuples and dicts)."""
from __future__ import annotations

import math

from .dataset import Dataset, TensorDataset, Subset, ConcatDataset, random_split
from .dataloader import DataLoader, default_collate
from .sampler import Sampler, SequentialSampler, RandomSampler, BatchSampler

__all__ = ["Dataset", "TensorDataset", "Subset", "ConcatDataset", "random_split", "DataLoader", "default_collate",
           "Sampler", "SequentialSampler", "RandomSampler", "BatchSampler"]
