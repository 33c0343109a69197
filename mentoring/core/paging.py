"""Paging for queries that return rows of several columns (a model plus its aggregates)."""

from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select

from mentoring.extensions import db


class RowPagination(SelectPagination):
    """Like db.paginate, but items are whole rows, not only each row's first column."""

    def _query_items(self) -> list:
        select = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(select).all())


def paginate_rows(query: Select, page: int, per_page: int) -> RowPagination:
    return RowPagination(
        select=query,
        session=db.session(),
        page=max(page, 1),
        per_page=per_page,
        max_per_page=100,
        error_out=False,
        count=True,
    )
