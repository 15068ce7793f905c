"""What a person sees of the frame: the navbar in English at 1280 px neither overflows nor
overlaps, its text contrast passes WCAG AA; the case list's filters show their whole label;
the statistics charts share one palette and show every legend entry (no "1/5" pages)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from e2e.helpers import sign_in_as

pytestmark = pytest.mark.browser

OVERLAPS = """() => {
  const items = Array.from(document.querySelectorAll(
    'nav.navbar .navbar-brand, nav.navbar .nav-link, nav.navbar #bell'))
    .filter(e => e.offsetParent !== null).map(e => [e.textContent.trim(), e.getBoundingClientRect()]);
  const hits = [];
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
    const [a, r] = items[i], [b, s] = items[j];
    if (r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1 && s.top < r.bottom - 1)
      hits.push(a + ' / ' + b);
  }
  const over = items.filter(([, r]) => r.right > document.documentElement.clientWidth).map(([t]) => t);
  return {hits, over, scroll: document.documentElement.scrollWidth};
}"""

CONTRAST = """() => {
  const lum = c => { const v = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(x => {
      x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const nav = document.querySelector('nav.navbar');
  const bg = lum(getComputedStyle(nav).backgroundColor);
  return Array.from(nav.querySelectorAll('.nav-link')).filter(e => e.offsetParent !== null)
    .map(e => { const fg = lum(getComputedStyle(e).color);
      return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05); });
}"""

CLIPPED = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  return Array.from(document.querySelectorAll('main form select')).filter(s => s.offsetParent !== null)
    .filter(s => {
      const st = getComputedStyle(s);
      ctx.font = st.fontSize + ' ' + st.fontFamily;
      const text = s.options[s.selectedIndex] ? s.options[s.selectedIndex].text : '';
      const room = s.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
      return ctx.measureText(text).width > room + 1;
    }).map(s => s.name + ': ' + s.options[s.selectedIndex].text);
}"""


@pytest.mark.parametrize("username", ["staff_a", "committee", "deputy_a"])
def test_english_navbar_fits_at_1280(
    transactional_db: Any, live_server: Any, world: World, open_page: Any, username: str
) -> None:
    page = open_page(1280, 900)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    sign_in_as(page, live_server.url, username)
    page.goto(live_server.url + "/work/")
    assert page.locator("html").get_attribute("lang") == "en"
    found = page.evaluate(OVERLAPS)
    assert found["hits"] == [] and found["over"] == [] and found["scroll"] <= 1280, found
    assert min(page.evaluate(CONTRAST)) >= 4.5


def test_case_filters_show_their_whole_label(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    for width in (390, 1280):
        page = open_page(width, 900)
        sign_in_as(page, live_server.url, "committee")
        page.goto(live_server.url + "/work/cases/")
        assert page.evaluate(CLIPPED) == [], width


def test_charts_share_one_palette_and_show_every_legend_entry(
    transactional_db: Any, live_server: Any, world: World, submit: Any, open_page: Any
) -> None:
    for _ in range(3):
        submit(channel="online")
    submit(channel="hotline")
    page = open_page(390)
    sign_in_as(page, live_server.url, "committee")
    page.goto(live_server.url + "/work/stats/", wait_until="networkidle")
    charts = page.evaluate(
        """() => Array.from(document.querySelectorAll('.stats-chart')).map(n => {
            const c = echarts.getInstanceByDom(n);
            if (!c) return null;
            const o = c.getOption();
            return {id: n.id, color: o.color.slice(0, 3), legend: (o.legend || []).map(l => l.type)};
        }).filter(Boolean)"""
    )
    assert charts, "no chart drawn"
    palette = page.evaluate("() => window.lianxiPalette.series.slice(0, 3)")
    for chart in charts:
        assert [c.lower() for c in chart["color"]] == palette, chart
        assert "scroll" not in chart["legend"], chart
