"""The web copy in a real browser: headless Chromium opens every page, axe-core finds no
WCAG 2.1 A/AA violation, and the pages say what the anslagsbevis and the tally say.

Chromium and its driver come from Debian (`chromium`, `chromium-driver`), axe-core from
the npm registry into tests/axe/ (`.ci/install-browser` installs both). Without them the
tests skip, unless DOCGEN_REQUIRE_BROWSER=1, when they fail.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT, IGNORED
from docx_text import document_lines, normalise

from docgen.api import close_meeting, publish_meeting
from docgen.content.meeting import load_sammantrade
from docgen.content.organisation import find_organisation, load_organisation
from docgen.documents.sammantrade import justering

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
KSAU = CONTENT / "sammantraden" / "2014-08-19-ksau.yaml"
KS = CONTENT / "sammantraden" / "2014-09-01-ks.yaml"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _missing(what: str) -> None:
    """Skip for lack of `what`, or fail when CI requires the browser tests."""
    if os.environ.get("DOCGEN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"DOCGEN_REQUIRE_BROWSER=1 but {what} is missing (run .ci/install-browser)")
    pytest.skip(f"{what} is missing (run .ci/install-browser)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Return a headless Chromium driven by selenium, with a profile of its own."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        _missing("Debian's chromium and chromium-driver")
    if not AXE.is_file():
        _missing("axe-core in tests/axe")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium")
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    profile = tempfile.mkdtemp(prefix="docgen-chromium-")
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1200,900",
    ):
        options.add_argument(argument)
    session = webdriver.Chrome(options=options, service=Service(str(driver)))
    session.set_script_timeout(60)
    try:
        yield session
    finally:
        session.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Publish the two example meetings on one anslagstavla and close the KSAU one."""
    out = tmp_path_factory.mktemp("site")
    publish_meeting(KSAU, out / "webb")
    publish_meeting(KS, out / "webb")
    close_meeting(KSAU, out / "ksau")
    content = out / "content"  # and kommunfullmäktige, with its next meeting announced
    shutil.copytree(CONTENT, content, ignore=IGNORED)
    kf = content / "sammantraden" / "2014-09-22-kf.yaml"
    kf.write_text(  # the example KF meeting, with a withheld § for axe too
        kf.read_text(encoding="utf-8").replace(
            "  - arende: KFKS 2014/412-040\n",
            "  - arende: KFKS 2014/412-040\n    sekretess: OSL 26 kap. 1 §\n",
        ),
        encoding="utf-8",
    )
    (content / "sammantraden" / "2014-10-20-kf.yaml").write_text(
        "typ: sammantrade\norgan: KF\ndatum: 2014-10-20\ntid: 18.00\nplats: Nacka stadshus\n"
        "paragrafer:\n  - {arende: KFKS 2014/500-001, rubrik: Sammanträdesplan 2015}\n",
        encoding="utf-8",
    )
    publish_meeting(kf, out / "webb")
    return {
        "webb": out / "webb",
        "ksau": out / "webb" / "ksau-2014-08-19",
        "ks": out / "webb" / "ks-2014-09-01",
        "closed": out / "ksau",
    }


def _pages(site: dict[str, Path]) -> list[Path]:
    """Return every HTML page of the anslagstavla."""
    return sorted(site["webb"].rglob("*.html"))


def _axe(browser: Any, page: Path) -> list[dict[str, Any]]:
    """Open `page` and return axe-core's WCAG 2.1 A/AA violations on it."""
    browser.get(page.as_uri())
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done({violations: r.violations, passes: r.passes.length}))"
        ".catch(e => done({error: String(e)}));",
        WCAG_21_AA,
    )
    assert "error" not in result, result
    assert result["passes"] > 0  # axe did run its rules on the page
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def test_every_page_has_no_wcag_violation(browser: Any, site: dict[str, Path]) -> None:
    pages = _pages(site)
    assert len(pages) == 1 + 2 + 4 + 2 + 1 + 2 + 7  # the index; protocol, anslag, one per §
    found = {}
    for page in pages:
        name = page.relative_to(site["webb"]).as_posix()
        found[name] = [(v["id"], v["help"]) for v in _axe(browser, page)]
        assert browser.find_element("css selector", "html").get_attribute("lang") == "sv", name
        assert len(browser.find_elements("css selector", "h1")) == 1, name
        assert browser.title.endswith(" – Nacka kommun"), name
    assert {name: v for name, v in found.items() if v} == {}


def test_axe_finds_a_violation_where_there_is_one(browser: Any, tmp_path: Path) -> None:
    """The check can fail: an image without alt text and an unlabelled field are reported."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><main>"
        '<img src="x.png"><input type="text"></main></body></html>',
        encoding="utf-8",
    )
    ids = {v["id"] for v in _axe(browser, page)}
    assert {"image-alt", "html-has-lang", "label"} <= ids


def _definitions(browser: Any, section: Any) -> dict[str, Any]:
    """Return the dt → dd elements of the definition list in `section`."""
    terms = section.find_elements("css selector", "dt")
    values = section.find_elements("css selector", "dd")
    return {t.text: v for t, v in zip(terms, values, strict=True)}


def test_the_anslag_page_says_what_the_anslagsbevis_says(
    browser: Any, site: dict[str, Path]
) -> None:
    meeting = load_sammantrade(KSAU, load_organisation(find_organisation(KSAU)))
    browser.get((site["ksau"] / "anslag.html").as_uri())
    assert browser.find_element("css selector", "html").get_attribute("lang") == "sv"
    sections = browser.find_elements("css selector", "main section")
    assert len(sections) == 2  # the protocol's anslag and § 95's, justerad omedelbart
    bevis = {
        "anslag-093": normalise(" ".join(document_lines(site["closed"] / "anslagsbevis.docx"))),
        "anslag-095": normalise(" ".join(document_lines(site["closed"] / "anslagsbevis-095.docx"))),
    }
    by_number = {p.nummer: p for p in meeting.paragrafer}
    for section, paragraf in zip(sections, (by_number[93], by_number[95]), strict=True):
        anchor = section.find_element("css selector", "h2").get_attribute("id")
        facts = _definitions(browser, section)
        iso = {
            term: dd.find_element("css selector", "time").get_attribute("datetime")
            for term, dd in facts.items()
            if dd.find_elements("css selector", "time")
        }
        justerad, dates = justering(meeting, paragraf)
        assert iso == {
            "Sammanträdesdatum": "2014-08-19",
            "Datum för justering": justerad.isoformat(),
            "Anslaget sätts upp": dates.uppsatt.isoformat(),
            "Sista dag för överklagande": dates.sista_dag.isoformat(),
            "Anslaget tas ned": dates.nedtagning.isoformat(),
        }
        for term in (
            "Datum för justering",
            "Anslaget sätts upp",
            "Sista dag för överklagande",
            "Anslaget tas ned",
        ):
            assert iso[term] in bevis[anchor], (term, anchor)
        assert facts["Förvaringsplats för protokollet"].text == (
            "Stadsledningskontoret, juridik- och kanslienheten"
        )
        assert facts["Organ"].text == "Kommunstyrelsens arbetsutskott"
    main = {
        "Anslaget sätts upp": "26 augusti 2014",
        "Sista dag för överklagande": "16 september 2014",
        "Anslaget tas ned": "17 september 2014",
    }
    facts = _definitions(browser, sections[0])
    assert {term: facts[term].text for term in main} == main
    assert facts["Paragrafer"].text == "§§ 93–94 och 96"
    assert "senast den 16 september 2014" in sections[0].text


def test_the_vote_table_matches_the_tally(browser: Any, site: dict[str, Path]) -> None:
    meeting = load_sammantrade(KSAU, load_organisation(find_organisation(KSAU)))
    paragraf = next(p for p in meeting.paragrafer if p.nummer == 95)
    assert paragraf.tally is not None and paragraf.fields.omrostning is not None
    browser.get((site["ksau"] / "paragraf-095.html").as_uri())
    table = browser.find_element("css selector", "main table")
    header = [th.text for th in table.find_elements("css selector", "thead th")]
    assert header == ["Ledamot", "Ja", "Nej", "Avstår"]
    assert {
        th.get_attribute("scope") for th in table.find_elements("css selector", "thead th")
    } == {"col"}
    votes = {}
    for row in table.find_elements("css selector", "tbody tr"):
        name = row.find_element("css selector", "th[scope=row]").text
        marks = [td.text for td in row.find_elements("css selector", "td")]
        assert marks.count("X") == 1, (name, marks)
        votes[name.split(" (")[0]] = header[1 + marks.index("X")].lower()
    assert votes == dict(paragraf.fields.omrostning.roster)
    counted = [list(votes.values()).count(choice) for choice in ("ja", "nej", "avstår")]
    tally = paragraf.tally
    assert counted == [tally.ja, tally.nej, tally.avstar] == [3, 2, 1]
    text = browser.find_element("css selector", "main").text
    assert "Omröstningen utföll med 3 ja-röster mot 2 nej-röster; 1 ledamot avstod." in text


def test_the_protocol_page(browser: Any, site: dict[str, Path]) -> None:
    browser.get((site["ksau"] / "protokoll.html").as_uri())
    assert (
        browser.title == "Protokoll Kommunstyrelsens arbetsutskott 19 augusti 2014 – Nacka kommun"
    )
    headings = [h.text for h in browser.find_elements("css selector", "main h2")]
    assert headings == [
        "§ 93 Delårsrapport för kommunstyrelsen januari–juni 2014",
        "§ 94 Styrning och ledning för öppenhet och mångfald",
        "§ 95 Markanvisning för bostäder vid Sickla",
        "§ 96 Sammanträdesplan för kommunstyrelsens arbetsutskott 2015",
    ]
    assert len(browser.find_elements("css selector", "h1")) == 1
    text = browser.find_element("css selector", "main").text
    assert "Rolf Wasteson (V) lät anteckna följande." in text
    assert "Lars Dahl (S) för Karin Ström (S)" in text
    assert "Justerandes signatur" not in browser.page_source  # no signatures on the web
    links = [a.get_attribute("href") for a in browser.find_elements("css selector", "main a")]
    assert all(Path(link.removeprefix("file://").split("#")[0]).is_file() for link in links)


def test_the_index_links_each_anslag(browser: Any, site: dict[str, Path]) -> None:
    browser.get((site["webb"] / "index.html").as_uri())
    lists = browser.find_elements("css selector", "main ul")
    current, earlier = (
        lists[0].find_elements("css selector", "li"),
        lists[-1].find_elements("css selector", "li"),
    )
    # on 29 September, when kommunfullmäktige's anslag goes up, the KSAU anslag are down
    assert [li.find_element("css selector", "a").text for li in current] == [
        "Protokoll Kommunfullmäktige 22 september 2014, §§ 180–186",
        "Protokoll Kommunstyrelsen 1 september 2014, § 210",
    ]
    assert [li.find_element("css selector", "a").text for li in earlier] == [
        "Protokoll Kommunstyrelsens arbetsutskott 19 augusti 2014, §§ 93–94 och 96",
        "Protokoll Kommunstyrelsens arbetsutskott 19 augusti 2014, § 95",
    ]
    for li in [*current, *earlier]:
        link = li.find_element("css selector", "a").get_attribute("href")
        path, anchor = link.removeprefix("file://").split("#")
        assert Path(path).is_file() and f'id="{anchor}"' in Path(path).read_text(encoding="utf-8")
    feeds = [
        a.get_attribute("href")
        for a in browser.find_elements("css selector", "main a")
        if a.get_attribute("href").endswith((".atom", ".json", ".ics"))
    ]
    assert [Path(f.removeprefix("file://")).name for f in feeds] == [
        "anslag.atom",
        "anslag.json",
        "sammantraden-kf.ics",
        "sammantraden-ks.ics",
        "sammantraden-ksau.ics",
    ]
    browser.get((site["webb"] / "kf-2014-09-22" / "paragraf-184.html").as_uri())
    assert browser.find_element("css selector", "main").text.splitlines()[-1] == (
        "Sekretess enligt OSL 26 kap. 1 §. Paragrafens innehåll publiceras inte."
    )
    browser.get((site["webb"] / "index.html").as_uri())
    text = browser.find_element("css selector", "main").text
    assert (
        "Kungörelse: Kommunfullmäktige 20 oktober 2014\nKommunfullmäktige sammanträder "
        "20 oktober 2014 kl. 18.00 i Nacka stadshus."
    ) in text
