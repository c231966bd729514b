"""`guidepress.clock`: today's date from one place, set by the environment or by tests."""

from __future__ import annotations

import datetime as dt

import pytest

from guidepress import clock
from guidepress.errors import UsageError


def test_the_environment_sets_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENVIRONMENT, "2031-07-04")
    assert clock.today() == dt.date(2031, 7, 4)


def test_frozen_wins_inside_its_block_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENVIRONMENT, "2031-07-04")
    with clock.frozen(dt.date(2000, 1, 1)):
        assert clock.today() == dt.date(2000, 1, 1)
    assert clock.today() == dt.date(2031, 7, 4)


def test_without_either_it_is_the_system_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.ENVIRONMENT, raising=False)
    assert clock.today() == dt.date.today()


def test_a_bad_date_in_the_environment_says_how_to_fix_it(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.setenv(clock.ENVIRONMENT, "04/07/2031")
    with pytest.raises(UsageError, match="GUIDEPRESS_TODAY='04/07/2031' is not a date"):
        clock.today()
