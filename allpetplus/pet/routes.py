"""Pet REST routes: the signed-in owner's pets (staff may reach any; everyone else gets 404)."""

from __future__ import annotations

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from allpetplus.core.db import session_scope
from allpetplus.core.errors import ValidationFailed
from allpetplus.core.inputs import field_errors
from allpetplus.core.rest import answers_refusals, json_body
from allpetplus.pet import service
from allpetplus.user.auth import acting_user


def _pet_id(request: Request) -> int:
    return request.path_params["pet_id"]


@answers_refusals
def list_pets(request: Request) -> JSONResponse:
    """``GET /api/pets``."""
    with session_scope() as session:
        user = acting_user(session, request)
        return JSONResponse({"pets": [p.model_dump() for p in service.list_pets(session, user)]})


@answers_refusals
def get_pet(request: Request) -> JSONResponse:
    """``GET /api/pets/{id}``."""
    with session_scope() as session:
        user = acting_user(session, request)
        return JSONResponse(service.view_pet(session, user, _pet_id(request)).model_dump())


@answers_refusals
async def update_pet(request: Request) -> Response:
    """``PATCH /api/pets/{id}``: change the fields given (the rest keep their values)."""
    body = await json_body(request)
    with session_scope() as session:
        user = acting_user(session, request)
        current = service.view_pet(session, user, _pet_id(request))
        try:
            merged = service.PetInput.model_validate({**_as_input(current), **body})
            service.update_pet(session, user, current.id, merged)
        except ValidationError as exc:
            raise ValidationFailed(field_errors(exc)) from None
        return JSONResponse(service.view_pet(session, user, current.id).model_dump())


def _as_input(view: service.PetView) -> dict:
    return {
        "name": view.name,
        "species": view.species,
        "breed": view.breed,
        "birth_date": view.birth_date or None,
        "chest_girth_cm": view.chest_girth_cm,
        "neck_cm": view.neck_cm,
        "microchip": view.microchip,
        "life_status": view.life_status,
    }


@answers_refusals
def delete_pet(request: Request) -> Response:
    """``DELETE /api/pets/{id}``."""
    with session_scope() as session:
        service.delete_pet(session, acting_user(session, request), _pet_id(request))
    return Response(status_code=204)


routes = [
    Route("/api/pets", list_pets, methods=["GET"]),
    Route("/api/pets/{pet_id:id}", get_pet, methods=["GET"]),
    Route("/api/pets/{pet_id:id}", update_pet, methods=["PATCH"]),
    Route("/api/pets/{pet_id:id}", delete_pet, methods=["DELETE"]),
]
