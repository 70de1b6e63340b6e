#!/usr/bin/python3
"""Trains PyTorch's nn.LSTM, nn.GRU or nn.RNN with simdrnn's charrnn recipe.

The PyTorch reference for the quality and training-speed goals of the LSTM
and GRU cells: a character-level model trained on the first 1,000,000
characters of a text (tinyshakespeare) exactly as rnn.Trainer.Next walks it
with charrnn's defaults (rnn.DefaultOptimizer, TrainConfig.ResetEvery 100):

  - vocabulary: the characters of the whole file, sorted by code point;
  - model: x = one_hot(token) into nn.LSTM / nn.GRU / nn.RNN(V, H), then
    nn.Linear(H, V); PyTorch's default initialization (uniform in
    +-1/sqrt(H) for the cell, nn.Linear's for the output), from
    torch.manual_seed(seed);
  - truncated BPTT over chunks of 25 characters walked in order, the loss
    the sum of the chunk's 25 cross-entropies (nats per chunk, as
    min-char-rnn and rnn.Trainer), the hidden state carried from chunk to
    chunk but restarted from zero before the first update, every 100
    updates (before updates 101, 201, ...) and when the next chunk would run
    past the end of the data (position back to 0);
  - Adam, lr 2e-3, betas (0.9, 0.999), eps 1e-8, the gradients' global
    norm clipped to 5 (scaled by 5/norm when it exceeds 5), the learning
    rate warmed up linearly: update t (from 1) uses lr*t/1000 while
    t < 1000;
  - 20,000 updates, one thread (torch.set_num_threads(1)).

For each seed it prints the final smoothed training loss (min-char-rnn's
0.999/0.001 average of the chunk losses, from ln(V)*25, divided by 25), the
held-out loss from a zero state (mean cross-entropy of predicting each
character after the first 1,000,000 from those before it in the held-out
text, computed in float64) and the training speed (characters per second
of wall-clock time, and per second of the thread's CPU time, which leaves
out the time other processes ran), as a line in Go's
benchmark format that benchstat reads (the seeds are its repetitions):

    BenchmarkTrain/cell=lstm/H=128/impl=torch 20000 7700000 ns/op 3250 chars/s 3300 cpu-chars/s 1.72 train-nats/char 2.02 heldout-nats/char

and a table at the end. -save writes each trained model as a checkpoint in
simdrnn's format (docs/checkpoints.md: the state_dict as F32 safetensors,
metadata format "simdrnn.charrnn.v1", vocab, iters, cell), which charrnn
eval and sample read. Run from this directory:

    /usr/bin/python3 torch_train.py -cell lstm -seeds 1,2,3,4,5 ../../../shared/data/tinyshakespeare.txt
"""

import argparse
import copy
import json
import math
import os
import statistics
import struct
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
import torchenv  # noqa: E402

torchenv.load_blas(sys.argv)  # before torch: PyTorch's libblas.so.3 resolves to it

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

CELLS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}
FORMAT = "simdrnn.charrnn.v1"


class CharModel(nn.Module):
    """One-hot input into one layer of the cell, then a linear output."""

    def __init__(self, cell, V, H):
        super().__init__()
        self.rnn = CELLS[cell](V, H)
        self.fc = nn.Linear(H, V)

    def forward(self, x, state=None):
        out, state = self.rnn(x, state)
        return self.fc(out), state


def write_safetensors(path, sd, meta):
    """Writes float32 tensors and string metadata as a safetensors file."""
    header, blobs, off = {"__metadata__": meta}, [], 0
    for name in sorted(sd):
        data = sd[name].detach().float().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(sd[name].shape), "data_offsets": [off, off + len(data)]}
        blobs.append(data)
        off += len(data)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
    os.replace(tmp, path)


def read_safetensors(path):
    """Reads a float32 safetensors file: the tensors and the metadata."""
    with open(path, "rb") as f:
        b = f.read()
    n = struct.unpack("<Q", b[:8])[0]
    header = json.loads(b[8:8 + n])
    meta = header.pop("__metadata__", {})
    sd = {}
    for name, t in header.items():
        if t["dtype"] != "F32":
            raise ValueError("%s: tensor %s is %s, want F32" % (path, name, t["dtype"]))
        s, e = t["data_offsets"]
        buf = bytearray(b[8 + n + s:8 + n + e])
        sd[name] = torch.frombuffer(buf, dtype=torch.float32).reshape(t["shape"]).clone()
    return sd, meta


def heldout_loss(model, tokens, V):
    """Mean cross-entropy of tokens[1:] given the tokens before them, from a
    zero state, in float64 (a copy of the model)."""
    m = copy.deepcopy(model).double()
    with torch.no_grad():
        x = F.one_hot(tokens[:-1], V).double().unsqueeze(1)
        logits, _ = m(x)
        return F.cross_entropy(logits.squeeze(1), tokens[1:]).item()


def detach(state):
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)
    return state.detach()


def train(a, cell, seed, data, held, vocab, log):
    """One run; returns (smoothed loss per char, held-out loss, chars/s,
    chars per CPU second of the thread, s/update)."""
    V = len(vocab)
    torch.manual_seed(seed)
    model = CharModel(cell, V, a.hidden)
    if a.init:
        sd, meta = read_safetensors(a.init)
        if meta.get("vocab") != vocab:
            raise SystemExit("torch_train.py: -init %s: its vocabulary is not the text's" % a.init)
        model.load_state_dict(sd, strict=True)
    params = [p for p in model.parameters()]
    if a.freeze_bias_hh:  # the bias the Go RNN does not have: keep it at its value (zero in a Go model)
        for name, p in model.named_parameters():
            if name.startswith("rnn.bias_hh"):
                p.requires_grad_(False)
        params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.Adam(params, lr=a.lr, betas=(a.beta1, a.beta2), eps=a.eps)
    seq, n = a.seq, len(data)
    smooth = math.log(V) * seq
    state, pos, losses = None, 0, []
    t0, c0 = time.perf_counter(), time.thread_time()
    for it in range(a.iters):
        if pos >= n - seq - 1 or it == 0:  # rnn.Trainer.Next: wrap around, fresh state
            state, pos = None, 0
        if a.reset_every > 0 and it > 0 and it % a.reset_every == 0:  # rnn.Trainer.Step
            state = None
        x = F.one_hot(data[pos:pos + seq], V).float().unsqueeze(1)
        logits, state = model(x, state)
        state = detach(state)
        loss = F.cross_entropy(logits.squeeze(1), data[pos + 1:pos + seq + 1], reduction="sum")
        lv = loss.item()
        if not math.isfinite(lv):
            raise SystemExit("torch_train.py: cell %s seed %d diverged: loss %r at update %d" % (cell, seed, lv, it + 1))
        opt.zero_grad(set_to_none=False)
        loss.backward()
        if a.clip_norm > 0:
            norm = math.sqrt(sum(p.grad.double().square().sum().item() for p in params))
            if norm > a.clip_norm:
                for p in params:
                    p.grad.mul_(a.clip_norm / norm)
        t = it + 1
        lr = a.lr * t / a.warmup if t < a.warmup else a.lr
        for g in opt.param_groups:
            g["lr"] = lr
        opt.step()
        pos += seq
        smooth = 0.999 * smooth + 0.001 * lv
        losses.append(lv)
        if a.log_every > 0 and t % a.log_every == 0:
            log("cell %s seed %d: update %d, smoothed loss %.4f nats/char, %.0f chars/s" % (
                cell, seed, t, smooth / seq, t * seq / (time.perf_counter() - t0)))
    elapsed, cpu = time.perf_counter() - t0, time.thread_time() - c0
    if a.losses:
        with open(a.losses.format(cell=cell, seed=seed), "w") as f:
            f.write("".join("%r\n" % v for v in losses))
    hl = heldout_loss(model, held, V)
    if a.save:
        path = a.save.format(cell=cell, seed=seed)
        write_safetensors(path, model.state_dict(), {
            "format": FORMAT, "vocab": vocab, "iters": str(a.iters), "cell": cell})
        log("saved %s" % path)
    return smooth / seq, hl, a.iters * seq / elapsed, a.iters * seq / cpu, elapsed / a.iters


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("data", help="the text (UTF-8), e.g. tinyshakespeare.txt")
    p.add_argument("-cell", default="lstm", help="lstm, gru or rnn (comma-separated for several)")
    p.add_argument("-seeds", default="1", help="seeds, comma-separated, or a range like 1-5")
    p.add_argument("-iters", type=int, default=20000, help="updates")
    p.add_argument("-hidden", type=int, default=128, help="hidden size H")
    p.add_argument("-seq", type=int, default=25, help="characters per chunk")
    p.add_argument("-train-chars", type=int, default=1000000, help="characters trained on; the rest is held out")
    p.add_argument("-lr", type=float, default=2e-3, help="Adam's learning rate")
    p.add_argument("-beta1", type=float, default=0.9)
    p.add_argument("-beta2", type=float, default=0.999)
    p.add_argument("-eps", type=float, default=1e-8)
    p.add_argument("-clip-norm", type=float, default=5, help="clip the gradients' global norm (0: off)")
    p.add_argument("-warmup", type=int, default=1000, help="updates of linear learning-rate warm-up (0: off)")
    p.add_argument("-reset-every", type=int, default=100, help="restart the carried state every N updates (0: never)")
    p.add_argument("-blas", default="auto", help="auto (OpenBLAS if installed), system (libblas.so.3) or a libblas.so.3 path")
    p.add_argument("-threads", type=int, default=1, help="torch.set_num_threads")
    p.add_argument("-save", default="", help="write each model to this path; {cell} and {seed} are replaced")
    p.add_argument("-init", default="", help="start from this F32 checkpoint instead of PyTorch's init (tests)")
    p.add_argument("-freeze-bias-hh", action="store_true",
                   help="do not train bias_hh, which simdrnn's RNN folds into bias_ih (tests)")
    p.add_argument("-losses", default="", help="write every update's chunk loss to this path ({cell}, {seed})")
    p.add_argument("-log-every", type=int, default=2000, help="progress on stderr every N updates (0: none)")
    p.add_argument("-note", default="", help="a one-line remark for the output")
    a = p.parse_args(argv[1:])

    cells = a.cell.split(",")
    for c in cells:
        if c not in CELLS:
            p.error("unknown cell %r (want lstm, gru or rnn)" % c)
    try:
        seeds = []
        for part in a.seeds.split(","):
            lo, _, hi = part.partition("-")
            seeds += list(range(int(lo), int(hi or lo) + 1))
    except ValueError:
        p.error("bad -seeds %r (want e.g. 1,2,3 or 1-5)" % a.seeds)
    if min(a.iters, a.hidden, a.seq, a.train_chars, a.threads) < 1 or a.warmup < 0 or a.reset_every < 0:
        p.error("-iters, -hidden, -seq, -train-chars and -threads must be positive, -warmup and -reset-every >= 0")
    try:
        with open(a.data, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise SystemExit("torch_train.py: %s" % e)
    if len(text) < a.train_chars + 2 or a.train_chars <= a.seq + 1:
        raise SystemExit("torch_train.py: %s has %d characters: want more than -train-chars %d + 1, and -train-chars > -seq + 1" % (
            a.data, len(text), a.train_chars))

    torch.set_num_threads(a.threads)
    vocab = "".join(sorted(set(text)))
    stoi = {c: i for i, c in enumerate(vocab)}
    tokens = torch.tensor([stoi[c] for c in text], dtype=torch.long)
    data, held = tokens[:a.train_chars], tokens[a.train_chars:]

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    torchenv.header(torch, argv, a.note)
    print("# data: %s, %d characters, vocabulary %d; training on the first %d, %d held out" % (
        a.data, len(text), len(vocab), len(data), len(held)))
    print("# recipe: H %d, seq %d, Adam lr %g betas (%g, %g) eps %g, clip norm %g, warm-up %d, reset every %d, %d updates, %s" % (
        a.hidden, a.seq, a.lr, a.beta1, a.beta2, a.eps, a.clip_norm, a.warmup, a.reset_every, a.iters,
        "init from " + a.init if a.init else "PyTorch's default init"))
    sys.stdout.flush()
    results = []
    for cell in cells:
        for seed in seeds:
            sm, hl, cps, ccps, spu = train(a, cell, seed, data, held, vocab, log)
            results.append((cell, seed, sm, hl, cps, ccps))
            print("BenchmarkTrain/cell=%s/H=%d/impl=torch %d %.0f ns/op %.0f chars/s %.0f cpu-chars/s %.6f train-nats/char %.9f heldout-nats/char" % (
                cell, a.hidden, a.iters, spu * 1e9, cps, ccps, sm, hl), flush=True)
    print("# load average at end: %s" % torchenv.loadavg())
    print()
    print("| cell | seed | smoothed training loss | held-out loss, zero state | chars/s | chars per CPU second |")
    print("|---|---|---|---|---|---|")
    for cell, seed, sm, hl, cps, ccps in results:
        print("| %s | %d | %.4f | %.4f | %.0f | %.0f |" % (cell, seed, sm, hl, cps, ccps))
    for cell in cells:
        r = [x for x in results if x[0] == cell]
        if len(r) > 1:
            print("| %s | median | %.4f | %.4f | %.0f | %.0f |" % (cell, *(statistics.median(x[i] for x in r) for i in (2, 3, 4, 5))))


if __name__ == "__main__":
    main(sys.argv)
