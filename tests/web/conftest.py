import pytest


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never into the working tree."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    # Tests create many users; the real hasher is slow on purpose (not what is tested).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


from tests.web.browser import browser, browser_page  # noqa: E402, F401  (fixtures)
