"""Scene tests read what the session's tiny renders recorded, so render those first."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def _tiny_renders_first(tiny_renders):
    """Each scene is constructed once: its tiny render also records shown strings and beats."""
    return tiny_renders
