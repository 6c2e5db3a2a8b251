"""The Typst templates import nothing and read nothing but their view: no package from the
internet, no file outside the templates folder, whatever the text of a report says. A compile
of a hostile view is watched with strace: it opens the template and the system fonts, and no
file the view names."""

import base64
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

from services.common.settings import PROJECT_ROOT
from services.diagnosis.adapters.instrument_files import current_instrument
from services.reporting.adapters.renderers import organisation_report_view
from services.reporting.adapters.typst_pdf import TEMPLATES
from simulator.workshop_data import sample_workshop_data

TEMPLATE_FILES = sorted(TEMPLATES.glob("*.typ"))
# A PNG of one pixel: if a compile loaded it, the PDF would hold an image.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_there_are_templates():
    assert {path.name for path in TEMPLATE_FILES} >= {"report.typ", "warm_up.typ"}


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda path: path.name)
def test_a_template_imports_nothing_and_reads_only_its_view(path):
    code = "\n".join(line.split("//")[0] for line in path.read_text("utf-8").splitlines())  # comments aside
    assert "@preview" not in code and "@local" not in code
    assert not re.search(r"#?\b(import|include)\b", code)
    for reader in ("read", "eval", "plugin", "csv", "yaml", "toml", "xml", "cbor"):
        assert not re.search(rf"\b{reader}\(", code), reader
    assert code.count("json(") == code.count("json(bytes(sys.inputs.data))") == 1
    assert all(call.startswith("image(bytes(") for call in re.findall(r"\bimage\([^,]*", code))


@pytest.fixture(scope="module")
def view():
    data = sample_workshop_data(current_instrument(), size=3)
    organisation = data["organisations"][0]
    render_inputs = {**organisation, "workshop": data["workshop"], "appendix": data["appendix"], "inputs": None}
    return organisation_report_view(render_inputs, "zh", dt.date(2024, 5, 10))


PROBE = textwrap.dedent(
    """
    import json, os, sys
    from services.reporting.adapters import typst_pdf
    typst_pdf.render_pdf("warm_up.typ", {"text": "年轮"})  # the compiler and its fonts
    views = json.load(open(sys.argv[1], encoding="utf-8"))
    os.write(2, b"=====COMPILE=====\\n")
    for n, view in enumerate(views):
        try:
            result = typst_pdf.render_pdf(sys.argv[3], view)
        except Exception as error:
            result = ("REFUSED " + str(error)).encode()
        open(os.path.join(sys.argv[2], str(n)), "wb").write(result)
    os.write(2, b"=====DONE=====\\n")
    """
)
# What a compile may open: its template, the system fonts, what the runtime reads about the
# machine (CPUs and cgroup limits to size its thread pool, the overcommit policy for its
# allocator), and a shared library the C library loads when a thread first ends.
MACHINE_FACTS = ("/proc/self/", "/proc/sys/vm/overcommit_memory", "/sys/fs/cgroup/", "/sys/devices/system/cpu/")
ALLOWED = (str(TEMPLATES) + "/", "/usr/share/fonts/", *MACHINE_FACTS)
SHARED_LIBRARY = re.compile(r"^(/etc/ld\.so\.cache|/(usr/)?lib\S*/[^/]+\.so(\.\d+)*)$")


def compile_watched(views: list[dict], folder, template: str = "report.typ") -> tuple[list[str], list[bytes]]:
    """The files opened while `views` compile in a warm render process, and each outcome: a
    PDF, or the compiler's refusal."""
    (folder / "views.json").write_text(json.dumps(views, ensure_ascii=False), "utf-8")
    (folder / "probe.py").write_text(PROBE)
    trace = folder / "trace.txt"
    done = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=open,openat,openat2,write", "-e", "signal=none", "-o", str(trace)]
        + [sys.executable, str(folder / "probe.py"), str(folder / "views.json"), str(folder), template],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    lines = trace.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if "=====COMPILE=====" in line)
    end = next(i for i, line in enumerate(lines) if "=====DONE=====" in line)
    opened = [m.group(1) for line in lines[start:end] if (m := re.search(r'open(?:at2?)?\([^"]*"([^"]+)"', line))]
    return [path for path in opened if not path.endswith(tuple(f"/{n}" for n in range(len(views))))], [
        (folder / str(n)).read_bytes() for n in range(len(views))
    ]


def images_in(pdf: bytes, folder) -> int:
    path = folder / "images.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True).stdout.decode()
    return len(listing.strip().splitlines()) - 2  # less the header of the list


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
@pytest.mark.parametrize("template", ["report.typ", "appendix.typ"])  # the report and its appendix
def test_a_hostile_view_makes_the_compile_read_no_file(view, tmp_path, template):
    secret = tmp_path / "secret.txt"
    secret.write_text("LEAKED-FROM-DISK")
    picture = tmp_path / "secret.png"
    picture.write_bytes(PIXEL)
    names = json.loads(json.dumps(view))
    names["organisation_name"] = f'#read("{secret}") #image("{picture}") #include "warm_up.typ"'
    names["cover"]["workshop_title"] = f'#import "@preview/cetz:0.3.0": * #eval("read(\\"{secret}\\")")'
    linked = []
    for href in (
        f"file://{picture}",
        str(picture),
        "../../../../../../../../" + str(picture),
        "http://127.0.0.1:9/x.png",
    ):
        one = json.loads(json.dumps(view))
        one["chart_svg"]["radar"] = (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" '
            f'height="50"><image xlink:href="{href}" width="10" height="10"/><text x="0" y="40">图</text></svg>'
        )
        linked.append(one)

    opened, (named, *charted) = compile_watched([names, *linked], tmp_path, template)

    assert str(TEMPLATES / template) in opened  # the trace sees what the compile opens
    assert [path for path in opened if not path.startswith(ALLOWED) and not SHARED_LIBRARY.match(path)] == []
    assert not [path for path in opened if path.startswith(str(tmp_path))]
    text = subprocess.run(["pdftotext", "-", "-"], input=named, capture_output=True, check=True).stdout.decode()
    assert re.sub(r"\s+", "", f'#read("{secret}")') in re.sub(r"\s+", "", text) and "LEAKED" not in text
    assert images_in(named, tmp_path) == 0
    for outcome in charted:  # an image linked from a chart: refused, or left out
        assert outcome.startswith(b"REFUSED ") or images_in(outcome, tmp_path) == 0, outcome[:300]
