"""WeasyPrint fetches nothing but inline data: a report's text can never make the worker
read a local file or call an address."""

import subprocess

from services.reporting.adapters.pdf import html_to_pdf


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_local_files_are_never_read(tmp_path):
    leaked = tmp_path / "leak.css"
    leaked.write_text('body::after { content: "LEAKED-FROM-DISK"; }')
    html = (
        f'<html><head><link rel="stylesheet" href="file://{leaked}"></head>'
        f'<body><p>机构</p><img src="file:///etc/hostname"><img src="http://127.0.0.1:9/x.png"></body></html>'
    )
    text = pdf_text(html_to_pdf(html))
    assert "机构" in text and "LEAKED" not in text


def test_inline_data_still_works():
    css = "data:text/css,body::after%20%7B%20content:%20%22INLINE-OK%22;%20%7D"
    text = pdf_text(html_to_pdf(f'<html><head><link rel="stylesheet" href="{css}"></head><body>x</body></html>'))
    assert "INLINE-OK" in text
