"""Demo building, visiting, feedback exactly once, rate limits and concurrency, on SQLite and
PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from demos import service
from demos.service import RateLimited, RateLimits
from glasshouse.errors import BadInput, Conflict, NotFound, PermissionDenied
from tests.demos.conftest import redaction_spec


def test_created_demo_gets_a_slug_owner_and_version_one(db, curator, public_demo) -> None:
    assert (public_demo.slug, public_demo.owner, public_demo.version) == (
        "redact-my-message", "cora", 1)
    again = service.create_demo(db, redaction_spec(), actor=curator)
    assert again.slug == "redact-my-message-2"


def test_update_publishes_a_new_version_and_keeps_history(db, curator, public_demo) -> None:
    spec = redaction_spec(description="Second wording.")
    updated = service.update_demo(db, public_demo.slug, spec, actor=curator, expected_version=1)
    assert updated.version == 2
    history = service.demo_versions(db, public_demo.slug, actor=curator)
    assert [(v, s.description) for v, s in history] == [
        (1, "Shows what the redactor hides."), (2, "Second wording.")]
    with pytest.raises(Conflict):
        service.update_demo(db, public_demo.slug, spec, actor=curator, expected_version=1)


@pytest.mark.parametrize("changes, field", [
    ({"title": "x"}, "title"),
    ({"task": "translation"}, "task"),
    ({"task": "text-classification", "model": "minilm-en"}, "model"),
    ({"task": "similarity", "model": "minilm-en", "params": {"references": []}},
     "params.references"),
    ({"task": "fill-blank", "model": "smollm2-135m", "params": {"candidates": ["x", "x"]}},
     "params.candidates"),
    ({"variants": ["only one"]}, "variants"),
    ({"params": {"entities": ["SHOE_SIZE"]}}, "params.entities"),
])
def test_bad_spec_names_the_field(db, curator, changes, field) -> None:
    spec = redaction_spec().model_dump() | changes
    with pytest.raises(BadInput) as err:
        service.create_demo(db, spec, actor=curator)
    assert err.value.field == field


def test_hub_id_is_accepted_for_model_tasks(db, curator) -> None:
    demo = service.create_demo(db, redaction_spec(task="text-classification",
                                                  model="org/some-classifier"), actor=curator)
    assert demo.spec.model == "org/some-classifier"


def test_run_stores_exact_input_and_output_with_version(db, public_demo) -> None:
    runs = service.run_demo(db, public_demo.slug, ["Mail bob@example.com now"], actor=None,
                            client="1.2.3.4")
    assert runs[0].output == "Mail <EMAIL> now"
    got = service.submit_feedback(db, {"run_id": runs[0].id, "category": "fine",
                                       "language": "en"}, actor=None, client="1.2.3.4")
    assert got.created
    (item,) = service.list_feedback(db, public_demo.slug, actor=Actor("cora", "curator"))
    assert (item.input, item.output, item.model, item.demo_version, item.category) == (
        "Mail bob@example.com now", "Mail <EMAIL> now", "glasshouse-patterns", 1, "fine")


def test_second_submission_on_one_output_is_not_stored_twice(db, curator, public_demo) -> None:
    (run,) = service.run_demo(db, public_demo.slug, ["call 0612 345 678"], actor=None,
                              client="c")
    first = service.submit_feedback(db, {"run_id": run.id, "category": "wrong"}, actor=None,
                                    client="c")
    second = service.submit_feedback(db, {"run_id": run.id, "category": "fine"}, actor=None,
                                     client="c")
    assert (second.feedback_id, second.created) == (first.feedback_id, False)
    assert [i.category for i in service.list_feedback(db, public_demo.slug, actor=curator)] == [
        "wrong"]


def test_unknown_run_is_not_found(db) -> None:
    with pytest.raises(NotFound):
        service.submit_feedback(db, {"run_id": "nope", "category": "fine"}, actor=None,
                                client="c")


def test_twenty_concurrent_submitters_store_each_feedback_exactly_once(
        db, curator, public_demo) -> None:
    runs = service.run_demo(db, public_demo.slug, [f"person {i} at p{i}@example.org"
                                                   for i in range(10)], actor=None, client="r")
    runs += service.run_demo(db, public_demo.slug, [f"ip 10.0.0.{i}" for i in range(10)],
                             actor=None, client="r")
    results: list = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(20)

    def submitter(n: int) -> None:
        try:
            barrier.wait()
            for attempt in range(3):  # every submitter double-clicks: 3 tries per output
                results.append(service.submit_feedback(
                    db, {"run_id": runs[n].id, "category": "biased" if n % 2 else "fine",
                         "group": f"g{n % 3}", "comment": f"from {n} try {attempt}"},
                    actor=None, client=f"client-{n}"))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=submitter, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    items = service.list_feedback(db, public_demo.slug, actor=curator)
    assert len(items) == 20
    assert sorted(i.run_id for i in items) == sorted(r.id for r in runs)
    assert sum(r.created for r in results) == 20 and len(results) == 60
    assert all(i.comment.endswith("try 0") for i in items)
    assert db.integrity_ok()


def test_rate_limit_holds_under_concurrent_requests_of_one_client(db, curator,
                                                                 public_demo) -> None:
    runs = service.run_demo(db, public_demo.slug, [f"x{i}@example.org" for i in range(12)],
                            actor=None, client="setup")
    limits = RateLimits(runs=100, feedback=5, window_s=600)
    outcomes: list[str] = []
    barrier = threading.Barrier(12)

    def submit(run_id: str) -> None:
        barrier.wait()
        try:
            service.submit_feedback(db, {"run_id": run_id, "category": "fine"}, actor=None,
                                    client="9.9.9.9", limits=limits)
            outcomes.append("stored")
        except RateLimited:
            outcomes.append("limited")

    threads = [threading.Thread(target=submit, args=(r.id,)) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes).count("stored") == 5 and outcomes.count("limited") == 7
    assert len(service.list_feedback(db, public_demo.slug, actor=curator)) == 5
    # another client is not affected
    service.submit_feedback(db, {"run_id": runs[-1].id, "category": "fine"}, actor=None,
                            client="other", limits=limits)


def test_runs_are_rate_limited_per_client(db, public_demo) -> None:
    limits = RateLimits(runs=2, feedback=5, window_s=600)
    for _ in range(2):
        service.run_demo(db, public_demo.slug, ["a"], actor=None, client="a", limits=limits)
    with pytest.raises(RateLimited, match="try again in"):
        service.run_demo(db, public_demo.slug, ["a"], actor=None, client="a", limits=limits)
    service.run_demo(db, public_demo.slug, ["a"], actor=None, client="b", limits=limits)


from glasshouse.users import Actor  # noqa: E402


def test_restricted_demo_refuses_anonymous_visitors(db, viewer, restricted_demo) -> None:
    with pytest.raises(PermissionDenied, match="signed-in"):
        service.open_demo(db, restricted_demo.slug, actor=None)
    with pytest.raises(PermissionDenied):
        service.run_demo(db, restricted_demo.slug, ["hi"], actor=None, client="x")
    (run,) = service.run_demo(db, restricted_demo.slug, ["hi"], actor=viewer, client="x")
    with pytest.raises(PermissionDenied):
        service.submit_feedback(db, {"run_id": run.id, "category": "fine"}, actor=None,
                                client="x")
    assert service.submit_feedback(db, {"run_id": run.id, "category": "fine"}, actor=viewer,
                                   client="x").created


OWNER_ACTIONS = {
    "list_feedback": lambda db, slug, actor: service.list_feedback(db, slug, actor=actor),
    "tag_feedback": lambda db, slug, actor: service.tag_feedback(db, slug, [1], ["x"],
                                                                  actor=actor),
    "export_csv": lambda db, slug, actor: service.export_feedback(db, slug, "csv", actor=actor),
    "export_json": lambda db, slug, actor: service.export_feedback(db, slug, "json",
                                                                    actor=actor),
    "send_to_evidence": lambda db, slug, actor: service.send_to_evidence(db, slug, [1],
                                                                          actor=actor),
    "update_demo": lambda db, slug, actor: service.update_demo(db, slug, redaction_spec(),
                                                                actor=actor),
    "demo_versions": lambda db, slug, actor: service.demo_versions(db, slug, actor=actor),
}


@pytest.mark.parametrize("action", sorted(OWNER_ACTIONS))
@pytest.mark.parametrize("who", [None, Actor("vic", "viewer"), Actor("other", "curator")])
def test_public_demo_visitors_cannot_reach_owner_functions(db, public_demo, action,
                                                           who) -> None:
    (run,) = service.run_demo(db, public_demo.slug, ["a@b.org"], actor=None, client="v")
    service.submit_feedback(db, {"run_id": run.id, "category": "harmful"}, actor=None,
                            client="v")
    with pytest.raises(PermissionDenied):
        OWNER_ACTIONS[action](db, public_demo.slug, who)


def test_anonymous_and_viewers_cannot_build_demos(db, viewer) -> None:
    for who in (None, viewer):
        with pytest.raises(PermissionDenied):
            service.create_demo(db, redaction_spec(), actor=who)


def test_admin_reviews_any_demo_and_owner_sees_only_their_own(db, admin, curator,
                                                              public_demo) -> None:
    other = Actor("olga", "curator")
    service.create_demo(db, redaction_spec(title="Olga's demo"), actor=other)
    assert [d.slug for d in service.list_demos(db, actor=curator)] == [public_demo.slug]
    assert len(service.list_demos(db, actor=admin)) == 2
    assert service.list_feedback(db, public_demo.slug, actor=admin) == []


def test_feedback_keeps_the_version_it_was_given_on(db, curator, public_demo) -> None:
    (old,) = service.run_demo(db, public_demo.slug, ["a@b.org"], actor=None, client="c")
    service.update_demo(db, public_demo.slug, redaction_spec(limitations="Now documented."),
                        actor=curator)
    (new,) = service.run_demo(db, public_demo.slug, ["a@b.org"], actor=None, client="c")
    for run in (old, new):
        service.submit_feedback(db, {"run_id": run.id, "category": "fine"}, actor=None,
                                client="c")
    items = service.list_feedback(db, public_demo.slug, actor=curator)
    assert [i.demo_version for i in items] == [1, 2]
    assert service.owner_demo(db, public_demo.slug, actor=curator).spec.limitations == (
        "Now documented.")


def test_rate_limit_error_says_when_to_retry(db, public_demo) -> None:
    limits = RateLimits(runs=1, feedback=1, window_s=120)
    service.run_demo(db, public_demo.slug, ["a"], actor=None, client="z", limits=limits)
    with pytest.raises(RateLimited) as err:
        service.run_demo(db, public_demo.slug, ["a"], actor=None, client="z", limits=limits)
    assert 0 < err.value.retry_after <= 121
