"""Every page and file of the generated site, as named paths (relative to the docs folder)."""
from __future__ import annotations

from generator.core import paths

HOME = "index.md"
RANKINGS = "xep-hang/index.md"
UNITS = "don-vi/index.md"
UNITS_DIR = "don-vi"
COMPARE = "so-sanh/index.md"   # two to four units side by side, chosen in the query string (COMPARE_UNIT)
COMPARE_UNIT = "u"             # the compare page's query parameter naming a unit, repeated: ?u=a&u=b
COMPARE_SCRIPT = "assets/javascripts/parportal-compare.js"  # the compare page's own script (its front matter)
UNIT_SHELL = "don-vi/_khung.md"  # the page MkDocs renders once as the frame of every unit page
CRITERIA = "bo-tieu-chi/index.md"
METHODOLOGY = "phuong-phap.md"
ANNOUNCEMENTS = "thong-bao/index.md"
ANNOUNCEMENTS_FEED = "thong-bao/feed.xml"   # Atom (render/feeds.py)
RESULTS_FEED = "xep-hang/feed.xml"
OPEN_DATA = "du-lieu/index.md"
MAPS = "ban-do/index.md"                   # every group: its maps, or how to add a boundary file
API_DOC = "du-lieu/api.md"
CHARTS_DIR = "assets/charts"
DATA_DIR = "data"
API_DIR = "data/api/v2"
SOURCE_DIR = "data/nguon"
UNITS_CSV = "data/chi-so-cchc.csv"
UNITS_XLSX = "data/chi-so-cchc.xlsx"  # the same table as a spreadsheet (render/workbooks.py)
DATAPACKAGE = "data/datapackage.json"


def ranking_page(year: int, group: str) -> str:
    return f"xep-hang/{year}/{group}.md"


def all_years_page(group: str) -> str:
    """Every unit of a group across every final year, one table (and its CSV)."""
    return f"xep-hang/moi-nam/{group}.md"


def all_years_csv(group: str) -> str:
    return f"data/moi-nam/{group}.csv"


def all_years_xlsx(group: str) -> str:
    return f"data/moi-nam/{group}.xlsx"


def decision_page(year: int, group: str) -> str:
    """The decision that announced a group's results of a year, with its annex generated from the data."""
    return f"quyet-dinh/{year}/{group}.md"


def published_csv(year: int, group: str) -> str:
    """A year known only from its decision: the annex as printed (`compute.published`)."""
    return f"data/nhu-cong-bo/{year}-{group}.csv"


def published_xlsx(year: int, group: str) -> str:
    return f"data/nhu-cong-bo/{year}-{group}.xlsx"


def published_json(year: int, group: str) -> str:
    return f"{API_DIR}/published/{year}/{group}.json"


def reconciliation_page(year: int) -> str:
    """A year's announced results against the recomputed ones: every difference and its likely cause."""
    return f"doi-chieu/{year}.md"


def map_page(group: str) -> str:
    """A group's maps, one per final year (newest first), each with its table."""
    return f"ban-do/{group}.md"


def map_chart_name(group: str, year: int) -> str:
    """A group's map of one year, under CHARTS_DIR (the name of its `render.maps.MapSpec`)."""
    return f"ban-do-{year}-{group}.svg"


def map_chart(group: str, year: int) -> str:
    return f"{CHARTS_DIR}/{map_chart_name(group, year)}"


def boundary_copy(group: str) -> str:
    """The group's boundary file as published: content/ban-do/<group>.geojson, copied with the
    other hand-written content (`paths.BOUNDARIES_DIR`)."""
    return f"{paths.BOUNDARIES_DIR.removeprefix(paths.CONTENT_DIR + '/')}/{group}.geojson"


def unit_page(unit: str) -> str:
    """A unit's page: ready HTML, written outside MkDocs into the same folder (see generator/publish/readypages.py)."""
    return f"{UNITS_DIR}/{unit}.html"


def criteria_page(group: str, year: int) -> str:
    return f"bo-tieu-chi/{group}/{year}.md"


def changes_page(group: str, year: int) -> str:
    return f"bo-tieu-chi/{group}/{year}-thay-doi.md"


def progress_page(year: int) -> str:
    return f"tien-do/{year}.md"


def unit_json(unit: str) -> str:
    return f"{API_DIR}/units/{unit}.json"


def unit_csv(unit: str) -> str:
    return f"data/don-vi/{unit}.csv"


def criteria_csv(year: int, group: str) -> str:
    """The long criterion table of one year and group, gzip-compressed."""
    return f"data/tieu-chi/{year}-{group}.csv.gz"


def criteria_plain_csv(year: int, group: str) -> str:
    """The same table uncompressed, written only when it is small (`opendata.PLAIN_TABLE_MAX_BYTES`)."""
    return f"data/tieu-chi/{year}-{group}.csv"


def ranking_json(year: int, group: str) -> str:
    return f"{API_DIR}/results/{year}/{group}.json"


def ranking_csv(year: int, group: str) -> str:
    return f"data/xep-hang/{year}-{group}.csv"


def ranking_xlsx(year: int, group: str) -> str:
    return f"data/xep-hang/{year}-{group}.xlsx"


def criteria_json(group: str, year: int) -> str:
    return f"{API_DIR}/criteria-sets/{group}/{year}.json"


def source_copy(rel: str) -> str:
    """A copy of a source file, published only when `source_copies_needed`."""
    return f"{SOURCE_DIR}/{rel}"


def source_copies_needed(info) -> bool:
    """Whether the build publishes copies of its source files (`source_copy`): only when the pages
    cannot link each file in the repository at the built commit (no repository or commit known),
    or when the data files have uncommitted changes, so that the commit does not hold the bytes
    built. Otherwise the file at the commit is the exact source, and a copy would only double
    the data in the site. `info` is the build's `BuildInfo`."""
    return not (info.repository and info.commit) or info.dirty
