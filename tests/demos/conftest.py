from __future__ import annotations

import pytest

from demos import service
from demos.spec import DemoSpec


def redaction_spec(**kw) -> DemoSpec:
    base = dict(title="Redact my message", description="Shows what the redactor hides.",
                intended_use="Trying the redactor on short messages.",
                limitations="Patterns only: names are not found.", task="pii-redaction",
                model="glasshouse-patterns", examples=["Write to ana@example.org"],
                public=True)
    base.update(kw)
    return DemoSpec(**base)


@pytest.fixture
def public_demo(db, curator):
    return service.create_demo(db, redaction_spec(), actor=curator)


@pytest.fixture
def restricted_demo(db, curator):
    return service.create_demo(db, redaction_spec(title="Staff only redactor", public=False),
                               actor=curator)
