"""Export files appear whole or not at all: a full disk, a read-only folder or a file in
the way is one sentence in the user's language (the same in the app) with nothing left;
a killed export leaves nothing that looks like an export; the naming rules hold."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from facilitator import files
from facilitator.cli import main
from facilitator.demo import DEMO_NAME
from facilitator.export import writer
from tests import disks
from tests.conftest import make_app, settle

small_disk, simulated_full = disks.small_disk, disks.simulated_full  # fixtures

STEM = "robek-nettverk-nord-samling-3"
SET = [f"{STEM}.md", f"{STEM}.html", f"{STEM}.xlsx", f"{STEM}-csv", f"{STEM}.eml"]
FORK = hasattr(os, "fork")


def _export(capsys, db: Path, out: Path, *more: str) -> tuple[int, str, str]:
    code = main(["export", "--db", str(db), "--network", DEMO_NAME, "--cycle", "3",
                 "--out", str(out), *more])
    got, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, got, err


def _visible(folder: Path) -> list[str]:
    """What a user sees in the folder (a dot-name is a temporary folder, hidden)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def _summary(demo_store):  # noqa: ANN001, ANN202
    from facilitator.cycle_build import build_summary

    net = demo_store.networks.find(DEMO_NAME)
    return build_summary(demo_store, net.id, 3)


# --------------------------------------------------------------------------- a full disk


def test_export_to_a_really_full_disk_says_so_and_leaves_nothing(
        capsys, small_disk: Path, demo_path: Path) -> None:
    out = small_disk / "ut"
    out.mkdir()
    disks.fill(small_disk, leave=20_000)  # the Markdown would fit, the rest not
    code, got, err = _export(capsys, demo_path, out)
    assert code == 1 and got == ""
    assert err.strip() == (f"Disken er full: oppsummeringen ble ikke skrevet i {out}, og "
                           "ingen halvferdige filer er lagt igjen.")
    assert list(out.iterdir()) == []  # not a 0-byte file, not a temporary folder


def test_export_to_a_simulated_full_disk_says_so_in_english(
        capsys, simulated_full, demo_path: Path) -> None:
    out = simulated_full.folder / "ut"
    out.mkdir()
    simulated_full.enospc = True
    code = main(["--lang", "en", "export", "--db", str(demo_path), "--network", DEMO_NAME,
                 "--cycle", "3", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == (f"The disk is full: the summary was not written to {out}, and no "
                           "half-written files were left.")
    assert list(out.iterdir()) == []


def test_a_full_disk_half_way_leaves_nothing(demo_store, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up after the first files: those go too, with the temporary folder."""
    from facilitator.errors import WriteError

    out = tmp_path / "ut"
    real = writer._write
    count = {"n": 0}

    def write(path: Path, data: bytes) -> Path:
        count["n"] += 1
        if count["n"] == 3:
            raise OSError(28, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(writer, "_write", write)
    with pytest.raises(WriteError) as e:
        writer.write_export(_summary(demo_store), ["md", "html", "xlsx", "csv"], out)
    assert e.value.key == "err.export_disk_full"
    assert list(out.iterdir()) == []


async def test_the_app_says_the_same_sentence(simulated_full, demo_store, monkeypatch
                                              ) -> None:
    from facilitator.screens.export import ExportScreen

    docs = simulated_full.folder / "docs"
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(docs))
    out = writer.default_out_dir(DEMO_NAME)
    out.mkdir(parents=True)
    simulated_full.enospc = True
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        status = str(app.screen.query_one("#export-status").render())
    sentence = (f"Disken er full: oppsummeringen ble ikke skrevet i {out}, og ingen "
                "halvferdige filer er lagt igjen.")
    assert sentence in " ".join(status.split())
    assert "OSError" not in status and "Uventet" not in status
    assert list(out.iterdir()) == []


# --------------------------------------------------------------------------- other places


def test_a_read_only_folder(capsys, demo_path: Path, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):  # noqa: ANN001
        if flags & os.O_CREAT and Path(os.fspath(path)).is_relative_to(out):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    code, _got, err = _export(capsys, demo_path, out)
    assert code == 1
    assert err.strip() == (f"Kan ikke skrive i {out}: mappen er skrivebeskyttet. "
                           "Oppsummeringen ble ikke skrevet.")
    assert list(out.iterdir()) == []


def test_out_is_a_file(capsys, demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "notat.txt"
    out.write_text("ikke en mappe", encoding="utf-8")
    code, _got, err = _export(capsys, demo_path, out / "under")
    assert code == 1
    assert err.strip() == (f"Oppsummeringen kan ikke skrives i {out / 'under'}: {out} er en "
                           "fil, ikke en mappe.")
    assert out.read_text(encoding="utf-8") == "ikke en mappe"


# --------------------------------------------------------------------------- naming rules


def test_an_earlier_export_is_never_overwritten(capsys, demo_path: Path, tmp_path: Path
                                                ) -> None:
    out = tmp_path / "ut"
    assert _export(capsys, demo_path, out)[0] == 0
    first = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    code, got, _err = _export(capsys, demo_path, out)
    assert code == 0
    second = [f"{STEM}-2.md", f"{STEM}-2.html", f"{STEM}-2.xlsx", f"{STEM}-csv-2",
              f"{STEM}-2.eml"]  # today's rule: "-2" before the suffix, after "-csv"
    assert _visible(out) == sorted([*SET, *second])
    assert all(p.read_bytes() == data for p, data in first.items())
    printed = got.split()
    assert str(out / f"{STEM}-2.md") in printed
    assert any(p.startswith(str(out / f"{STEM}-csv-2")) for p in printed)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # nothing left behind


def test_default_folder_names_are_valid_on_windows(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path))
    assert writer.default_out_dir("CON").name == "con_"
    assert writer.default_out_dir("Lpt1").name == "lpt1_"
    assert writer.default_out_dir("Nord: «Troms»?").name == "nord-troms"
    assert writer.default_out_dir("...").name == "nettverk"


# --------------------------------------------------------------------------- killed exports


CHILD = textwrap.dedent(
    """
    import sys
    from datetime import date
    from pathlib import Path
    from facilitator.cycle_build import build_summary
    from facilitator.export.writer import write_export
    from facilitator.store import Store

    with Store(sys.argv[1], auto_backup=False) as store:
        net = store.networks.list()[0]
        summary = build_summary(store, net.id, 3)
    print("start", flush=True)
    write_export(summary, ["md", "html", "xlsx", "csv", "eml"], Path(sys.argv[2]),
                 progress=lambda step: print(step, flush=True))
    print("done", flush=True)
    """
)


def _complete_or_nothing(out: Path) -> str:
    """The out folder holds either one complete set, each file whole, or nothing that
    looks like an export; returns which."""
    visible = _visible(out)
    if not visible:
        return "nothing"
    assert visible == sorted(SET), visible
    for name in SET:
        path = out / name
        if path.is_dir():
            assert sorted(p.name for p in path.iterdir()) and all(
                p.stat().st_size > 0 for p in path.iterdir())
        else:
            assert path.stat().st_size > 0
    assert (out / f"{STEM}.xlsx").read_bytes()[:2] == b"PK"  # a whole zip
    assert (out / f"{STEM}.eml").read_bytes().rstrip().endswith(b"--")
    return "complete"


def test_a_killed_export_leaves_a_complete_set_or_nothing(demo_path: Path,
                                                          tmp_path: Path) -> None:
    """SIGKILL at a random moment of the work, counted in the child's own progress (after
    its k-th step, k random): the out folder must hold a complete set or nothing that
    looks like one. The next export tidies what the killed ones left."""
    rng = random.Random(11)
    outcomes = []
    for run in range(int(os.environ.get("FACILITATOR_SOAK_KILLS", "8"))):
        out = tmp_path / f"ut-{run}"
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(demo_path), str(out)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL, text=True)
        assert child.stdout is not None
        for _ in range(rng.randint(1, 6)):  # "start", then one line per format
            if not child.stdout.readline():
                break
        child.send_signal(signal.SIGKILL)
        _rest, err = child.communicate()
        assert "Traceback" not in err
        outcomes.append(_complete_or_nothing(out))
        leftovers = [p for p in out.iterdir() if p.name.startswith(".")]
        assert all(p.name.startswith(writer.TEMP_PREFIX) for p in leftovers)
        # the next export to the same folder removes what the dead one left
        from facilitator.cycle_build import build_summary
        from facilitator.store import Store

        with Store(demo_path, auto_backup=False) as store:
            summary = build_summary(store, store.networks.list()[0].id, 3)
        writer.write_export(summary, ["md"], out)
        assert not [p for p in out.iterdir() if p.name.startswith(".")]
    assert "nothing" in outcomes  # the kills did land mid-export


@pytest.mark.skipif(not FORK, reason="needs fork to die midway without cleanup")
@pytest.mark.parametrize("moves", [0, 1, 3])
def test_death_during_the_moves_is_completed_by_the_next_export(
        demo_store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moves: int) -> None:
    """The few microseconds of renames after the commit record: a death there leaves the
    rest in the temporary folder, and the next export finishes the set first."""
    out = tmp_path / "ut"
    summary = _summary(demo_store)
    real, done = files.place_new, {"n": 0}

    def place(temp: Path, final: Path) -> None:
        if done["n"] == moves:
            os._exit(9)
        done["n"] += 1
        real(temp, final)

    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        monkeypatch.setattr(files, "place_new", place)
        try:
            writer.write_export(summary, ["md", "html", "xlsx", "csv", "eml"], out)
        finally:
            os._exit(0)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 9
    (temp,) = [p for p in out.iterdir() if p.name.startswith(writer.TEMP_PREFIX)]
    assert json.loads((temp / writer.MANIFEST).read_text("utf-8"))["moves"]
    writer.write_export(summary, ["md"], out)  # the next export
    assert sorted(_visible(out)) == sorted([*SET, f"{STEM}-2.md"])
    _complete_set = [n for n in _visible(out) if not n.startswith(f"{STEM}-2")]
    assert sorted(_complete_set) == sorted(SET)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.skipif(not FORK, reason="needs fork to die midway without cleanup")
def test_death_before_the_commit_leaves_nothing(demo_store, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "ut"
    summary = _summary(demo_store)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        monkeypatch.setattr(os, "replace", lambda *_a: os._exit(9))  # the commit record
        try:
            writer.write_export(summary, ["md", "html", "csv"], out)
        finally:
            os._exit(0)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 9
    assert _visible(out) == []
    writer.write_export(summary, ["md"], out)
    assert _visible(out) == [f"{STEM}.md"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_temporary_folder_of_a_live_export_is_left_alone(demo_store, tmp_path: Path
                                                           ) -> None:
    """Another export writing to the same folder right now keeps its temporary folder."""
    out = tmp_path / "ut"
    out.mkdir()
    live = writer._Staging(out)  # holds its lock, as a writer in another process would
    try:
        writer.write_export(_summary(demo_store), ["md"], out)
        assert live.folder.is_dir()
    finally:
        live.discard()
    old = out / f"{writer.TEMP_PREFIX}999-dead"
    old.mkdir()  # one that never got its lock file: removed once it is old
    writer.recover(out)
    assert old.is_dir()
    os.utime(old, (0, 0))
    writer.recover(out)
    assert not old.exists()


def test_progress_steps_and_the_paths_written(demo_store, tmp_path: Path) -> None:
    steps: list[str] = []
    paths = writer.write_export(_summary(demo_store), ["md", "csv", "eml"], tmp_path / "ut",
                                progress=steps.append)
    assert steps == ["md", "html", "xlsx", "csv", "eml"]
    assert paths[0].name == f"{STEM}.md" and paths[-1].name == f"{STEM}.eml"
    assert all(p.is_file() for p in paths)
    assert [p.parent.name for p in paths[1:-1]] == [f"{STEM}-csv"] * (len(paths) - 2)
