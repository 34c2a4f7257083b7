"""The build time, read from ``SOURCE_DATE_EPOCH`` when it is set, and its PO spelling.

The only place the pipeline asks the clock; every stage gets the time as a parameter.
"""

from __future__ import annotations

import datetime as dt
import os


def now(epoch: str | None = None) -> dt.datetime:
    """The build time: ``SOURCE_DATE_EPOCH`` when set, so that builds are reproducible."""
    epoch = epoch if epoch is not None else os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def po_date(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M%z")
