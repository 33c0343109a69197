"""Paging: one page type (Page) for every list, and the three ways to fill it.

- paginate(): a counted list (a SELECT count, or a cheaper count query of its own); items are
  the query's first column, or whole rows (a model plus its aggregates) with rows=True.
- paginate_windowed(): a counted list in one query (the total rides along as a window count);
  asked past the end, it shows the last page.
- paginate_list(): a list already in memory (a report's rows).
- paginate_open_ended(): a list that grows without end (the audit log): it knows whether
  another page follows, not how many there are, because counting millions of rows on every
  visit would make the page slower with every year of history. The pager shows "Page N".
"""

import math
from dataclasses import dataclass, field, replace

from sqlalchemy import Select, func, select

from mentoring.extensions import db

# The last page any list shows. Past it, (page - 1) * per_page would soon overflow the databases'
# 64-bit OFFSET (a ?page= of 2**63 // 25 answered 500); no list here reaches 10**6 pages.
MAX_PAGE = 1_000_000
MAX_PER_PAGE = 100


def clamp_page(page: int) -> int:
    """The page number a list shows for a requested one: between 1 and MAX_PAGE."""
    return min(max(page, 1), MAX_PAGE)


@dataclass(frozen=True)
class Page:
    """One page of a list, with what the pager macro (templates/macros/pagination.html) needs.
    total is None for an open-ended list, which knows only whether a next page exists."""

    items: list
    page: int
    per_page: int
    total: int | None
    has_next: bool
    # Keyset paging: the URL arguments the previous and next links add (a value None drops one).
    prev_args: dict = field(default_factory=dict)
    next_args: dict = field(default_factory=dict)

    @property
    def pages(self) -> int | None:
        """How many pages there are (0 for an empty list); None when the list is open-ended."""
        return None if self.total is None else math.ceil(self.total / self.per_page)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    def __iter__(self):
        return iter(self.items)

    def with_items(self, items: list) -> "Page":
        """The same page showing other items (the rows made from the ids it holds)."""
        return replace(self, items=items)


def _counted(items: list, page: int, per_page: int, total: int) -> Page:
    return Page(items, page, per_page, total, page * per_page < total)


def _count_of(query: Select) -> Select:
    return select(func.count()).select_from(query.order_by(None).subquery())


def paginate(
    query: Select,
    page: int,
    per_page: int,
    count_query: Select | None = None,
    *,
    rows: bool = False,
) -> Page:
    """The page-th page of query: its first column (a model), or whole rows with rows=True.
    count_query (a SELECT count) gives the total if set. A page past the end is empty."""
    page, per_page = clamp_page(page), min(max(per_page, 1), MAX_PER_PAGE)
    limited = query.limit(per_page).offset((page - 1) * per_page)
    result = db.session.execute(limited)
    items = list(result.all() if rows else result.unique().scalars().all())
    total = db.session.scalar(count_query if count_query is not None else _count_of(query))
    return _counted(items, page, per_page, total or 0)


def paginate_rows(
    query: Select, page: int, per_page: int, count_query: Select | None = None
) -> Page:
    """paginate() of whole rows (a model plus its aggregates)."""
    return paginate(query, page, per_page, count_query, rows=True)


def paginate_windowed(query: Select, page: int, per_page: int, *, rows: bool = False) -> Page:
    """The page-th page of an ordered query's first column (ids, or whole rows of a model), or
    of its whole rows as tuples with rows=True, and the total: one query (the total rides along
    as a window count, so a search reads its matches once), two when asked past the end, which
    shows the last page."""
    page = clamp_page(page)
    found = db.session.execute(
        query.add_columns(func.count().over()).limit(per_page).offset((page - 1) * per_page)
    ).all()
    if found:
        items = [tuple(row[:-1]) if rows else row[0] for row in found]
        return _counted(items, page, per_page, found[0][-1])
    total = 0 if page == 1 else db.session.scalar(_count_of(query))
    if not total:
        return _counted([], 1, per_page, 0)
    return paginate_windowed(query, math.ceil(total / per_page), per_page, rows=rows)


def paginate_list(items: list, page: int, per_page: int) -> Page:
    """A page of a list already in memory; asked past the end, it shows the last page."""
    last = max(math.ceil(len(items) / per_page), 1)
    page = min(clamp_page(page), last)
    return _counted(items[(page - 1) * per_page : page * per_page], page, per_page, len(items))


def paginate_open_ended(query: Select, page: int, per_page: int) -> Page:
    """The page-th page of query's first column, reading one row more to learn if one follows."""
    page = clamp_page(page)
    items = list(db.session.scalars(query.limit(per_page + 1).offset((page - 1) * per_page)).all())
    return Page(items[:per_page], page, per_page, None, len(items) > per_page)
