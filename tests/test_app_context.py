"""Who acts in the UI, and how callback errors reach a person."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from glasshouse.context import AppContext
from glasshouse.errors import BadInput, PermissionDenied
from glasshouse.users import LOCAL_ADMIN, Actor, add_user


def test_without_users_the_local_operator_is_admin(db) -> None:
    assert AppContext(db, auth_enabled=False).actor(SimpleNamespace(username=None)) == LOCAL_ADMIN


def test_with_users_an_anonymous_request_is_refused(db) -> None:
    with pytest.raises(PermissionDenied, match="sign in first"):
        AppContext(db, auth_enabled=True).actor(SimpleNamespace(username=None))


def test_a_signed_in_request_acts_with_its_stored_role(db) -> None:
    admin = add_user(db, "ada", "correct horse", "admin")
    add_user(db, "vic", "password1", "viewer", actor=admin)
    assert AppContext(db, True).actor(SimpleNamespace(username="vic")) == Actor("vic", "viewer")


@pytest.mark.parametrize("exc,shown", [
    (BadInput("not a CSV", file="x.txt", row=3, field="text"),
     "file x.txt, row 3, field 'text': not a CSV"),
    (PermissionDenied("editing needs the curator role"), "editing needs the curator role"),
    (ZeroDivisionError("boom"), "Something went wrong (ZeroDivisionError)"),
])
def test_safe_callbacks_turn_errors_into_plain_messages(exc, shown) -> None:
    import gradio as gr

    from glasshouse.ui import safe

    @safe
    def callback() -> None:
        raise exc

    with pytest.raises(gr.Error) as err:
        callback()
    assert shown in str(err.value.message)
    assert "Traceback" not in str(err.value.message)


def test_every_ui_callback_that_asks_for_the_request_gets_it(db, monkeypatch) -> None:
    """Gradio injects gr.Request only when it can resolve the annotation; a string annotation it
    cannot resolve (future import + `gr` imported inside build()) silently makes the request None,
    which signs everybody out when users are configured."""
    import inspect

    import gradio as gr
    from gradio import utils as gr_utils

    from glasshouse.ui import build_app

    monkeypatch.setenv("GLASSHOUSE_UMAP_WARMUP", "0")
    app = build_app(AppContext(db, auth_enabled=False))
    asking, unresolved = 0, []
    for block_fn in app.fns.values():
        fn = block_fn.fn
        if fn is None or "request" not in inspect.signature(fn).parameters:
            continue
        asking += 1
        if gr_utils.get_type_hints(fn).get("request") not in (gr.Request, gr.Request | None):
            unresolved.append(f"{fn.__module__}.{fn.__qualname__}")
    assert asking >= 10  # the catalog, datasets, probes, demos and cards tabs all ask
    assert unresolved == []


def _every_app(db, monkeypatch) -> list:
    """The main app and every stand-alone page's Blocks, wrapped as the server wraps them."""
    import importlib

    from glasshouse.areas import page_modules
    from glasshouse.ui import build_app, wrap_callbacks

    monkeypatch.setenv("GLASSHOUSE_UMAP_WARMUP", "0")
    ctx = AppContext(db, auth_enabled=False)
    apps = [build_app(ctx)]
    for module in page_modules():
        apps += [wrap_callbacks(p.blocks) for p in importlib.import_module(module).pages(ctx)]
    return apps


def test_every_callback_of_every_tab_and_page_is_wrapped_in_safe(db, monkeypatch) -> None:
    apps = _every_app(db, monkeypatch)
    fns = [bf.fn for app in apps for bf in app.fns.values() if bf.fn is not None]
    assert len(fns) > 100
    assert [f.__qualname__ for f in fns if not getattr(f, "__glasshouse_safe__", False)] == []


def test_a_result_fed_by_several_fields_has_one_listener(db, monkeypatch) -> None:
    """A callback that several fields' edits call to fill the same outputs must be ONE listener
    (gr.on with trigger_mode="always_last"). As one listener per field, the answers can come
    back out of order and leave the result of older values on screen: a loaded run showed the
    openness class of three ticks under four ticked boxes (tests/e2e/test_cards_edits_in_order.py
    shows it in a browser)."""
    from collections import defaultdict

    edits = {"change", "input", "blur", "select", "submit", "release"}
    checked, split = 0, []
    for app in _every_app(db, monkeypatch):
        listeners = defaultdict(list)  # (callback, inputs, outputs) -> listeners fired by edits
        for bf in app.fns.values():
            if bf.fn is None or not bf.outputs or not bf.targets:
                continue
            if all(event in edits for _, event in bf.targets):
                key = (bf.fn.__qualname__, tuple(c._id for c in bf.inputs),
                       tuple(c._id for c in bf.outputs))
                listeners[key].append(bf)
        for (name, _, _), found in listeners.items():
            checked += 1
            if len(found) > 1 or any(len(bf.targets) > 1 and bf.trigger_mode != "always_last"
                                     for bf in found):
                split.append(f"{name}: {len(found)} listeners")
    assert checked > 25  # the scan sees the listeners of every tab and page
    assert split == []


@pytest.mark.parametrize("generator", [False, True])
def test_a_wrapped_lambda_or_generator_shows_a_plain_message(generator: bool) -> None:
    import gradio as gr

    from glasshouse.ui import safe

    def gen():
        yield 1
        raise KeyError("secret path /srv/x")

    fn = safe(gen) if generator else safe(lambda: {}["secret path /srv/x"])
    with pytest.raises(gr.Error) as err:
        list(fn()) if generator else fn()
    assert "KeyError" in err.value.message and "/srv/x" not in err.value.message


def test_no_table_shows_gradios_placeholder_headers(db, monkeypatch) -> None:
    import importlib

    import gradio as gr
    import pandas as pd

    from glasshouse.areas import page_modules
    from glasshouse.ui import EMPTY_TABLE_HEADER, build_app

    monkeypatch.setenv("GLASSHOUSE_UMAP_WARMUP", "0")
    ctx = AppContext(db, auth_enabled=False)
    apps = [build_app(ctx)]
    apps += [p.blocks for m in page_modules() for p in importlib.import_module(m).pages(ctx)]
    tables = [b for app in apps for b in app.blocks.values() if isinstance(b, gr.Dataframe)]
    assert len(tables) >= 8
    assert [t.label for t in tables if t.value["headers"] == ["1", "2", "3"]] == []
    assert tables[0].postprocess(pd.DataFrame()).headers[0] in (
        EMPTY_TABLE_HEADER, tables[0].value["headers"][0])
