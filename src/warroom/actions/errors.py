"""The one error an action raises: its message is the sentence the user sees."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from warroom.domain.quickentry import ParseError
from warroom.store.errors import StoreError

P = ParamSpec("P")
R = TypeVar("R")


class ActionError(Exception):
    """Nothing was done, and the message says why and what to do."""


def user_action(function: Callable[P, R]) -> Callable[P, R]:
    """Turn the store's and the parser's refusals into ActionError, keeping their sentence."""

    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except (StoreError, ParseError) as error:
            raise ActionError(str(error)) from error

    return run
