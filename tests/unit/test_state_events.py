"""A websocket event's arguments are checked against its handler's signature: the handler gets values of
the types it declares, or does not run and the user is told which argument was wrong (never its value)."""

from typing import Any

from allpetplus.state.builder import BuilderState
from allpetplus.ui.state_events import check_arguments, refusal
from licensing.state.licences import LicensingState


def test_values_of_the_declared_types_pass_and_forms_arrive_as_dicts():
    form = {"__reflex_form_data__": [["design_name", "Rex's harness"], ["status", "DRAFT"]]}
    assert check_arguments(BuilderState.save.fn, {"form": form}) == (
        {"form": {"design_name": "Rex's harness", "status": "DRAFT"}},
        [],
    )
    assert check_arguments(LicensingState.open_draft.fn, {"licence_id": "12"}) == ({"licence_id": 12}, [])
    assert check_arguments(BuilderState.set_option.fn, {"field": "size", "value": ["any", 1]})[1] == []


def test_wrong_missing_and_extra_arguments_are_named_without_their_values():
    _, problems = check_arguments(BuilderState.set_option.fn, {"field": ["S" * 999], "colour": "red"})
    assert problems == ["field should be a valid string", "colour is not expected", "value is missing"]
    _, problems = check_arguments(LicensingState.open_draft.fn, {"licence_id": 10**40})
    assert problems == ["licence_id should be less than or equal to 9223372036854775807"]
    _, problems = check_arguments(BuilderState.save.fn, {"form": {"__reflex_form_data__": 5}})
    assert problems == ["form is not a form's fields"]
    _, problems = check_arguments(BuilderState.load.fn, {"x" * 500: 1})
    assert problems == ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxx… is not expected"]
    assert check_arguments(BuilderState.load.fn, ["not", "an", "object"])[1] == [
        "the event carries no arguments object"
    ]
    message = refusal(problems)
    assert message.startswith("This page sent something unexpected") and "Reload the page" in message


def test_a_handler_taking_any_keyword_gets_the_extra_ones():
    def handler(self, required: int, **rest: Any) -> None: ...

    assert check_arguments(handler, {"required": 1, "extra": [1]}) == ({"required": 1, "extra": [1]}, [])
