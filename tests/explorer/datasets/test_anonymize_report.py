"""An anonymised copy you can trust (issue 17, item 3): a report of what was replaced per
entity and language, which rows had pattern-only checks, and a residual re-scan of the copy
that finds none of the replaced kinds; handles and URLs replaced explicitly."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from glasshouse.cli import main

pytestmark = pytest.mark.slow

ROWS = [
    "RT @nicole_88: Maria Lopez just landed in Boston, call her at +1 212-555-0147",
    "Thanks @Trump_fan for the link https://example.org/news/123 and www.example.com/page",
    "Nicole: ok, I'll send the file to john.smith@example.com tonight",
    "Please ask Peter Brown in the Manchester office about the new contract.",
    "María García vive en Sevilla; su correo es maria.garcia@ejemplo.es",
    "يرجى الاتصال بأحمد على الرقم +966 50 123 4567 لتأكيد موعد الاجتماع",
    "The weather was lovely and we walked along the river all afternoon.",
    "Meet Sarah Connor and David Miller at the Edinburgh station at noon.",
]
# handles, URLs, e-mails and phones must go whatever NER does
SECRETS = ["@nicole_88", "212-555-0147", "@Trump_fan", "example.org/news", "www.example.com",
           "john.smith@example.com", "maria.garcia@ejemplo.es", "123 4567"]


@pytest.fixture(scope="module")
def anonymised(tmp_path_factory):
    import contextlib
    import io

    tmp = tmp_path_factory.mktemp("anon")
    src = tmp / "posts.csv"
    pd.DataFrame({"text": ROWS}).to_csv(src, index=False)
    out = tmp / "posts-anonymised.csv"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(["scan", str(src), "--text-column", "text", "--anonymize", str(out),
                     "--json"])
    assert code == 0
    return json.loads(buf.getvalue()), out


def test_cli_json_reports_what_was_replaced_per_entity_and_language(anonymised) -> None:
    result, out = anonymised
    rep = result["anonymization"]
    assert rep["copy"] == str(out) and result["anonymized_to"] == str(out)
    replaced = rep["replaced"]
    assert replaced["USER_HANDLE"]["en"] == 2 and replaced["URL"]["en"] >= 2
    assert replaced["EMAIL_ADDRESS"] == {"en": 1, "es": 1}
    assert replaced["PHONE_NUMBER"] == {"ar": 1, "en": 1}
    assert replaced["PERSON"]["en"] >= 3
    assert rep["pattern_only"] == {"ar": 1} and rep["pattern_only_rows"] == [5]
    assert rep["residual"] == {} and rep["residual_clean"] is True
    on_disk = json.loads(out.with_name(out.name + ".report.json").read_text(encoding="utf-8"))
    assert on_disk == rep


def test_copy_holds_none_of_the_values(anonymised) -> None:
    result, out = anonymised
    text = out.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in text, secret
    copy = pd.read_csv(out)["text"].tolist()
    for f in result["pii"]["findings"]:  # every value the scan found is gone from its row
        assert ROWS[f["row"]][f["start"]:f["end"]] not in copy[f["row"]]
    assert "<USER_HANDLE>" in text and "<URL>" in text
    assert "lovely" in text  # ordinary text is untouched
    assert pd.read_csv(out).shape == (len(ROWS), 1)


def test_an_independent_rescan_of_the_copy_finds_none_of_the_replaced_kinds(anonymised
                                                                             ) -> None:
    from explorer.datasets.profile import scan_file

    result, out = anonymised
    replaced = set(result["anonymization"]["replaced"])
    again = scan_file(out, text_column="text")
    leftovers = [f for f in again.pii.findings if f.entity_type in replaced]
    frame = again.table.frame
    # a placeholder read as a name ("<PERSON>") is not personal data
    leftovers = [f for f in leftovers
                 if not str(frame.at[f.row, "text"])[f.start:f.end].strip("<>").isupper()]
    assert leftovers == []


def test_report_markdown_names_pattern_only_languages_and_residual() -> None:
    from explorer.datasets.anonymize import AnonymizationReport

    rep = AnonymizationReport("x.csv", {"*": "replace"}, ("text",),
                              {"PERSON": {"en": 3}}, 3, 2, {}, {"ar": 4}, (1, 2, 3, 4), ())
    md = rep.markdown()
    assert "PERSON 3 (en 3)" in md and "ar 4 rows" in md and "none of the replaced" in md
    bad = AnonymizationReport("x.csv", {"*": "replace"}, ("text",), {"PERSON": {"en": 3}}, 3,
                              3, {"PERSON": 1}, {}, (), ())
    assert "FAILED" in bad.markdown() and not bad.residual_clean
