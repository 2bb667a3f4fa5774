import pytest

from equitylab import datasets


@pytest.fixture(autouse=True)
def _fresh_caveats():
    datasets.reset_caveats()
    yield
    datasets.reset_caveats()
