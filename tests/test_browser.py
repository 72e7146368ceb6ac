"""Browser tests: the real app (``civic-metrics serve`` with waitress on a fresh store holding the
seeds and the articles of tests/data/planner) driven by headless Chromium through Playwright.

Screenshots go to build/screenshots/ (ignored by git); set CIVIC_METRICS_DOCS_SHOTS=1 to refresh the
ones in docs/ instead. Set CIVIC_METRICS_TEST_URL to test an app that is already running.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
#: Where screenshots go: docs/ only when asked, so that running the tests leaves tracked files alone.
SHOTS = DOCS if os.environ.get("CIVIC_METRICS_DOCS_SHOTS") == "1" else ROOT / "build" / "screenshots"
PLANNER = ROOT / "tests" / "data" / "planner"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
TIMEOUT = 30_000  # ms for one expectation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
expect = sync_api.expect
expect.set_options(timeout=TIMEOUT)  # a loaded CI machine: a first render can take longer than 5 s

ARTICLE = """---
title: Đà Nẵng: xuất khẩu tháng 3 tăng mạnh
url: https://example.org/da-nang-xuat-khau
source: Báo Mẫu
published: 2026-03-31
---
Đà Nẵng: xuất khẩu tháng 3 tăng mạnh

Đà Nẵng, 31/3/2026 - Theo Cục Thống kê thành phố, kim ngạch xuất khẩu của Đà Nẵng tháng 3/2026 ước đạt 456 triệu USD, tăng 15,2% so với cùng kỳ.
"""
HOSTILE = """<!doctype html><html><head><title>Tin kinh tế <script>window.__pwned = 'title'</script></title>
<script>window.__pwned = 'head'; alert('head')</script></head>
<body><article><h1>Tin kinh tế Cần Thơ</h1>
<p>Kim ngạch xuất khẩu của Cần Thơ tháng 2/2026 đạt 210 triệu USD, tăng 8% so với cùng kỳ.</p>
<p><img src="x" onerror="window.__pwned = 'img'; alert('img')"> Ảnh minh họa</p>
<p><a href="javascript:window.__pwned = 'link'; alert('link')">Bấm vào đây</a></p>
<p>&lt;script&gt;alert('escaped')&lt;/script&gt; <b onmouseover="alert('b')">đậm</b></p>
<script>window.__pwned = 'body'; alert('body')</script>
</article></body></html>
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the app exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the app did not answer at {url} within {seconds:g} s")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """The base URL of a freshly started app on a new store (seeds ingested on start)."""
    if os.environ.get("CIVIC_METRICS_TEST_URL"):
        yield os.environ["CIVIC_METRICS_TEST_URL"].rstrip("/")
        return
    db = tmp_path_factory.mktemp("store") / "test.duckdb"
    port = _free_port()
    exe = shutil.which("civic-metrics", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "metrics.cli"]
    log = open(tmp_path_factory.mktemp("log") / "serve.log", "w+")  # noqa: SIM115 (closed below)
    subprocess.run([*cmd, "ingest", "--db", str(db), "--no-progress", str(ROOT / "seeds"), str(PLANNER)], cwd=ROOT,
                   stdout=log, stderr=subprocess.STDOUT, check=True)
    proc = subprocess.Popen([*cmd, "serve", "--db", str(db), "--port", str(port)], cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url + "/", proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.seek(0)
        out = log.read()
        log.close()
        assert "Traceback" not in out, out[-3000:]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="vi-VN")
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT)
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    ctx.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def wait_for_chart(page) -> None:
    page.wait_for_function("(() => { const g = document.querySelector('#ex-graph .js-plotly-plot');"
                           " return g && g.data && g.data.length > 0; })()")


def click_point(page, period_words: str) -> dict:
    """Click the explorer's point whose hover names ``period_words`` (e.g. "tháng 1/2026")."""
    box = page.evaluate("""(words) => {
        const gd = document.querySelector('#ex-graph .js-plotly-plot');
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, r = gd.getBoundingClientRect();
        for (let t = 0; t < gd.data.length; t++) {
            const tr = gd.data[t];
            if (!tr.customdata || tr.mode !== 'lines+markers') continue;
            for (let i = 0; i < tr.customdata.length; i++) {
                if (tr.customdata[i][1].includes(words)) {
                    const cd = gd.calcdata[t][i];
                    return {x: r.left + xa._offset + xa.c2p(cd.x), y: r.top + ya._offset + ya.c2p(cd.y)};
                }
            }
        }
        return null; }""", period_words)
    assert box, f"no point for {period_words}"
    page.mouse.move(box["x"], box["y"])
    page.wait_for_timeout(200)
    page.mouse.click(box["x"], box["y"])
    return box


def test_overview(page, app_url):
    page.goto(app_url + "/")
    card = page.locator(".card[data-metric=exports]")
    expect(card).to_contain_text("Kim ngạch xuất khẩu")
    expect(card).to_contain_text("tỷ USD")
    shot(page, "overview")


def test_explorer_sources_document_and_urls(page, app_url):
    page.goto(app_url + "/")
    page.locator(".card[data-metric=exports] .card-link").click()
    page.wait_for_url(lambda u: "/explore/exports" in u)
    expect(page.locator("#ex-graph .js-plotly-plot")).to_be_visible()
    wait_for_chart(page)
    box = click_point(page, "tháng 1/2026")
    sources = page.locator("#ex-sources")
    expect(sources).to_contain_text("Kim ngạch xuất khẩu ước đạt 1,824 tỷ USD")
    expect(sources.locator("mark", has_text="1,824 tỷ USD").first).to_be_visible()
    page.wait_for_url(lambda u: "fig=" in u)
    # the clicked point is circled (the click patches the ring trace of the chart shown)
    page.wait_for_function("""(() => { const gd = document.querySelector('#ex-graph .js-plotly-plot');
        const ring = gd && gd.data[0];
        return ring && ring.marker.symbol === 'circle-open' && ring.x.length === 1 && ring.x[0] === '2026-01-01'
            && ring.customdata[0][1].includes('1,824 tỷ USD') && gd.data.length > 1; })()""")
    expect(page.locator("#ex-graph .scatterlayer .trace").first.locator(".point")).to_have_count(1)
    page.mouse.move(box["x"] + 40, box["y"] + 40)
    page.mouse.move(box["x"], box["y"])
    expect(page.locator(".hoverlayer .hovertext")).to_contain_text("1,824 tỷ USD")
    expect(page.locator(".hoverlayer .hovertext")).to_contain_text("tháng 1/2026")
    shot(page, "explorer")
    page.mouse.move(5, 5)
    page.evaluate("document.querySelector('#ex-sources').scrollIntoView()")
    shot(page, "sources")

    # a copied link reproduces the state
    copied = page.url
    other = page.context.new_page()
    other.goto(copied)
    expect(other.locator("#ex-sources")).to_contain_text("Kim ngạch xuất khẩu ước đạt 1,824 tỷ USD")
    expect(other.locator("#ex-measure input[value=level]")).to_be_checked()
    other.close()

    # the document view at that sentence
    page.locator("#ex-sources .source", has_text="1,824 tỷ USD").locator(".doc-link").first.click()
    page.wait_for_url(lambda u: "/doc/" in u and "fig=" in u)
    expect(page.locator(".fig-selected")).to_contain_text("1,824 tỷ USD")
    expect(page.locator(".doc-text mark").first).to_be_visible()
    shot(page, "document")

    # back returns to the explorer with the point still selected
    page.go_back()
    expect(page.locator("#ex-sources")).to_contain_text("1,824 tỷ USD")

    # the measure switch writes the URL; back restores the level chart
    page.locator("#ex-measure input[value=growth_pct]").check()
    page.wait_for_url(lambda u: "measure=growth_pct" in u)
    page.go_back()
    expect(page.locator("#ex-measure input[value=level]")).to_be_checked()

    # the English switch keeps the view
    page.locator("#lang-switch").click()
    page.wait_for_url(lambda u: "/en/explore/exports" in u)
    expect(page.locator("h1")).to_have_text("Exports")


def test_points_are_reachable_by_keyboard(page, app_url):
    page.goto(app_url + "/explore/exports")
    wait_for_chart(page)
    page.locator(".points-box summary").focus()
    page.keyboard.press("Enter")
    link = page.locator(".points tr", has_text="tháng 1/2026").locator(".point-link").first
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#ex-sources")).to_contain_text("1,824 tỷ USD")
    page.locator("#ex-geo").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#ex-geo")).to_have_attribute("aria-expanded", "true")


def test_unknown_document_is_a_friendly_404(page, app_url):
    page.goto(app_url + "/doc/0123456789abcdef")
    expect(page.locator("[data-status='404']")).to_contain_text("Không tìm thấy")
    page.goto(app_url + "/doc/<script>")
    expect(page.locator("[data-status='404']")).to_be_visible()


def _download(page, button: str) -> bytes:
    with page.expect_download() as d:
        page.locator(button).click()
    return Path(d.value.path()).read_bytes()


def test_table_filter_and_download(page, app_url):
    filt = '{"metric":{"filterType":"text","type":"equals","filter":"exports"}}'
    page.goto(app_url + "/table?f=" + urllib.request.quote(filt))
    expect(page.locator(".ag-row").first).to_be_visible()
    expect(page.locator("#tbl-count")).to_contain_text("dòng")
    count_text = page.locator("#tbl-count").inner_text()
    shown = int(count_text.split()[0].replace(".", ""))
    shot(page, "table")
    raw = _download(page, "#tbl-csv")
    lines = [line for line in raw.decode("utf-8-sig").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    assert len(rows) == shown > 0
    assert {r["Chỉ tiêu"] for r in rows} == {"Kim ngạch xuất khẩu"}
    assert any(float(r["Giá trị"]) == 1824 and r["Từ ngày"] == "2026-01-01" for r in rows)
    xlsx = _download(page, "#tbl-xlsx")
    assert xlsx[:2] == b"PK"

    # a filter set in the grid goes into the address; back restores the previous rows
    page.evaluate("""dash_ag_grid.getApi('tbl-grid').setFilterModel(
        {metric: {filterType: 'text', type: 'equals', filter: 'exports'},
         measure: {filterType: 'text', type: 'equals', filter: 'level'}})""")
    page.wait_for_url(lambda u: "measure" in urllib.parse.unquote(u))
    expect(page.locator("#tbl-count")).not_to_have_text(count_text)
    page.go_back()
    expect(page.locator("#tbl-count")).to_have_text(count_text)


def test_upload_article_appears(page, app_url):
    page.goto(app_url + "/upload")
    page.locator("#up-files input[type=file]").set_input_files(
        files=[{"name": "da-nang.md", "mimeType": "text/markdown", "buffer": ARTICLE.encode("utf-8")}])
    expect(page.locator("#up-preview")).to_contain_text("da-nang.md")
    expect(page.locator("#up-preview")).to_contain_text("456 triệu USD")
    page.locator("#up-save").click()
    expect(page.locator("#up-result")).to_contain_text("Đã lưu 1 bài viết")
    shot(page, "upload")
    page.goto(app_url + "/explore/exports?geo=" + urllib.request.quote("Đà Nẵng"))
    wait_for_chart(page)
    click_point(page, "tháng 3/2026")
    source = page.locator("#ex-sources .source", has_text="456 triệu USD")
    expect(source).to_contain_text("Báo Mẫu · 31/03/2026")
    original = source.locator("a.original-link")
    expect(original).to_have_attribute("href", re.compile(r"^https://example\.org/da-nang-xuat-khau#:~:text=\S+$"))
    expect(original).to_have_attribute("rel", re.compile("noopener"))


def _assert_inert(page) -> None:
    """Nothing from the hostile page ran or became markup."""
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("a[href^='javascript:' i]").count() == 0
    assert page.locator("[onerror], [onmouseover]").count() == 0
    assert page.locator("main script, main img").count() == 0
    assert page.dialogs == []


def test_hostile_html_upload_runs_nothing(page, app_url):
    page.goto(app_url + "/upload")
    page.locator("#up-files input[type=file]").set_input_files(
        files=[{"name": "hostile.html", "mimeType": "text/html", "buffer": HOSTILE.encode("utf-8")}])
    expect(page.locator("#up-preview")).to_contain_text("hostile.html")
    _assert_inert(page)
    page.locator("#up-save").click()
    expect(page.locator("#up-result")).to_contain_text("Đã lưu")
    page.locator("#up-result .saved-doc").first.click()
    page.wait_for_url(lambda u: "/doc/" in u)
    expect(page.locator(".doc-text")).to_contain_text("Cần Thơ")
    _assert_inert(page)
    shot(page, "document-hostile")
    page.goto(app_url + "/table?f=" + urllib.parse.quote('{"geo":{"filterType":"text","type":"equals","filter":"Cần Thơ"}}'))
    expect(page.locator(".ag-row").first).to_be_visible()
    _assert_inert(page)


# --- a planner's round trip (issue 9) ---------------------------------------------------------------

HCM_Q = urllib.parse.quote("Hồ Chí Minh")


def _choose(page, dropdown: str, option: str) -> None:
    """Pick ``option`` in a Dash dropdown (click it open, click the option, close it)."""
    page.locator(dropdown).click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def test_planner_round_trip(page, app_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    # 1. the overview for Hồ Chí Minh from a link: its place stays, says so, and names the tab
    page.goto(app_url + "/?geo=" + HCM_Q)
    card = page.locator(".card[data-metric=exports]")
    expect(card).to_contain_text("Hồ Chí Minh · tháng 1/2026")
    expect(card).to_contain_text("4,1 tỷ USD")
    expect(card).to_contain_text("1 nguồn")
    expect(page).to_have_title(re.compile("Tổng quan · Hồ Chí Minh"))
    shot(page, "overview-place")
    # the picker changes the place and the address; back returns to Hồ Chí Minh
    _choose(page, "#ov-geo", "Bắc Ninh")
    page.wait_for_url(lambda u: "B%E1%BA%AFc" in u)
    expect(page.locator(".card[data-metric=exports]")).to_contain_text("Bắc Ninh · tháng 1/2026")
    page.go_back()
    expect(page.locator(".card[data-metric=exports]")).to_contain_text("Hồ Chí Minh")

    # 2. its exports compared with Hà Nội's: one chart, one colour and legend entry each, in the address
    page.locator(".card[data-metric=exports] .card-link").click()
    page.wait_for_url(lambda u: "/explore/exports" in u)
    wait_for_chart(page)
    _choose(page, "#ex-geo", "Hà Nội")
    page.wait_for_url(lambda u: "%2CH%C3%A0+N%E1%BB%99i" in u)
    expect(page.locator("#ex-geo")).to_contain_text("đã chọn 2")  # the dropdown's own words in Vietnamese too
    legend = page.locator("#ex-graph .legendtext")
    expect(legend.filter(has_text="Hồ Chí Minh:")).to_have_count(1)
    expect(legend.filter(has_text="Hà Nội:")).to_have_count(1)
    expect(page.locator("#ex-graph .gtitle")).to_contain_text("Hồ Chí Minh, Hà Nội")
    ticks = page.locator("#ex-graph .xtick text").all_text_contents()
    assert ticks[:3] == ["11/2025", "12/2025", "01/2026"], ticks
    assert all("k" not in t for t in page.locator("#ex-graph .ytick text").all_text_contents())
    expect(page).to_have_title(re.compile("Kim ngạch xuất khẩu · Hồ Chí Minh, Hà Nội"))
    # no Plotly cloud or share button; the toolbar speaks Vietnamese
    page.locator("#ex-graph .js-plotly-plot").hover()
    expect(page.locator(".modebar-btn[data-title='Đặt lại trục']")).to_have_count(1)
    assert page.locator(".modebar-btn[data-title*='Cloud' i], .modebar-btn[data-title*='Chart Studio' i],"
                        " .modebar-btn[data-title*='share' i]").count() == 0
    shot(page, "explorer-compare")
    compare_url = page.url

    # 3. download the chart's data and its image
    raw = _download(page, "#ex-csv").decode("utf-8-sig")
    assert "# civic-metrics: Kim ngạch xuất khẩu — Giá trị, triệu USD · Hồ Chí Minh, Hà Nội" in raw
    data_lines = [line for line in raw.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(data_lines))))
    assert {r["Địa phương"] for r in rows} == {"Hồ Chí Minh", "Hà Nội"}
    assert any("Báo Mẫu TP.HCM" in r["Các nguồn"] for r in rows)
    assert _download(page, "#ex-xlsx")[:2] == b"PK"
    png = _download(page, "#ex-png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    svg = _download(page, "#ex-svg").decode("utf-8")
    assert svg.lstrip().startswith("<svg") and "Kim ngạch xuất khẩu — Giá trị, triệu USD · Hồ Chí Minh, Hà Nội" in svg
    assert "Nguồn: Báo Mẫu Hà Nội, Báo Mẫu TP.HCM" in svg and "Tải lúc" in svg and "Tháng · triệu USD" in svg

    # 4. share the link: "Copy link" puts the view's address on the clipboard
    page.locator("#copy-link").click()
    expect(page.locator("#copy-status")).to_have_text("Đã chép liên kết vào bộ nhớ tạm.")
    assert page.evaluate("navigator.clipboard.readText()") == compare_url
    other = page.context.new_page()
    other.goto(compare_url)
    expect(other.locator("#ex-graph .legendtext").filter(has_text="Hà Nội:")).to_have_count(1)
    other.close()

    # 5. a conflicting point: both values and both sources
    page.goto(app_url + "/explore/retail_sales?geo=" + urllib.parse.quote("Hà Nội") + "&measure=level")
    wait_for_chart(page)
    flags = page.locator(".flags")
    expect(flags).to_contain_text("432.700 tỷ đồng (ước tính) — TTTĐ · 30/01/2026")
    expect(flags).to_contain_text("78.500 tỷ đồng (thực hiện) — Báo Đối Chiếu · 10/02/2026")
    click_point(page, "tháng 1/2026")
    sources = page.locator("#ex-sources")
    expect(sources.locator(".source")).to_have_count(2)
    expect(sources).to_contain_text("432.700 tỷ đồng")
    expect(sources).to_contain_text("78.500 tỷ đồng")
    page.mouse.move(5, 5)
    page.evaluate("document.querySelector('.flags').scrollIntoView()")
    shot(page, "sources-conflict")


def test_chart_table_switch_and_yearly_range(page, app_url):
    page.goto(app_url + "/explore/grdp?geo=" + urllib.parse.quote("Hà Nội") + "&measure=growth_pct&ptype=year")
    wait_for_chart(page)
    expect(page.locator("label[for=ex-from]")).to_have_text("Từ năm")
    _choose(page, "#ex-from", "năm 2026")
    page.wait_for_url(lambda u: "from=2026" in u)
    page.locator("#ex-view input[value=table]").check()
    page.wait_for_url(lambda u: "view=table" in u)
    expect(page.locator("#ex-chart-box")).to_be_hidden()
    expect(page.locator("table.points")).to_be_visible()
    expect(page.locator("table.points")).to_contain_text("≥ 11%")
    page.go_back()
    expect(page.locator("#ex-chart-box")).to_be_visible()


def test_table_words_search_and_sentence_links(page, app_url):
    page.goto(app_url + "/table")
    expect(page.locator(".ag-row").first).to_be_visible()
    expect(page.locator("#tbl-count")).to_contain_text("dòng")
    before = page.locator("#tbl-count").inner_text()
    page.locator("#tbl-search").fill("TP.HCM")
    page.locator("#tbl-search").press("Enter")
    page.wait_for_url(lambda u: "sentence" in urllib.parse.unquote(u))
    expect(page.locator("#tbl-count")).not_to_have_text(before)
    expect(page.locator(".ag-center-cols-container .ag-row").first).to_contain_text("Hồ Chí Minh")
    raw = _download(page, "#tbl-csv-vi").decode("utf-8-sig")
    assert "# Bộ lọc: Câu chứa TP.HCM" in raw and "Chỉ tiêu;" in raw
    page.locator(".ag-row a", has_text="Xem câu").first.click()
    page.wait_for_url(lambda u: "/doc/" in u and "fig=" in u)
    expect(page.locator(".fig-selected")).to_be_visible()
    expect(page).to_have_title(re.compile("TP.HCM"))


def test_article_folds_furniture_and_unknown_metrics_404(page, app_url):
    page.goto(app_url + "/table?f=" + urllib.parse.quote(
        '{"sentence":{"filterType":"text","type":"contains","filter":"78.500"}}'))
    page.locator(".ag-row a", has_text="Xem câu").first.click()
    page.wait_for_url(lambda u: "/doc/" in u)
    fold = page.locator("details.furniture")
    expect(fold).to_have_count(1)
    expect(fold.locator("summary")).to_contain_text("Phần phụ của trang")
    expect(fold.get_by_text("1.234 lượt xem")).to_be_hidden()  # folded
    shot(page, "document-furniture")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(app_url + "/explore/no_such_metric")
    assert err.value.code == 404
    page.goto(app_url + "/explore/no_such_metric")
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang này")
