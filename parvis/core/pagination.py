"""API pagination with bounds. django-ninja's LimitOffsetPagination takes any offset and, unless configured, any
limit: an offset past 2**63 reached the database and answered 500 (SQLite cannot bind it), and a limit of a
billion would read every row. Every paginated API list uses this class instead; out-of-range values get
the documented 400."""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination  # noqa: TID251 - bounded here

# Clients already ask for 1,000 items at once (a whole département's spaces); more is a full table read.
MAX_LIMIT = 1000
# Far beyond any real list, far below what a database integer holds.
MAX_OFFSET = 1_000_000


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, max_limit: int = MAX_LIMIT, **kwargs) -> None:
        super().__init__(max_limit=max_limit, **kwargs)
