"""Print the first batches `ghmm stream` generates for a process: shapes, global indices, the loss floor (numpy only).

    python examples/python/stream_batches.py --process mess3 --batches 3
"""

import argparse

import ghmm


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--process", default="mess3")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--length", type=int, default=10)
    parser.add_argument("--batches", type=int, default=3)
    args = parser.parse_args()
    with ghmm.stream(args.process, batch_size=args.batch_size, length=args.length, seed=1,
                     outputs="tokens,beliefs,loss", bos=True, batches=args.batches) as batches:
        print(f"vocabulary {batches.vocab_size} (BOS {batches.bos}), {batches.input_length} positions per row")
        for batch in batches:
            first, last = batch["index"][0], batch["index"][-1]
            print(f"sequences {first}..{last}: inputs {batch['inputs'].shape}, beliefs {batch['beliefs'].shape}, "
                  f"loss floor {batch['loss'].mean():.4f} nats")


if __name__ == "__main__":
    main()
