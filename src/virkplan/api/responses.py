"""The responses each kind of operation documents, so the schema names every status it gives."""

from typing import Any

from .schemas.common import Error


def read_responses(model: Any, *, detail: bool = False) -> dict[int, Any]:
    """200 with the model; 304 when If-None-Match has its ETag; the refusals a read may meet."""
    responses: dict[int, Any] = {200: model, 304: None, 401: Error, 422: Error, 429: Error}
    if detail:
        responses[404] = Error
    return responses


def write_responses(status: int, model: Any, *, conflict: Any = Error) -> dict[int, Any]:
    """`status` with the model, and every refusal a change may meet."""
    return {
        status: model,
        401: Error,
        403: Error,
        404: Error,
        409: conflict,
        413: Error,
        422: Error,
        429: Error,
    }
