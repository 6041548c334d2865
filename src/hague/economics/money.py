"""Money that knows its currency and price basis, and refuses arithmetic across mismatched units.

A :class:`Money` value is an amount in **millions** of a currency (``"EUR"``, ``"USD"``, ``"PLN"``, ...) on a
price basis (``"current"`` or ``"constant_2021"``), optionally for one ally and year. Adding or comparing two
amounts in different currencies or price bases raises :class:`hague.errors.UnitMismatchError`; so does adding
a bare number or a share of GDP. Conversions between units need exchange rates and deflators, so they live in
:func:`hague.economics.convert`.

>>> a = Money(124660, "EUR", "current", year=2026, ally="DEU")
>>> b = Money(340, "EUR", "current", year=2026, ally="DEU")
>>> (a + b).amount
125000.0
>>> a + Money(147002, "USD", "current", year=2026)
Traceback (most recent call last):
...
hague.errors.UnitMismatchError: cannot add EUR million (current) and USD million (current); convert first with hague.economics.convert()
>>> round(a / Money(100000, "EUR", "current"), 4)
1.2466
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from numbers import Real

from hague.errors import OutOfRangeError, UnitMismatchError, finite_number

__all__ = ["Money", "Share", "PRICE_BASES", "SCALES", "MAX_AMOUNT", "amount_in_millions"]

#: price bases: current prices and exchange rates; NATO's constant 2021 prices and exchange rates
PRICE_BASES = ("current", "constant_2021")

#: scales an amount can be given in -> factor to millions
SCALES = {"unit": 1e-6, "thousand": 1e-3, "million": 1.0, "billion": 1e3, "trillion": 1e6}

#: the largest amount accepted, in millions (10^18 units of any currency: above any ally's GDP in national
#: currency to 2035; 1e308 or inf is a typing error, not a budget)
MAX_AMOUNT = 1e12


def amount_in_millions(value, scale: str = "million", *, what: str = "amount") -> float:
    """An amount given in ``scale`` (unit, thousand, million, billion, trillion) as millions, or a one-line error.

    >>> amount_in_millions(2.5, "billion"), amount_in_millions("124660")
    (2500.0, 124660.0)
    >>> amount_in_millions("nan")
    Traceback (most recent call last):
    ...
    hague.errors.OutOfRangeError: amount 'nan' is not a finite number; accepted: -1e+12 to 1e+12 million
    >>> amount_in_millions(1e308)
    Traceback (most recent call last):
    ...
    hague.errors.OutOfRangeError: amount 1e+308 million is out of range; accepted: -1e+12 to 1e+12 million
    """
    if scale not in SCALES:
        raise OutOfRangeError(f"unknown scale {scale!r} for the {what}; accepted: {', '.join(SCALES)}")
    accepted = f"accepted: {-MAX_AMOUNT:g} to {MAX_AMOUNT:g} million"
    x = finite_number(value, what, accepted)
    m = x * SCALES[scale]
    if abs(m) > MAX_AMOUNT:
        raise OutOfRangeError(f"{what} {x:g} {scale} is out of range; {accepted}")
    return m


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in millions of ``currency`` on ``price_basis`` (``current`` or ``constant_2021``).

    ``year`` and ``ally`` say which year's prices and whose deflator apply; sums over different years keep
    ``year=None``.
    """

    amount: float
    currency: str
    price_basis: str = "current"
    year: int | None = None
    ally: str | None = None

    def __post_init__(self) -> None:
        if self.price_basis not in PRICE_BASES:
            raise UnitMismatchError(
                f"unknown price basis {self.price_basis!r} for {self.currency} money; accepted: {', '.join(PRICE_BASES)}"
            )
        if not isinstance(self.currency, str) or len(self.currency) != 3 or not self.currency.isupper():
            raise UnitMismatchError(f"currency must be an ISO 4217 code such as EUR or USD, got {self.currency!r}")
        amount = float(self.amount)
        if not math.isfinite(amount) or abs(amount) > MAX_AMOUNT:
            amount_in_millions(amount, what=f"{self.currency} amount")  # raises the one-line error
        object.__setattr__(self, "amount", amount)

    @property
    def unit(self) -> str:
        """The unit as written in the data files, e.g. ``EUR million``."""
        return f"{self.currency} million"

    def _label(self) -> str:
        return f"{self.unit} ({self.price_basis})"

    def _check(self, other: object, op: str) -> Money:
        if not isinstance(other, Money):
            kind = "a share of GDP" if isinstance(other, Share) else f"a bare {type(other).__name__}"
            raise UnitMismatchError(f"cannot {op} {self._label()} and {kind}; both sides need a currency and price basis")
        if (self.currency, self.price_basis) != (other.currency, other.price_basis):
            raise UnitMismatchError(
                f"cannot {op} {self._label()} and {other._label()}; convert first with hague.economics.convert()"
            )
        if self.price_basis == "constant_2021" and self.ally and other.ally and self.ally != other.ally \
                and self.currency != "USD":
            raise UnitMismatchError(
                f"cannot {op} constant-2021 {self.currency} of {self.ally} and of {other.ally}: each uses its own "
                "deflator; convert both to constant 2021 USD first"
            )
        return other

    def _merge(self, other: Money, amount: float) -> Money:
        return Money(amount, self.currency, self.price_basis,
                     year=self.year if self.year == other.year else None,
                     ally=self.ally if self.ally == other.ally else None)

    def __add__(self, other: object) -> Money:
        o = self._check(other, "add")
        return self._merge(o, self.amount + o.amount)

    def __radd__(self, other: object) -> Money:
        if isinstance(other, int) and other == 0:  # sum() starts from 0
            return self
        return self.__add__(other)

    def __sub__(self, other: object) -> Money:
        o = self._check(other, "subtract")
        return self._merge(o, self.amount - o.amount)

    def __neg__(self) -> Money:
        return replace(self, amount=-self.amount)

    def __mul__(self, k: object) -> Money:
        if isinstance(k, Share):
            return replace(self, amount=self.amount * k.percent / 100)
        if isinstance(k, Real) and not isinstance(k, bool):
            return replace(self, amount=self.amount * float(k))
        raise UnitMismatchError(f"cannot multiply {self._label()} by {type(k).__name__}; use a number or a Share")

    __rmul__ = __mul__

    def __truediv__(self, other: object):
        if isinstance(other, Money):
            o = self._check(other, "divide")
            return self.amount / o.amount
        if isinstance(other, Real) and not isinstance(other, bool):
            return replace(self, amount=self.amount / float(other))
        raise UnitMismatchError(f"cannot divide {self._label()} by {type(other).__name__}")

    def _cmp(self, other: object) -> tuple[float, float]:
        o = self._check(other, "compare")
        return self.amount, o.amount

    def __lt__(self, other: object) -> bool:
        a, b = self._cmp(other)
        return a < b

    def __le__(self, other: object) -> bool:
        a, b = self._cmp(other)
        return a <= b

    def __gt__(self, other: object) -> bool:
        a, b = self._cmp(other)
        return a > b

    def __ge__(self, other: object) -> bool:
        a, b = self._cmp(other)
        return a >= b

    def share_of(self, gdp: Money) -> Share:
        """This amount as a share of ``gdp`` (same currency and price basis required).

        >>> Money(119159, "USD", "constant_2021").share_of(Money(4422594, "USD", "constant_2021")).percent
        2.694...
        """
        return Share(100 * self / gdp)

    def __str__(self) -> str:
        yr = f" {self.year}" if self.year is not None else ""
        return f"{self.amount:,.0f} {self.unit} ({self.price_basis}{yr})"


@dataclass(frozen=True, slots=True)
class Share:
    """A share of GDP in percent. Shares add to shares; a share times money gives money; nothing else mixes.

    >>> (Share(3.5) + Share(1.5)).percent
    5.0
    >>> Share(3.5) + Money(1, "EUR")
    Traceback (most recent call last):
    ...
    hague.errors.UnitMismatchError: cannot add percent of GDP and EUR million (current)
    """

    percent: float

    def __add__(self, other: object) -> Share:
        if not isinstance(other, Share):
            what = other._label() if isinstance(other, Money) else f"a bare {type(other).__name__}"
            raise UnitMismatchError(f"cannot add percent of GDP and {what}")
        return Share(self.percent + other.percent)

    def __sub__(self, other: object) -> Share:
        if not isinstance(other, Share):
            raise UnitMismatchError(f"cannot subtract {type(other).__name__} from percent of GDP")
        return Share(self.percent - other.percent)

    def __mul__(self, other: object) -> Money:
        if isinstance(other, Money):
            return other * self
        raise UnitMismatchError(f"a share of GDP multiplies money (GDP), not {type(other).__name__}")

    def of(self, gdp: Money) -> Money:
        """The money this share of ``gdp`` represents."""
        return gdp * self
