"""Train a small transformer on sequences generated on the fly by `ghmm stream` (needs torch and ghmm.jar).

The model is the one of Shai et al. 2026: a causal transformer of 4 layers, d_model 64. Every batch is new data,
so there are no epochs, and the loss is printed beside its floor (the mean entropy of the next-symbol
distributions: no model does better on average).

    python examples/python/train_on_the_fly.py --steps 1000
    torchrun --nproc_per_node 2 examples/python/train_on_the_fly.py --steps 1000    # DDP: each rank its own data
    python examples/python/train_on_the_fly.py --steps 2000 --checkpoint run.pt     # resumes where run.pt stopped
"""

import argparse
import os

import torch
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader

import ghmm


class Transformer(nn.Module):
    """A causal transformer mapping tokens [B, T] to next-token logits [B, T, V]."""

    def __init__(self, vocab, positions, d_model=64, layers=4, heads=4):
        super().__init__()
        self.embed, self.position = nn.Embedding(vocab, d_model), nn.Embedding(positions, d_model)
        layer = nn.TransformerEncoderLayer(d_model, heads, 4 * d_model, dropout=0.0, batch_first=True)
        self.body, self.head = nn.TransformerEncoder(layer, layers), nn.Linear(d_model, vocab)

    def forward(self, x):
        t = x.shape[1]
        causal = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        return self.head(self.body(self.embed(x) + self.position(torch.arange(t)), mask=causal))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--process", default="docs/processes/shai-chain.json")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--length", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--steps", type=int, default=1000, help="train until this step")
    parser.add_argument("--workers", type=int, default=1, help="DataLoader workers (each streams its own share)")
    parser.add_argument("--checkpoint", help="resume from this file if it exists; save to it at the end")
    args = parser.parse_args()

    distributed = "RANK" in os.environ  # started by torchrun
    if distributed:
        torch.distributed.init_process_group("gloo")
    rank = torch.distributed.get_rank() if distributed else 0

    with ghmm.stream(args.process, batch_size=1, length=args.length, seed=args.seed, bos=True) as probe:
        vocab, positions = probe.vocab_size, probe.input_length  # from the stream's header
    model = Transformer(vocab, positions)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    step = 0
    if args.checkpoint and os.path.exists(args.checkpoint):
        saved = torch.load(args.checkpoint)
        model.load_state_dict(saved["model"])
        opt.load_state_dict(saved["opt"])
        step = saved["step"]
    trained = DistributedDataParallel(model) if distributed else model

    # start_batch=step: the batches after the ones already trained on; the rank and world come from torchrun
    data = ghmm.StreamDataset(args.process, batch_size=args.batch_size, length=args.length, seed=args.seed,
                              outputs="tokens,loss", bos=True, start_batch=step)
    loader = DataLoader(data, batch_size=None, num_workers=args.workers)
    for batch in loader:
        if step >= args.steps:
            break
        logits = trained(batch["inputs"])
        loss = nn.functional.cross_entropy(logits.transpose(1, 2), batch["targets"])
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if rank == 0 and (step % 100 == 0 or step == args.steps):
            print(f"step {step}: loss {loss.item():.4f} nats, floor {batch['loss'].mean().item():.4f}", flush=True)
    if rank == 0 and args.checkpoint:
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step}, args.checkpoint)
    if distributed:
        torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main()
