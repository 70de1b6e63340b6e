"""What torch_step.py and torch_train.py share: the BLAS PyTorch runs on,
one thread, and the header of their output (the machine, the versions, the
date and the command).

Import it before torch: load_blas must run before torch is imported.
"""

import ctypes
import datetime
import os
import platform
import shlex
import sys

# The optimized BLAS Debian's python3-torch can run on. python3-torch links
# libblas.so.3, which is the reference (netlib) BLAS unless an optimized one
# is installed and selected; with it an LSTM step at H = 512 takes several
# times longer. Loading OpenBLAS's libblas.so.3 first, globally, makes
# PyTorch's libblas.so.3 dependency resolve to it whatever the system's
# choice (update-alternatives) is.
OPENBLAS = ["/usr/lib/%s-linux-gnu/openblas-%s/libblas.so.3" % (platform.machine(), v) for v in ("pthread", "openmp", "serial")]

_blas = "?"


def blas_option(argv):
    """The value of -blas in argv (auto if absent)."""
    for i, a in enumerate(argv):
        if a in ("-blas", "--blas") and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith(("-blas=", "--blas=")):
            return a.split("=", 1)[1]
    return "auto"


def load_blas(argv):
    """Applies -blas (auto: OpenBLAS if installed, else the system's
    libblas.so.3; system; or a path to a libblas.so.3) and limits OpenBLAS
    to one thread (OPENBLAS_NUM_THREADS=1 unless set). Call it before
    importing torch."""
    global _blas
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    choice = blas_option(argv)
    path = None
    if choice == "auto":
        path = next((p for p in OPENBLAS if os.path.exists(p)), None)
    elif choice != "system":
        path = choice
    if path is None:
        sys_blas = "/usr/lib/%s-linux-gnu/libblas.so.3" % platform.machine()
        _blas = "system libblas.so.3 (%s)" % (os.path.realpath(sys_blas) if os.path.exists(sys_blas) else "not found")
        return
    try:
        lib = ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)
    except OSError as e:
        raise SystemExit("%s: -blas %s: %s" % (os.path.basename(argv[0]), path, e))
    _blas = os.path.realpath(path)
    try:
        lib.openblas_get_config.restype = ctypes.c_char_p
        lib.openblas_get_corename.restype = ctypes.c_char_p
        _blas += " (%s, core %s, OPENBLAS_NUM_THREADS=%s)" % (
            lib.openblas_get_config().decode(), lib.openblas_get_corename().decode(), os.environ["OPENBLAS_NUM_THREADS"])
    except AttributeError:
        pass


def cpu_line():
    """The CPU: brand, family and model, logical CPUs, hypervisor."""
    info = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                k, _, v = line.partition(":")
                info.setdefault(k.strip(), v.strip())
    except OSError:
        return platform.processor() or platform.machine()
    s = "%s (family %s model %s), %d logical CPUs" % (
        info.get("model name", "?"), info.get("cpu family", "?"), info.get("model", "?"), os.cpu_count() or 0)
    if "hypervisor" in info.get("flags", "").split():
        s += ", under a hypervisor"
    return s


def loadavg():
    """The 1, 5 and 15 minute load averages."""
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def header(torch, argv, note):
    """Prints Go benchmark configuration lines (benchstat keeps them as the
    file's configuration) and # lines (which it ignores)."""
    print("goos: %s" % sys.platform)
    print("goarch: %s" % {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine()))
    print("cpu: %s" % cpu_line())
    print("torch: %s" % torch.__version__)
    print("threads: %d" % torch.get_num_threads())
    print("# blas: %s" % _blas)
    print("# date: %s" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    print("# command: %s" % " ".join(shlex.quote(a) for a in ["/usr/bin/python3"] + argv))
    print("# python: %s" % platform.python_version())
    print("# load average at start: %s" % loadavg())
    if note:
        print("# note: %s" % note)
    sys.stdout.flush()
