"""Locale tags and variants: Taiwan, Hong Kong and Simplified Chinese from one source."""

from __future__ import annotations

import pytest

from publisher import locales
from publisher.model import Glossary

GLOSSARY = Glossary.model_validate(
    {
        "terms": [
            {"name": "Nvidia", "preferred": {"zh-Hant-TW": "輝達", "zh-Hant-HK": "英偉達", "zh-Hans": "英伟达"}, "accept": ["英偉達"]},
            {"name": "the Fed", "preferred": {"zh-Hant": "聯準會", "zh-Hant-HK": "美聯儲", "zh-Hans": "美联储"}},
            {"name": "data center", "preferred": {"zh-Hant": "資料中心", "zh-Hant-HK": "數據中心", "zh-Hans": "数据中心"}},
        ]
    }
)
SOURCE = "聯準會升息，英偉達的資料中心「泡沫」令人擔憂。"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("zh-Hant", SOURCE),
        ("zh-Hant-TW", SOURCE),
        ("zh-Hant-HK", "美聯儲升息，英偉達的數據中心「泡沫」令人擔憂。"),
        ("zh-Hans", "美联储升息，英伟达的数据中心“泡沫”令人担忧。"),
        ("zh-CN", "美联储升息，英伟达的数据中心“泡沫”令人担忧。"),
    ],
)
def test_one_source_gives_each_variant_with_its_own_glossary_forms(target, expected):
    assert locales.convert(SOURCE, "zh-Hant", target, GLOSSARY) == expected


def test_simplified_source_gives_taiwan_and_hong_kong_forms():
    source = "美联储与英伟达的“数据中心”"
    assert locales.convert(source, "zh-Hans", "zh-Hant", GLOSSARY) == "聯準會與輝達的「資料中心」"
    assert locales.convert(source, "zh-Hans", "zh-Hant-HK", GLOSSARY) == "美聯儲與英偉達的「數據中心」"


def test_kept_spans_come_out_exactly_as_they_went_in():
    text = "資料中心的程式 `資料「中心」` 見 https://a.com/資料中心"
    code = (text.index("`"), text.rindex("`") + 1)
    url = (text.index("https"), len(text))
    converted = locales.convert(text, "zh-Hant", "zh-Hans", GLOSSARY, [code, url])
    assert converted == "数据中心的程式 `資料「中心」` 见 https://a.com/資料中心"


def test_only_chinese_variants_convert_without_a_translator():
    assert locales.can_convert("zh-Hant-HK", "zh-Hans")
    assert locales.can_convert("en", "en")
    assert not locales.can_convert("zh-Hant", "en")
    with pytest.raises(ValueError, match="cannot convert zh-Hant text to en"):
        locales.convert("你好", "zh-Hant", "en", GLOSSARY)


def test_locale_chain_goes_from_the_region_to_the_language():
    assert locales.chain("zh-Hant-HK") == ["zh-Hant-HK", "zh-Hant", "zh"]
    assert locales.chain("zh-Hant") == ["zh-Hant", "zh-Hant-TW", "zh"]
    assert locales.chain("zh-CN") == ["zh-CN", "zh-Hans", "zh"]
