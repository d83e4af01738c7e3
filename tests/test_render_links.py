"""UTM parameters on links: added once, appended as written, only where the campaign wants them."""

from __future__ import annotations

import pytest

from publisher.links import utm_tagger

TAG = utm_tagger("x", "cny-2026")


@pytest.mark.parametrize(
    ("url", "tagged"),
    [
        ("https://gate.com/a", "https://gate.com/a?utm_source=x&utm_campaign=cny-2026"),
        ("https://gate.com/a?ref=%E6%B4%BB+1", "https://gate.com/a?ref=%E6%B4%BB+1&utm_source=x&utm_campaign=cny-2026"),
        ("https://gate.com/a?", "https://gate.com/a?utm_source=x&utm_campaign=cny-2026"),
        ("https://gate.com/a#top", "https://gate.com/a?utm_source=x&utm_campaign=cny-2026#top"),
        ("HTTP://GATE.COM/a", "HTTP://GATE.COM/a?utm_source=x&utm_campaign=cny-2026"),
    ],
)
def test_parameters_are_appended_to_the_query_as_written(url, tagged):
    assert TAG(url) == tagged


@pytest.mark.parametrize("url", ["https://gate.com/a?utm_source=mail", "https://gate.com/a?x=1&UTM_medium=qr", "mailto:a@gate.com", "tg://resolve?domain=gate"])
def test_links_already_tagged_or_not_on_the_web_are_left_alone(url):
    assert TAG(url) == url


def test_medium_and_hosts_narrow_the_tagging():
    tag = utm_tagger("telegram", "cny", medium="social", domains=["gate.com"])
    assert tag("https://www.gate.com/a") == "https://www.gate.com/a?utm_source=telegram&utm_campaign=cny&utm_medium=social"
    assert tag("https://gate.com/a") == "https://gate.com/a?utm_source=telegram&utm_campaign=cny&utm_medium=social"
    assert tag("https://notgate.com/a") == "https://notgate.com/a"
    assert tag("https://reuters.com/a") == "https://reuters.com/a"
