"""Every language lingua knows (issue 17, item 1): detection over all languages by default,
script-aware short rows, pattern-only routing and its warning, and no English NER on rows in
another language or script."""

from __future__ import annotations

import pandas as pd
import pytest

from explorer.datasets import languages as lid
from explorer.datasets.loading import LoadedTable

EN = ["Maria Lopez will meet John Smith at the London office on Tuesday morning.",
      "Please send the signed contract to Peter Brown before the end of the week.",
      "Our new colleague Sarah Connor starts in the Manchester team next month.",
      "The workshop in Boston was cancelled, so David Miller moved it online.",
      "Thanks to Emily Clark for organising the trip to Edinburgh last spring.",
      "I talked to Michael Johnson yesterday and he agreed with the new plan."]
AR = ["التقى محمد بن سلمان مع وفد من رجال الأعمال في الرياض يوم الثلاثاء الماضي.",
      "قالت فاطمة الزهراء إن المؤتمر السنوي سيعقد في القاهرة في شهر مايو المقبل.",
      "أعلنت الشركة عن افتتاح فرع جديد في دبي لخدمة العملاء في منطقة الخليج.",
      "يرجى الاتصال بأحمد على الرقم +966 50 123 4567 لتأكيد موعد الاجتماع.",
      "كتب عمرو دياب أغنية جديدة وحققت ملايين المشاهدات خلال أسبوع واحد فقط.",
      "شكرا جزيلا على المساعدة، سنرسل لكم التقرير النهائي غدا صباحا إن شاء الله."]
HI = ["राहुल शर्मा ने कहा कि दिल्ली में अगले सप्ताह एक बड़ी बैठक होगी।",
      "प्रिया ने मुंबई से फोन किया और बताया कि ट्रेन दो घंटे देर से चल रही है।",
      "हमारी टीम ने इस साल के सम्मेलन के लिए सभी तैयारियाँ पूरी कर ली हैं।",
      "कृपया अमित से उनके ईमेल amit.kumar@example.in पर संपर्क करें।",
      "बारिश के कारण आज स्कूल बंद रहेंगे और परीक्षा अगले सोमवार को होगी।",
      "सुनीता देवी ने गाँव के बच्चों के लिए एक नया पुस्तकालय खोला है।"]
ZH = ["王伟明天将在北京与李娜讨论新的项目计划。",
      "张敏上周去了上海参加一个关于人工智能的会议。",
      "请在星期五之前把报告发送给刘洋，谢谢你的帮助。",
      "我们公司在深圳开设了新的办公室，欢迎大家来参观。",
      "陈静的电话号码是 +86 138 0013 8000，请尽快联系她。",
      "今天天气很好，我们打算下午去公园散步和拍照。"]
ES = ["María García vive en Sevilla y trabaja en un hospital del centro.",
      "Ayer Juan Pérez llamó para confirmar la reunión del próximo lunes en Madrid."]


@pytest.fixture(scope="module")
def mixed_profile():
    from explorer.datasets.profile import profile_table

    rows = [(t, "en") for t in EN] + [(t, "ar") for t in AR] + [(t, "hi") for t in HI] + \
        [(t, "zh") for t in ZH] + [(t, "es") for t in ES]
    frame = pd.DataFrame({"text": [t for t, _ in rows], "truth": [g for _, g in rows]})
    table = LoadedTable(frame, "mixed.csv", "csv", "utf-8")
    return profile_table(table, text_column="text"), [g for _, g in rows]


def test_default_candidates_are_every_lingua_language() -> None:
    langs = lid.parse_languages(None)
    assert len(langs) >= 75 and {"ar", "hi", "zh", "en", "sw", "yo"} <= set(langs)
    assert lid.parse_languages("en, ar") == ("en", "ar")


@pytest.mark.slow
def test_mixed_file_rows_get_their_own_language(mixed_profile) -> None:
    prof, truth = mixed_profile
    assert list(prof.languages.tags) == truth
    assert prof.languages.counts == {"en": 6, "ar": 6, "hi": 6, "zh": 6, "es": 2}


@pytest.mark.slow
def test_no_english_ner_finding_on_a_non_english_row(mixed_profile) -> None:
    prof, truth = mixed_profile
    ner = [f for f in prof.pii.findings if f.entity_type in ("PERSON", "LOCATION")]
    assert any(truth[f.row] == "en" for f in ner)  # English names are still found
    wrong = [(f.row, truth[f.row], f.entity_type) for f in ner
             if f.language == "en" and truth[f.row] != "en"]
    assert wrong == []
    assert all(f.language == truth[f.row] for f in ner)  # es rows: Spanish NER only


@pytest.mark.slow
def test_pattern_only_languages_are_named_in_a_warning(mixed_profile) -> None:
    prof, truth = mixed_profile
    assert prof.pii.pattern_only == {"ar": 6, "hi": 6, "zh": 6}
    assert "ar, hi, zh" in prof.pii.warning and "only patterns" in prof.pii.warning
    # patterns still run there: the Arabic and Chinese phone numbers and the Hindi e-mail
    found = {(truth[f.row], f.entity_type) for f in prof.pii.findings}
    assert {("ar", "PHONE_NUMBER"), ("zh", "PHONE_NUMBER"), ("hi", "EMAIL_ADDRESS")} <= found
    out = prof.to_json()
    assert out["pii"]["warning"] == prof.pii.warning
    assert out["language_counts"]["ar"] == 6


@pytest.mark.slow
def test_english_ner_never_runs_on_another_script_even_if_mislabelled() -> None:
    from explorer.datasets.pii import scan_texts

    rep = scan_texts([AR[0], ZH[0], HI[0]], ["en", "en", "en"])  # labels wrong on purpose
    assert not [f for f in rep.findings if f.entity_type in ("PERSON", "LOCATION")]
    assert rep.pattern_only == {"en": 3}


@pytest.mark.slow
def test_short_rows_take_a_present_language_of_their_script() -> None:
    texts = ["Hola Juan", "gracias"] + ES * 3 + EN * 2 + AR[:3] + ["شكرا"]
    rep = lid.detect(texts)
    assert rep.tags[0] == "es" and rep.tags[-1] == "ar"
    # the second pass considers the dataset's languages (and close neighbours), not all 75
    assert {"es", "en", "ar"} <= set(rep.considered) and len(rep.considered) < 10
