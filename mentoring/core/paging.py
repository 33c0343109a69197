"""Paging: for queries that return rows of several columns (a model plus its aggregates), and
for lists too long to count on every visit."""

import math
from dataclasses import dataclass, field

from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select

from mentoring.extensions import db

# The last page any list shows. Past it, (page - 1) * per_page would soon overflow the databases'
# 64-bit OFFSET (a ?page= of 2**63 // 25 answered 500); no list here reaches 10**6 pages.
MAX_PAGE = 1_000_000


def clamp_page(page: int) -> int:
    """The page number a list shows for a requested one: between 1 and MAX_PAGE."""
    return min(max(page, 1), MAX_PAGE)


class RowPagination(SelectPagination):
    """Like db.paginate, but items are whole rows, not only each row's first column, and the
    total may come from a cheaper query of its own."""

    def _query_items(self) -> list:
        select = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(select).all())

    def _query_count(self) -> int:
        if self._query_args["count_query"] is None:
            return super()._query_count()
        return self._query_args["session"].scalar(self._query_args["count_query"])


def paginate_rows(
    query: Select, page: int, per_page: int, count_query: Select | None = None
) -> RowPagination:
    """One page of query's rows; count_query (a SELECT count) gives the total if set."""
    return RowPagination(
        select=query,
        count_query=count_query,
        session=db.session(),
        page=clamp_page(page),
        per_page=per_page,
        max_per_page=100,
        error_out=False,
        count=True,
    )


class PageLinks:
    """The previous and next page numbers that the pager macro links to, for a page object
    that knows its own number and whether a next page exists."""

    page: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@dataclass(frozen=True)
class ListPage(PageLinks):
    """One page of a list counted in full (the dashboards' lists, close-out, reports), with
    what the pager needs."""

    items: list
    page: int
    per_page: int
    total: int
    # Keyset paging: the URL arguments the previous and next links add (a value None drops one).
    prev_args: dict = field(default_factory=dict)
    next_args: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / self.per_page), 1)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass(frozen=True)
class OpenEndedPage(PageLinks):
    """One page of a list that grows without end (the audit log): it knows whether another
    page follows, not how many there are, because counting millions of rows on every visit
    would make the page slower with every year of history. The pager shows "Page N"."""

    items: list
    page: int
    has_next: bool
    pages = None


def paginate_open_ended(query: Select, page: int, per_page: int) -> OpenEndedPage:
    """The page-th page of query's first column, reading one row more to learn if one follows."""
    page = clamp_page(page)
    items = list(db.session.scalars(query.limit(per_page + 1).offset((page - 1) * per_page)).all())
    return OpenEndedPage(items[:per_page], page, len(items) > per_page)
