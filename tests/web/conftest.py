import pytest


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never into the working tree."""
    settings.MEDIA_ROOT = tmp_path / "uploads"


from tests.web.browser import browser, browser_page  # noqa: E402, F401  (fixtures)
