#!/usr/bin/python3
"""Times one step of PyTorch's nn.LSTM, nn.GRU and nn.RNN at batch 1.

The reference for simdrnn's BenchmarkCellStep (package rnn): one step of one
layer, float32, dense input (of size H unless -input says otherwise), the
state (h, and c for the LSTM) carried from step to step, one thread
(torch.set_num_threads(1)). Each measurement times every call on its own and
keeps the median; rounds visit every configuration in a rotating order, so
that drift of the machine hits all alike, and each round prints one line in
Go's benchmark format:

    BenchmarkCellStep/cell=lstm/H=256/impl=torch 4000 248000 ns/op 240000 cpu-ns/op

(ns/op: the median wall-clock time of a step; cpu-ns/op: the median CPU
time of the thread during a step, which leaves out the time the thread
waited while other processes ran, and so is steadier on a loaded machine)
so that benchstat puts it beside Go's BenchmarkCellStep/cell=lstm/H=256/impl=avx512
(benchstat -col /impl). The implementations (-modes):

    torch        the module under torch.no_grad()   (the anchor)
    torch-infer  the module under torch.inference_mode()
    torch-jit    torch.jit.script (of a wrapper with typed arguments), frozen,
                 under torch.no_grad()

-batch adds BenchmarkStepBatch/cell=lstm/H=512/B=32/impl=torch: one step of
32 sequences at once (ns per step of the whole batch). Run from this
directory:

    /usr/bin/python3 torch_step.py | tee torch_step.txt
    /usr/bin/python3 torch_step.py -cells lstm -hidden 64,256 -count 10
"""

import argparse
import statistics
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
import torchenv  # noqa: E402

torchenv.load_blas(sys.argv)  # before torch: PyTorch's libblas.so.3 resolves to it

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
from typing import Tuple  # noqa: E402

CELLS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}
MODES = ("torch", "torch-infer", "torch-jit")


class LSTMStep(nn.Module):
    """nn.LSTM with its state argument typed, for torch.jit.script."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, x, state: Tuple[torch.Tensor, torch.Tensor]) -> Tuple[torch.Tensor, Tuple[torch.Tensor, torch.Tensor]]:
        return self.m(x, state)


class HStep(nn.Module):
    """nn.GRU or nn.RNN with its state argument typed, for torch.jit.script."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, x, h: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        return self.m(x, h)


class Bench:
    """One configuration: a module, its input and carried state, a step."""

    def __init__(self, cell, H, In, B, mode):
        self.cell, self.H, self.B, self.mode = cell, H, B, mode
        torch.manual_seed(1)
        m = CELLS[cell](In, H).eval()
        self.x = torch.randn(1, B, In)  # one time step of B sequences
        h = torch.zeros(1, B, H)
        self.state = (h, torch.zeros(1, B, H)) if cell == "lstm" else h
        if mode == "torch-jit":
            with torch.no_grad():
                m = torch.jit.freeze(torch.jit.script((LSTMStep if cell == "lstm" else HStep)(m).eval()))
        self.m = m
        self.ctx = torch.inference_mode if mode == "torch-infer" else torch.no_grad
        if B == 1:
            self.name = "BenchmarkCellStep/cell=%s/H=%d/impl=%s" % (cell, H, mode)
        else:
            self.name = "BenchmarkStepBatch/cell=%s/H=%d/B=%d/impl=%s" % (cell, H, B, mode)
        if In != H:
            self.name = self.name.replace("/impl=", "/in=%d/impl=" % In)
        self.rounds, self.cpu_rounds = [], []
        self.run(0.05)  # warm-up: first calls allocate and pick kernels

    def run(self, seconds):
        """Steps for about the given time; returns the per-step wall-clock
        and thread CPU times (ns)."""
        m, x, state = self.m, self.x, self.state
        clock, cpu = time.perf_counter_ns, time.thread_time_ns
        wall, cput = [], []
        with self.ctx():
            end = clock() + int(seconds * 1e9)
            while True:
                t0, c0 = clock(), cpu()
                _, state = m(x, state)
                c1, t1 = cpu(), clock()
                wall.append(t1 - t0)
                cput.append(c1 - c0)
                if t1 > end and len(wall) >= 20:
                    break
        self.state = state
        return wall, cput

    def round(self, seconds):
        wall, cput = self.run(seconds)
        med, cmed = statistics.median(wall), statistics.median(cput)
        self.rounds.append(med)
        self.cpu_rounds.append(cmed)
        print("%s %d %.0f ns/op %.0f cpu-ns/op" % (self.name, len(wall), med, cmed))
        sys.stdout.flush()


def ints(s):
    return [int(v) for v in s.split(",") if v]


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-cells", default="lstm,gru,rnn", help="cells, comma-separated: lstm, gru, rnn")
    p.add_argument("-hidden", default="64,128,256,512,1024", help="hidden sizes H, comma-separated")
    p.add_argument("-input", type=int, default=0, help="input size (0: H)")
    p.add_argument("-modes", default=",".join(MODES), help="implementations, comma-separated: " + ", ".join(MODES))
    p.add_argument("-batch", default="lstm:512:32", help="batched steps CELL:H:B, comma-separated ('' for none)")
    p.add_argument("-count", type=int, default=6, help="rounds: lines per configuration")
    p.add_argument("-time", type=float, default=0.5, help="seconds per configuration and round")
    p.add_argument("-blas", default="auto", help="auto (OpenBLAS if installed), system (libblas.so.3) or a libblas.so.3 path")
    p.add_argument("-threads", type=int, default=1, help="torch.set_num_threads")
    p.add_argument("-note", default="", help="a one-line remark for the output")
    a = p.parse_args(argv[1:])

    cells, modes = a.cells.split(","), a.modes.split(",")
    for c in cells:
        if c not in CELLS:
            p.error("unknown cell %r (want lstm, gru or rnn)" % c)
    for m in modes:
        if m not in MODES:
            p.error("unknown mode %r (want %s)" % (m, ", ".join(MODES)))
    try:
        hidden, batches = ints(a.hidden), []
        for spec in a.batch.split(","):
            if spec:
                c, H, B = spec.split(":")
                if c not in CELLS:
                    raise ValueError("cell %r" % c)
                batches.append((c, int(H), int(B)))
    except ValueError as e:
        p.error("bad -hidden or -batch: %s" % e)
    if a.count < 1 or a.time <= 0 or a.threads < 1 or a.input < 0 or min(hidden + [1]) < 1:
        p.error("-count, -time, -threads and sizes must be positive")

    torch.set_num_threads(a.threads)
    torchenv.header(torch, argv, a.note)
    benches = []
    for mode in modes:
        for c in cells:
            for H in hidden:
                benches.append(Bench(c, H, a.input or H, 1, mode))
        for c, H, B in batches:
            benches.append(Bench(c, H, a.input or H, B, mode))
    for r in range(a.count):
        k = r % len(benches)  # rotate the order from round to round
        for b in benches[k:] + benches[:k]:
            b.round(a.time)
    print("# load average at end: %s" % torchenv.loadavg())

    # The table: median of the rounds' medians, in µs, and half the range
    # of the rounds in % of the median (the noise); wall-clock time, then
    # the thread's CPU time (which leaves out the time other processes ran).
    def fmt(rounds):
        med = statistics.median(rounds)
        return "%.1f ±%.0f%%" % (med / 1e3, 50 * (max(rounds) - min(rounds)) / med)

    print()
    print("| cell | H | B | " + " | ".join("%s µs" % m for m in modes) + " | " + " | ".join("%s CPU µs" % m for m in modes) + " |")
    print("|---|---|---|" + "---|" * 2 * len(modes))
    rows = {}
    for b in benches:
        rows.setdefault((b.cell, b.H, b.B), {})[b.mode] = b
    for (c, H, B), by in rows.items():
        print("| %s | %d | %d | %s | %s |" % (c, H, B, " | ".join(fmt(by[m].rounds) for m in modes),
                                            " | ".join(fmt(by[m].cpu_rounds) for m in modes)))


if __name__ == "__main__":
    main(sys.argv)
