"""The build computes while validation's worker processes check the data
(`generator.pipeline.build.load_check_compute`): the same results and diagnostics as one stage after the
other, and data that validation rejects is never published, whatever compute made of it."""
from __future__ import annotations

import gc
import io
import multiprocessing
from pathlib import Path

import pytest

import generator.pipeline.build as B
import generator.validate as V
from generator.core.diagnostics import has_errors
from tests.conftest import mutate

BAD_POINTS = ('"2.2": {status: done, self: 0}', '"2.2": {status: done, self: 99}')  # above the maximum
SCORE_FILE = "scores/2023/so-nganh/so-tu-phap.yaml"


@pytest.fixture
def background(monkeypatch):
    """Validation in one worker process even for the mini dataset, as for thousands of files."""
    monkeypatch.setattr(V, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setenv("PARPORTAL_WORKERS", "2")


def _checked(root: Path):
    try:
        return B.load_check_compute(root, B.StageTimes())
    finally:
        gc.unfreeze()  # load_check_compute froze the loaded objects


def _spy_compute(monkeypatch, fail: bool = False) -> list[int]:
    """Replace the build's compute: record how many worker processes were alive as it ran."""
    seen: list[int] = []
    real = B.compute

    def spy(ds, memo):
        seen.append(len(multiprocessing.active_children()))
        if fail:
            raise ZeroDivisionError("compute met data it cannot handle")
        return real(ds, memo)

    monkeypatch.setattr(B, "compute", spy)
    return seen


def test_compute_runs_beside_validation_and_gives_the_same(mini, monkeypatch, background):
    seen = _spy_compute(monkeypatch)
    overlapped = _checked(mini)
    assert seen == [1]  # computed while the one validation worker ran
    monkeypatch.setenv("PARPORTAL_WORKERS", "1")
    serial = _checked(mini)
    assert seen == [1, 0]
    assert overlapped.results == serial.results and overlapped.results is not None
    assert overlapped.diagnostics == serial.diagnostics


def test_rejected_data_is_not_published_even_if_compute_fails_on_it(mini, monkeypatch, background):
    line = mutate(mini, SCORE_FILE, *BAD_POINTS)
    seen = _spy_compute(monkeypatch, fail=True)
    out = io.StringIO()
    result = B.generate(mini, out=out)
    assert seen == [1] and not result.ok
    text = out.getvalue()
    assert f"{SCORE_FILE}:{line}" in text and "Not published" in text
    assert not (mini / "site").exists()


def test_rejected_data_gives_the_diagnostics_of_validation_alone(mini, monkeypatch, background):
    mutate(mini, SCORE_FILE, *BAD_POINTS)
    checked = _checked(mini)
    assert checked.results is None and has_errors(checked.diagnostics)
    loaded = B.load(mini)
    assert checked.diagnostics == V.validate_for_publication(loaded.dataset, has_errors(loaded.diagnostics))


def test_a_compute_failure_on_valid_data_is_raised(mini, monkeypatch, background):
    seen = _spy_compute(monkeypatch, fail=True)
    with pytest.raises(ZeroDivisionError):
        _checked(mini)
    assert seen == [1]  # raised as it was, not computed again


def test_data_that_failed_to_load_is_validated_and_not_computed(mini, monkeypatch, background):
    mutate(mini, SCORE_FILE, "self: 1.5", "self: yes")  # a YAML 1.1 trap: a load error
    seen = _spy_compute(monkeypatch)
    checked = _checked(mini)
    assert seen == [] and checked.results is None and has_errors(checked.diagnostics)


def test_an_interrupt_during_compute_stops_the_validation_workers(mini, monkeypatch, background):
    """Ctrl-C (in `parportal serve`, say) while compute runs beside validation: the interrupt
    reaches the caller and validation's worker process is stopped, not left running."""
    seen: list[int] = []

    def interrupted(ds, memo):
        seen.append(len(multiprocessing.active_children()))
        raise KeyboardInterrupt

    monkeypatch.setattr(B, "compute", interrupted)
    gc.disable()  # no collection may end the pool (the traceback keeps it referenced): only a stop
    try:
        with pytest.raises(KeyboardInterrupt):
            _checked(mini)
        alive = multiprocessing.active_children()
    finally:
        gc.enable()
    assert seen == [1]  # the worker ran while compute did
    assert alive == []
