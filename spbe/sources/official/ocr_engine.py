"""Tesseract in process, through its C API (libtesseract, which Debian's `tesseract-ocr` installs
with the command): each process loads a language set once and keeps it.

Why: the command starts a process and loads its models for every run, 0.15-0.2 CPU-s of the 0.9-1
CPU-s a page read costs and most of a digits pass; through the library the same read gives the
same words (same library, same parameters; checked word for word on the mirror's 2022 scan) for
that much less. The budget holds as for the command: a cancel function, which Tesseract asks as it
recognises words, stops a run past its CPU-seconds (this thread's CPU time, whatever the machine's
load), and a deadline stops one past the wall-clock backstop. OSD (orientation) still runs the
command. Without the library (another system, or SPBE_OCR_ENGINE=cli) every run uses the command.

Only the OCR worker processes use it (`use_in_this_process`, called as a worker starts): a handle
keeps its models, 25 MB for English and 50 MB with Indonesian, for the life of its process, which
is what a worker is for; the parsing process (Dagster's run worker, whose peak RSS the backfill
target bounds) keeps running the command for its few runs (the text layer's sampled cells).
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import functools
import os
import threading
import time

from PIL import Image

ENGINE_ENV = "SPBE_OCR_ENGINE"  # "cli": always the command
_RIL_WORD = 3  # Tesseract's PageIteratorLevel for a word
_V = ctypes.c_void_p
_CANCEL = ctypes.CFUNCTYPE(ctypes.c_bool, _V, ctypes.c_int)


class Cancelled(RuntimeError):
    """A run stopped by its budget; the message says which."""


_enabled = False


def use_in_this_process() -> None:
    global _enabled
    _enabled = True


def library() -> ctypes.CDLL | None:
    return _load() if _enabled else None


@functools.lru_cache(maxsize=1)
def _load() -> ctypes.CDLL | None:
    if os.environ.get(ENGINE_ENV) == "cli":
        return None
    # One engine thread: OpenMP reads its limit when libgomp loads. If something loaded it before
    # without the limit, the library's runs could take every core: the command keeps its own.
    if os.environ.get("OMP_THREAD_LIMIT") != "1":
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            if "libgomp" in maps.read():
                return None
        os.environ["OMP_THREAD_LIMIT"] = "1"
    name = ctypes.util.find_library("tesseract") or "libtesseract.so.5"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    lib.TessBaseAPICreate.restype = _V
    lib.TessBaseAPIInit3.argtypes = [_V, ctypes.c_char_p, ctypes.c_char_p]
    lib.TessBaseAPISetVariable.argtypes = [_V, ctypes.c_char_p, ctypes.c_char_p]
    lib.TessBaseAPISetPageSegMode.argtypes = [_V, ctypes.c_int]
    lib.TessBaseAPISetImage.argtypes = [_V, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.TessBaseAPIRecognize.argtypes = [_V, _V]
    lib.TessBaseAPIGetIterator.restype = _V
    lib.TessBaseAPIGetIterator.argtypes = [_V]
    lib.TessResultIteratorGetPageIterator.restype = _V
    lib.TessResultIteratorGetPageIterator.argtypes = [_V]
    lib.TessResultIteratorGetUTF8Text.restype = _V
    lib.TessResultIteratorGetUTF8Text.argtypes = [_V, ctypes.c_int]
    lib.TessResultIteratorConfidence.restype = ctypes.c_float
    lib.TessResultIteratorConfidence.argtypes = [_V, ctypes.c_int]
    lib.TessResultIteratorNext.argtypes = [_V, ctypes.c_int]
    lib.TessResultIteratorDelete.argtypes = [_V]
    _int_p = ctypes.POINTER(ctypes.c_int)
    lib.TessPageIteratorBoundingBox.argtypes = [_V, ctypes.c_int, _int_p, _int_p, _int_p, _int_p]
    lib.TessBaseAPIClear.argtypes = [_V]
    lib.TessBaseAPIEnd.argtypes = [_V]
    lib.TessBaseAPIDelete.argtypes = [_V]
    lib.TessDeleteText.argtypes = [_V]
    lib.TessMonitorCreate.restype = _V
    lib.TessMonitorDelete.argtypes = [_V]
    lib.TessMonitorSetCancelFunc.argtypes = [_V, _CANCEL]
    lib.TessMonitorSetDeadlineMSecs.argtypes = [_V, ctypes.c_int]
    return lib


_local = threading.local()  # a handle is not thread-safe: one per thread and language set
_all: list[int] = []
_cpu = 0.0  # CPU-seconds this process spent in library runs (ocr._engine_cpu adds them)


def spent() -> float:
    return _cpu


def _handle(lib: ctypes.CDLL, language: str) -> int | None:
    handles = _local.__dict__.setdefault("handles", {})
    if language not in handles:
        api = lib.TessBaseAPICreate()
        if lib.TessBaseAPIInit3(api, None, language.encode()) != 0:
            lib.TessBaseAPIDelete(api)
            api = None
        else:
            lib.TessBaseAPISetVariable(api, b"preserve_interword_spaces", b"1")
            # Its notes ("Estimating resolution as 244") went to the command's captured stderr;
            # in process they would reach the user's console.
            lib.TessBaseAPISetVariable(api, b"debug_file", os.devnull.encode())
            _all.append(api)
        handles[language] = api
    return handles[language]


@atexit.register
def _release() -> None:
    """End the handles before the library's static caches are torn down (else it prints leaks)."""
    lib = library() if _all else None
    while lib is not None and _all:
        api = _all.pop()
        lib.TessBaseAPIEnd(api)
        lib.TessBaseAPIDelete(api)


Box = tuple[str, float, int, int, int, int]  # text, confidence (0-100), left, top, right, bottom


def words(image: Image.Image, *, language: str, psm: int, whitelist: str | None, cpu_budget_s: float,
          wall_s: float) -> list[Box] | None:
    """The words the command's TSV lists for an image (same boxes; confidences as the TSV prints
    them), or None when the library cannot run it (the caller then runs the command). Raises
    Cancelled past the budget. Read with the result iterator, not GetTsvText: formatting the TSV
    and parsing it back cost 0.045 CPU-s a page read (6 % of recognising it)."""
    global _cpu
    lib = library()
    api = _handle(lib, language) if lib is not None else None
    if api is None:
        return None
    grey = image if image.mode == "L" else image.convert("L")
    lib.TessBaseAPISetVariable(api, b"tessedit_char_whitelist", (whitelist or "").encode())
    lib.TessBaseAPISetPageSegMode(api, psm)
    lib.TessBaseAPISetImage(api, grey.tobytes(), grey.width, grey.height, 1, grey.width)
    start = time.thread_time()
    over = []

    @_CANCEL
    def cancel(_this, _words) -> bool:
        if time.thread_time() - start > cpu_budget_s:
            over.append(True)
            return True
        return False

    monitor = lib.TessMonitorCreate()
    try:
        lib.TessMonitorSetCancelFunc(monitor, cancel)
        lib.TessMonitorSetDeadlineMSecs(monitor, int(wall_s * 1000))
        result = lib.TessBaseAPIRecognize(api, monitor)
        if result != 0:
            lib.TessBaseAPIClear(api)
            raise Cancelled(f"OCR ran out of its budget of {cpu_budget_s:g} CPU-seconds" if over
                            else f"OCR ran past {wall_s:g} s of wall time")
        try:
            return _iterate_words(lib, api)
        finally:
            lib.TessBaseAPIClear(api)
    finally:
        lib.TessMonitorDelete(monitor)
        _cpu += time.thread_time() - start


def _iterate_words(lib: ctypes.CDLL, api: int) -> list[Box]:
    iterator = lib.TessBaseAPIGetIterator(api)
    if not iterator:
        return []
    page = lib.TessResultIteratorGetPageIterator(iterator)
    box = [ctypes.c_int() for _ in range(4)]
    out: list[Box] = []
    try:
        while True:
            text = lib.TessResultIteratorGetUTF8Text(iterator, _RIL_WORD)
            if text:
                word = ctypes.string_at(text).decode("utf-8", errors="replace").strip()
                lib.TessDeleteText(text)
                if word and lib.TessPageIteratorBoundingBox(page, _RIL_WORD, *(ctypes.byref(v) for v in box)):
                    # The TSV prints a confidence with six decimals (std::to_string): the same value here.
                    conf = float(f"{lib.TessResultIteratorConfidence(iterator, _RIL_WORD):f}")
                    out.append((word, conf, *(v.value for v in box)))
            if not lib.TessResultIteratorNext(iterator, _RIL_WORD):
                return out
    finally:
        lib.TessResultIteratorDelete(iterator)
