"""PDF rendering with WeasyPrint: one font configuration and precompiled stylesheets per process,
and a fetcher that reads nothing but the project's own static files and data: URLs.

Templates are Jinja templates (autoescaped like every page), so a name such as
`<img src="file:///etc/passwd">` is text on the certificate, never markup. Should markup reach
WeasyPrint anyway, the fetcher refuses every URL outside static/: no file is read and no network
is touched. Stylesheets are given as strings read by the app, never as URLs (older WeasyPrint
versions fetched stylesheet URLs without asking the custom fetcher).
"""

import logging
import mimetypes
import threading
from pathlib import Path

from flask import current_app, render_template
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)


class StaticOnlyFetcher(URLFetcher):
    """Hand WeasyPrint data: URLs and files under one folder; refuse everything else."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.root = root.resolve()

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self._local_path(url)
        if path is None:
            log.warning("PDF rendering refused to fetch %.200s", url)
            raise ValueError("only the project's static files can be used in a PDF")
        mime_type, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": mime_type or "text/plain"}
        )

    def _local_path(self, url: str) -> Path | None:
        """The file a file: URL names, when it lies inside the root (after resolving links)."""
        if not url.startswith("file://"):
            return None
        path = Path(url.removeprefix("file://").split("?")[0].split("#")[0]).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path


class PdfRenderer:
    """Everything that is costly to build once per render: fonts and parsed stylesheets.

    WeasyPrint builds a new font configuration per render unless given one (slower, and it
    leaks memory), so one renderer lives per process and is reused by every request.
    """

    def __init__(self, static_folder: Path):
        self.static_folder = static_folder.resolve()
        self.fetcher = StaticOnlyFetcher(self.static_folder)
        self.font_config = FontConfiguration()
        self._stylesheets: dict[str, CSS] = {}
        self._lock = threading.Lock()

    def stylesheet(self, name: str) -> CSS:
        """The stylesheet static/pdf/<name>, parsed the first time it is asked for."""
        with self._lock:
            if name not in self._stylesheets:
                path = self.static_folder / "pdf" / name
                self._stylesheets[name] = CSS(
                    string=path.read_text(encoding="utf-8"),
                    base_url=path.as_uri(),
                    url_fetcher=self.fetcher,
                    font_config=self.font_config,
                )
            return self._stylesheets[name]

    def render(self, html: str, stylesheet: str) -> bytes:
        """The PDF of an HTML string; the same HTML always gives the same bytes."""
        document = HTML(
            string=html,
            base_url=(self.static_folder / "pdf").as_uri() + "/",
            url_fetcher=self.fetcher,
        )
        return document.write_pdf(
            stylesheets=[self.stylesheet(stylesheet)],
            font_config=self.font_config,
            # A fixed identifier: WeasyPrint would otherwise derive one that is not ours to pin.
            pdf_identifier=b"mentoring",
        )


def renderer() -> PdfRenderer:
    """This process's renderer, made on first use (after gunicorn forks its workers)."""
    extensions = current_app.extensions
    if "pdf_renderer" not in extensions:
        extensions["pdf_renderer"] = PdfRenderer(Path(current_app.static_folder))
    return extensions["pdf_renderer"]


def render_pdf(template: str, stylesheet: str, **context) -> bytes:
    """Render templates/<template> with the context into a PDF styled by static/pdf/<stylesheet>.

    The template must not contain dates or anything else that changes between renders unless
    it comes from the context: certificates are compared byte for byte.
    """
    return renderer().render(render_template(template, **context), stylesheet)
