import pytest

from tests.gui.conftest import threads, window  # noqa: F401  (the same fixtures)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/slow/" in str(item.fspath):
            item.add_marker(pytest.mark.slow)
