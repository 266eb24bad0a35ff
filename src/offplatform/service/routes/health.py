from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from .. import db
from ..deps import RuntimeDep

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The database answers and the schema is migrated",
            responses={503: {"description": "Not ready"}})
def readyz(rt: RuntimeDep) -> JSONResponse:
    try:
        db.ping(rt.engine)
        revision = db.current_revision(rt.engine)
    except Exception as exc:  # noqa: BLE001 - any database failure means "not ready"
        return JSONResponse({"status": "unavailable", "detail": type(exc).__name__}, status_code=503)
    if revision is None:
        return JSONResponse({"status": "unavailable", "detail": "schema not migrated"}, status_code=503)
    return JSONResponse({"status": "ok", "schema": revision})


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
def metrics(rt: RuntimeDep) -> Response:
    return Response(rt.metrics.render(), media_type=CONTENT_TYPE_LATEST)
