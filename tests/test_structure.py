"""The script builder on real-world-shaped articles: golden corpus, rules, narration options."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from audionews.sources import linerules as rules
from audionews.errors import ConfigError
from audionews.sources.load import load_article
from audionews.model import Article, Block
from audionews.script.builder import ScriptOptions, build_script

from .conftest import ROOT

CORPUS = Path(__file__).resolve().parent / "data" / "structure"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_structure", ROOT / "bench" / "structure.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()


def test_corpus_has_every_format_and_at_least_twelve_articles() -> None:
    sources = [p for p in CORPUS.iterdir() if not p.name.endswith(".expected.json")]
    assert len(sources) >= 12
    assert {p.suffix for p in sources} == {".txt", ".md", ".html", ".json"}
    for source in sources:
        assert source.with_name(source.name.rsplit(".", 1)[0] + ".expected.json").is_file()


@pytest.mark.parametrize("source", BENCH.article_sources(shared=False), ids=lambda p: p.name)
def test_golden_article(source: Path) -> None:
    result = BENCH.score_article(source)
    wrong = [name for name, right in result["fields"].items() if not right]
    assert not wrong, f"{source.name}: wrong fields {wrong}"
    if "recall" in result:
        assert result["recall"] >= 0.98 and result["precision"] >= 0.98


def test_quality_gate_against_pinned_baseline() -> None:
    """Fails when a golden-corpus figure drops below bench/structure_baseline.json. The figures on
    ../shared's pages are gated by `python bench/structure.py --check`, which .ci/run runs."""
    figures = BENCH.corpus_summary(BENCH.measure_corpus(shared=False))
    assert not BENCH.regressions(figures), "structure figures dropped below the baseline"
    assert figures["corpus_field_accuracy"] >= 0.95
    assert figures["corpus_headline_caption_heading_accuracy"] >= 0.98  # issue 15's target


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("XS SM MD LG", True),
        ("LG", True),
        ("No media source currently available", True),
        ("0:00 0:04:40 0:00", True),
        ("Share", True),
        ("Print", True),
        ("[Image]", True),
        ("Image 3 of 12", True),
        ("Sign up for our daily newsletter", True),
        ("Leave a comment", True),
        ("Home | World | Europe", True),
        ("RELATED: Senate passes budget", True),
        ("The city council shared its plans for the new library on Tuesday.", False),
        ("Newsletters were once the main way the union reached its members, and printing them cost "
         "thousands of dollars a year, the treasurer said in the annual report.", False),
    ],
)
def test_chrome_rule(line: str, chrome: bool) -> None:
    assert rules.is_chrome(line) is chrome


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("WASHINGTON — The Senate voted on Friday to pass the bill.", ("WASHINGTON", "The Senate voted on Friday to pass the bill.")),
        ("NEW YORK (AP) — Workers voted to strike on Sunday night.", ("NEW YORK (AP)", "Workers voted to strike on Sunday night.")),
        ("KYIV, Ukraine (AP) — Air raid sirens sounded across the capital.", ("KYIV, Ukraine (AP)", "Air raid sirens sounded across the capital.")),
        ("LONDON, March 5 (Reuters) - Prices rose to a three-month high.", ("LONDON, March 5 (Reuters)", "Prices rose to a three-month high.")),
        ("NASA — the space agency — said on Monday it would delay the launch.", None),
        ("The Senate voted on Friday to pass the bill.", None),
    ],
)
def test_dateline_rule(paragraph: str, expected) -> None:
    assert rules.split_dateline(paragraph) == expected


@pytest.mark.parametrize(
    ("caption", "words", "credit"),
    [
        ("FILE - The Capitol at dusk, Sept. 29, 2023. (AP Photo/J. Scott Applewhite, File)",
         "FILE - The Capitol at dusk, Sept. 29, 2023.", "AP Photo/J. Scott Applewhite, File"),
        ("Bleached coral near Cairns. Photograph: Brett Garner/Getty Images", "Bleached coral near Cairns.",
         "Photograph: Brett Garner/Getty Images"),
        ("A combine in a field, December 12, 2023. REUTERS/Agustin Marcarian",
         "A combine in a field, December 12, 2023.", "REUTERS/Agustin Marcarian"),
        ("The mayor spoke (in Spanish) to reporters.", "The mayor spoke (in Spanish) to reporters.", ""),
    ],
)  # fmt: skip
def test_credit_is_split_from_caption(caption: str, words: str, credit: str) -> None:
    assert rules.split_credit(caption) == (words, credit)


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Updated 4:32 PM EDT, March 3, 2024", "2024-03-03"),
        ("Mon 15 Apr 2024 13.00 BST", "2024-04-15"),
        ("January 14, 2025 at 7:00 a.m. EST", "2025-01-14"),
        ("Published 3 hours ago", ""),
        ("In 2024, prices rose by a third.", None),
    ],
)
def test_date_line_rule(line: str, iso: str | None) -> None:
    assert rules.parse_date_line(line) == iso


def _article() -> Article:
    return Article(
        headline="Bridge Closed",
        byline="By Dana Whitfield",
        dateline="DULUTH, Minn.",
        blocks=[
            Block("caption", "The bridge at dawn.", credit="Lena Ortiz/Tribune"),
            Block("paragraph", "Officials closed the bridge on Wednesday."),
            Block("caption", "The bridge at dawn."),
            Block("heading", "Repairs could take months"),
            Block("paragraph", "Engineers will decide within two weeks."),
            Block("quote", "\u201cWe take no chances.\u201d"),
        ],
    )


def test_default_script_reads_caption_where_the_image_stands_once() -> None:
    script = build_script(_article())
    roles = [s.role for s in script.segments]
    assert roles == [
        "intro", "headline", "byline", "caption", "dateline", "paragraph", "heading", "paragraph", "quote", "outro",
    ]  # fmt: skip
    caption = script.segments[3]
    assert caption.text == "Photo caption: The bridge at dawn." and caption.source_text == "The bridge at dawn."
    assert script.segments[4].text == "Duluth, Minnesota." and script.segments[4].source_text == "DULUTH, Minn."
    assert script.segments[6].text == "Section: Repairs could take months."


def test_dateline_with_a_dotted_state_is_read_as_the_state() -> None:
    # the dateline's capitals were lowered with the state's ("N.j."), which was read "N J"
    article = _article()
    article.dateline = "NEWARK, N.J."
    dateline = next(s for s in build_script(article).segments if s.role == "dateline")
    assert dateline.text == "Newark, New Jersey."


def test_narration_table_sets_cues_placement_intro_and_outro() -> None:
    options = ScriptOptions.from_table(
        {
            "intro": "{show} presents: {title}.",
            "outro": "",
            "caption_cue": "Picture:",
            "heading_cue": "Next,",
            "quote_cue": "Quote:",
            "caption_placement": "after-lead",
            "read_credits": True,
        },
        show_title="Morning Desk",
    )
    script = build_script(_article(), options)
    roles = [s.role for s in script.segments]
    assert roles[:6] == ["intro", "headline", "byline", "dateline", "paragraph", "caption"]
    assert roles[-1] == "quote"
    assert script.segments[0].text == "Morning Desk presents: Bridge Closed."
    assert script.segments[5].text == "Picture: The bridge at dawn. Photo: Lena Ortiz, Tribune."
    assert script.segments[6].text == "Next, Repairs could take months."
    assert script.segments[-1].text.startswith("Quote: ")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"captions": "inline"}, "unknown [narration] setting 'captions'"),
        ({"caption_placement": "end"}, "caption_placement 'end' is not one of: inline, after-lead"),
        ({"intro": "Welcome to {podcast}"}, "intro has a bad placeholder"),
        ({"read_credits": "yes"}, "read_credits must be true or false"),
        ({"heading_cue": 3}, "heading_cue must be text"),
    ],
)
def test_narration_table_errors_name_the_setting(table: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        ScriptOptions.from_table(table, where="audionews.toml")


def test_file_caption_is_announced_as_a_file_photo(tmp_path: Path) -> None:
    article = load_article(str(CORPUS / "senate-budget-voa.txt"))
    script = build_script(article)
    captions = [s for s in script.segments if s.role == "caption"]
    assert len(captions) == 1  # the page printed it twice
    assert captions[0].text.startswith("Photo caption: File photo. The U S Capitol")
    assert "AP Photo" not in captions[0].text  # credits are not read unless asked


def test_hard_wrapped_text_is_joined_into_paragraphs() -> None:
    article = load_article(str(CORPUS / "port-strike-wire.txt"))
    assert article.blocks[0].text.startswith("Dockworkers at more than a dozen ports")
    assert article.blocks[0].text.endswith("over wages and automation.")
    assert article.dateline == "BALTIMORE"


def test_short_heading_over_a_short_paragraph_is_a_heading() -> None:
    """Regression: 'Hours' over 'It is open every day.' was read as a paragraph."""
    from audionews.sources.plaintext import parse

    article = parse("City Opens New Library\n\nThe city opened it on Monday.\n\nHours\n\nIt is open every day.\n")
    assert [(b.kind, b.text) for b in article.blocks][1:] == [("heading", "Hours"), ("paragraph", "It is open every day.")]


def test_schema_headline_wins_over_social_title() -> None:
    from audionews.sources.html import schema_headline

    page = """<html><head><meta property="og:title" content="Short social title">
    <script type="application/ld+json"><![CDATA[
    {"@context": "http://schema.org/", "@type": "NewsArticle", "headline": "The Full Headline"}
    ]]></script></head><body></body></html>"""
    assert schema_headline(page) == "The Full Headline"
    assert schema_headline("<html><head><title>T</title></head></html>") == ""


def test_long_sentence_in_heading_markup_is_a_standfirst() -> None:
    from audionews.sources.structure import Line, assemble

    dek = "The once-ubiquitous form of lighting was novel when it first emerged in the early 1900s."
    article = assemble([Line(dek, "heading"), Line("Neon was new.", ""), Line("Origins", "heading")], headline="Neon")
    assert [b.kind for b in article.blocks] == ["paragraph", "paragraph", "heading"]


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        # loading notices
        ("Loading...", True),
        ("Loading video player", True),
        ("Loading article, please wait", True),
        ("Please wait while we load the latest headlines", True),
        ("One moment please\u2026", True),
        ("Loading resumed at the grain terminal on Sunday after the strike ended.", False),
        ("Please wait for official instructions before returning to work, the union told members.", False),
        # markup left as text
        ("<!-- IMAGE -->", True),
        ('<!-- wp:image {"id":4521} -->', True),
        ("</div>", True),
        ('<div style="position:absolute;"><img width=1 height=1 alt="" src="http://', True),
        ("&U=12755ir75%2fN%3dqzR_ALYWOUA-%2fC%3d-1", True),
        ("The site broke when an editor typed <b> into the headline box, and readers saw the tag for hours.", False),
        # image labels
        ("16x9 Image", True),
        ("Image 4:3", True),
        ("Map showing the projected path of Tropical Cyclone Alfred", True),
        ("Chart showing daily drone launches, January to June 2025", True),
        ("The map showing the new boundaries was published by the council on Monday.", False),
        ("Walkley Awards logo", True),
        ("Pulitzer Prize Finalist 2023", True),
        ("Winner: 2024 Regional Press Awards Website of the Year", True),
        ("Tech Company Unveils New Logo", False),
        ("Sydney Writer Wins Miles Franklin Award", False),
        # agency tag lines
        ("VOA News", True),
        ("AP News", True),
        ("PTI", True),
        ("Staff and agencies", True),
        ("Good News for Savers as Rates Rise", False),
        # a line that names a newsletter is not a prompt to sign up for one
        ("Newsletters", True),
        ("Get the morning headlines in your inbox.", True),
        ("The union's newsletter, which goes to 4,000 members, said the deal raised pay.", False),
        # a copyright notice, not a sentence about copyright
        ("Copyright 2025 The Metro Ledger. All rights reserved.", True),
        ("Copyright Folha de S.Paulo. Todos os direitos reservados.", True),
        ("Copyright lawyers said the ruling would change how songs are sampled.", False),
    ],
)
def test_page_furniture_rule(line: str, furniture: bool) -> None:
    assert rules.is_chrome(line) is furniture


@pytest.mark.parametrize(
    ("paragraph", "boilerplate"),
    [
        (("VOA's international news coverage is funded by the U.S. Congress through the U.S. Agency "
          "for Global Media."), True),
        ("This story was produced in partnership with the Rural Health Reporting Collaborative.", True),
        ("Mountain State Report is a nonprofit newsroom covering West Virginia.", True),
        (("The Associated Press receives support from several private foundations for its coverage "
          "of climate. The AP is solely responsible for all content."), True),
        ("Our journalism is supported by readers like you. Become a member today.", True),
        ("(This story has not been edited by our staff and is published from a syndicated feed.)", True),
        ("Republish this story for free under our Creative Commons license.", True),
        ("The port's expansion is funded by a federal loan that the operator must repay in 2027.", False),
        ("The broadcaster said its partnership with the league would end next season.", False),
    ],
)
def test_standing_boilerplate_rule(paragraph: str, boilerplate: bool) -> None:
    assert rules.is_standing_boilerplate(paragraph) is boilerplate


def test_a_standing_notice_is_dropped_around_the_story_but_kept_inside_it() -> None:
    from audionews.sources.plaintext import parse

    notice = "The station's reporting is funded by listeners and the Hill Foundation."
    story = "The council voted on Monday to close the bridge.\n\n{}\n\nRepairs will take a year.\n"
    inside = parse("Council Closes Bridge\n\n" + story.format(notice))
    after = parse("Council Closes Bridge\n\n" + story.format("Work starts in May.") + "\n" + notice + "\n")
    assert notice in [b.text for b in inside.blocks]
    assert notice not in [b.text for b in after.blocks] and notice in after.dropped


def test_a_sentence_opening_with_copyright_does_not_end_the_article() -> None:
    """Regression: 'Copyright lawyers ...' was taken for the page's notice and ended the story."""
    from audionews.sources.plaintext import parse

    article = parse(
        "Court Rules on Song Sampling\n\nBy Ann Lee\n\nThe court ruled on Monday that sampling needs a licence.\n\n"
        "Copyright lawyers said the ruling would change the industry.\n\nThe band will appeal.\n"
    )
    assert [b.text for b in article.blocks][-2:] == [
        "Copyright lawyers said the ruling would change the industry.",
        "The band will appeal.",
    ]


def test_a_loading_notice_between_headline_and_byline_is_not_the_headline() -> None:
    from audionews.sources.plaintext import parse

    article = parse("Storm Cuts Power to 200,000 Homes\n\nPlease wait...\n\nBy Jo Park\n\nThe storm hit at dawn.\n")
    assert article.headline == "Storm Cuts Power to 200,000 Homes"
    assert article.byline == "By Jo Park"
