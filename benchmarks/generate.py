"""Synthetic fact bases of any size, for measuring how `facts` scales.

    python benchmarks/generate.py --events 100000 --seed 1 --out benchmarks/out/100k

The output looks like a base its keepers would grow over years: German and Japanese cities
and their venues, organisations and people, a tree of themes, sources in three languages,
and events with names and descriptions in German, English and (mostly) Japanese, taking
part in delegation trips and conferences that hold visits, signings and receptions, which
in turn hold smaller parts.  Events are split into one file per year, as people who keep
such a base by hand tend to do.  The same seed always gives the same bytes, so figures
measured on two machines describe the same data; and every output passes `facts check`.

The YAML is written as text, not through a YAML emitter: a million events must be written
in seconds, and the style (flow mappings for names, folded blocks for descriptions, quoted
dates) is the one the shipped base uses, so the parser sees what it sees in real bases.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# -- vocabulary -----------------------------------------------------------------------------

# (id stem, de, en, ja, region id)
GERMAN_CITIES = (
    ("essen", "Essen", "Essen", "エッセン", "nrw"),
    ("duesseldorf", "Düsseldorf", "Düsseldorf", "デュッセルドルフ", "nrw"),
    ("cologne", "Köln", "Cologne", "ケルン", "nrw"),
    ("dortmund", "Dortmund", "Dortmund", "ドルトムント", "nrw"),
    ("bochum", "Bochum", "Bochum", "ボーフム", "nrw"),
    ("duisburg", "Duisburg", "Duisburg", "デュイスブルク", "nrw"),
    ("bonn", "Bonn", "Bonn", "ボン", "nrw"),
    ("aachen", "Aachen", "Aachen", "アーヘン", "nrw"),
    ("muenster", "Münster", "Münster", "ミュンスター", "nrw"),
    ("munich", "München", "Munich", "ミュンヘン", "bavaria"),
    ("nuremberg", "Nürnberg", "Nuremberg", "ニュルンベルク", "bavaria"),
    ("berlin", "Berlin", "Berlin", "ベルリン", "berlin-state"),
    ("hamburg", "Hamburg", "Hamburg", "ハンブルク", "hamburg-state"),
    ("frankfurt", "Frankfurt am Main", "Frankfurt am Main", "フランクフルト", "hesse"),
    ("stuttgart", "Stuttgart", "Stuttgart", "シュトゥットガルト", "baden-wuerttemberg"),
    ("karlsruhe", "Karlsruhe", "Karlsruhe", "カールスルーエ", "baden-wuerttemberg"),
    ("leipzig", "Leipzig", "Leipzig", "ライプツィヒ", "saxony"),
    ("dresden", "Dresden", "Dresden", "ドレスデン", "saxony"),
    ("hanover", "Hannover", "Hanover", "ハノーファー", "lower-saxony"),
    ("bremen", "Bremen", "Bremen", "ブレーメン", "bremen-state"),
)
JAPANESE_CITIES = (
    ("tokyo", "Tokio", "Tokyo", "東京", "tokyo-pref"),
    ("osaka", "Osaka", "Osaka", "大阪", "osaka-pref"),
    ("kyoto", "Kyoto", "Kyoto", "京都", "kyoto-pref"),
    ("yokohama", "Yokohama", "Yokohama", "横浜", "kanagawa"),
    ("kawasaki", "Kawasaki", "Kawasaki", "川崎", "kanagawa"),
    ("nagoya", "Nagoya", "Nagoya", "名古屋", "aichi"),
    ("sapporo", "Sapporo", "Sapporo", "札幌", "hokkaido"),
    ("fukuoka", "Fukuoka", "Fukuoka", "福岡", "fukuoka-pref"),
    ("kitakyushu", "Kitakyushu", "Kitakyushu", "北九州", "fukuoka-pref"),
    ("kobe", "Kobe", "Kobe", "神戸", "hyogo"),
    ("sendai", "Sendai", "Sendai", "仙台", "miyagi"),
    ("koriyama", "Koriyama", "Koriyama", "郡山", "fukushima-pref"),
    ("fukushima", "Fukushima", "Fukushima", "福島", "fukushima-pref"),
    ("hiroshima", "Hiroshima", "Hiroshima", "広島", "hiroshima-pref"),
    ("chiba", "Chiba", "Chiba", "千葉", "chiba-pref"),
    ("niigata", "Niigata", "Niigata", "新潟", "niigata-pref"),
    ("kumamoto", "Kumamoto", "Kumamoto", "熊本", "kumamoto-pref"),
    ("okayama", "Okayama", "Okayama", "岡山", "okayama-pref"),
    ("hamamatsu", "Hamamatsu", "Hamamatsu", "浜松", "shizuoka"),
    ("kanazawa", "Kanazawa", "Kanazawa", "金沢", "ishikawa"),
)
# (id, de, en, ja, country, kind)
REGIONS = (
    (
        "nrw",
        "Nordrhein-Westfalen",
        "North Rhine-Westphalia",
        "ノルトライン＝ヴェストファーレン州",
        "germany",
        "state",
    ),
    ("bavaria", "Bayern", "Bavaria", "バイエルン州", "germany", "state"),
    ("berlin-state", "Land Berlin", "State of Berlin", "ベルリン州", "germany", "state"),
    (
        "hamburg-state",
        "Freie und Hansestadt Hamburg",
        "Free and Hanseatic City of Hamburg",
        "ハンブルク州",
        "germany",
        "state",
    ),
    ("hesse", "Hessen", "Hesse", "ヘッセン州", "germany", "state"),
    (
        "baden-wuerttemberg",
        "Baden-Württemberg",
        "Baden-Württemberg",
        "バーデン＝ヴュルテンベルク州",
        "germany",
        "state",
    ),
    ("saxony", "Sachsen", "Saxony", "ザクセン州", "germany", "state"),
    ("lower-saxony", "Niedersachsen", "Lower Saxony", "ニーダーザクセン州", "germany", "state"),
    (
        "bremen-state",
        "Freie Hansestadt Bremen",
        "Free Hanseatic City of Bremen",
        "ブレーメン州",
        "germany",
        "state",
    ),
    ("tokyo-pref", "Präfektur Tokio", "Tokyo Metropolis", "東京都", "japan", "prefecture"),
    ("osaka-pref", "Präfektur Osaka", "Osaka Prefecture", "大阪府", "japan", "prefecture"),
    ("kyoto-pref", "Präfektur Kyoto", "Kyoto Prefecture", "京都府", "japan", "prefecture"),
    ("kanagawa", "Präfektur Kanagawa", "Kanagawa Prefecture", "神奈川県", "japan", "prefecture"),
    ("aichi", "Präfektur Aichi", "Aichi Prefecture", "愛知県", "japan", "prefecture"),
    ("hokkaido", "Hokkaidō", "Hokkaido", "北海道", "japan", "prefecture"),
    ("fukuoka-pref", "Präfektur Fukuoka", "Fukuoka Prefecture", "福岡県", "japan", "prefecture"),
    ("hyogo", "Präfektur Hyōgo", "Hyogo Prefecture", "兵庫県", "japan", "prefecture"),
    ("miyagi", "Präfektur Miyagi", "Miyagi Prefecture", "宮城県", "japan", "prefecture"),
    (
        "fukushima-pref",
        "Präfektur Fukushima",
        "Fukushima Prefecture",
        "福島県",
        "japan",
        "prefecture",
    ),
    (
        "hiroshima-pref",
        "Präfektur Hiroshima",
        "Hiroshima Prefecture",
        "広島県",
        "japan",
        "prefecture",
    ),
    ("chiba-pref", "Präfektur Chiba", "Chiba Prefecture", "千葉県", "japan", "prefecture"),
    ("niigata-pref", "Präfektur Niigata", "Niigata Prefecture", "新潟県", "japan", "prefecture"),
    ("kumamoto-pref", "Präfektur Kumamoto", "Kumamoto Prefecture", "熊本県", "japan", "prefecture"),
    ("okayama-pref", "Präfektur Okayama", "Okayama Prefecture", "岡山県", "japan", "prefecture"),
    ("shizuoka", "Präfektur Shizuoka", "Shizuoka Prefecture", "静岡県", "japan", "prefecture"),
    ("ishikawa", "Präfektur Ishikawa", "Ishikawa Prefecture", "石川県", "japan", "prefecture"),
)
# (id suffix, kind, de pattern, en pattern, ja pattern); {c} is the city's name in that language
VENUES = (
    ("city-hall", "venue", "Rathaus {c}", "{c} City Hall", "{c}市庁舎"),
    ("trade-fair", "venue", "Messe {c}", "{c} Trade Fair Centre", "{c}見本市会場"),
    ("congress-centre", "venue", "Kongresszentrum {c}", "{c} Convention Centre", "{c}国際会議場"),
    (
        "campus",
        "venue",
        "Campus der Universität {c}",
        "University of {c} Campus",
        "{c}大学キャンパス",
    ),
    ("hotel", "venue", "Grand Hotel {c}", "Grand Hotel {c}", "グランドホテル{c}"),
    ("centre", "district", "Innenstadt {c}", "{c} city centre", "{c}中心部"),
)
# (id suffix, type, kind, de, en, ja, theme ids)
CITY_BODIES = (
    (
        "city",
        "city",
        "government",
        "Stadt {c}",
        "City of {c}",
        "{c}市",
        ("administrative-cooperation",),
    ),
    (
        "chamber",
        "chamber of commerce",
        "organisation",
        "IHK {c}",
        "{c} Chamber of Commerce",
        "{c}商工会議所",
        ("business-contacts",),
    ),
    (
        "university",
        "university",
        "organisation",
        "Universität {c}",
        "University of {c}",
        "{c}大学",
        ("innovation", "medicine-and-biotechnology"),
    ),
    (
        "hospital",
        "university hospital",
        "organisation",
        "Universitätsklinikum {c}",
        "{c} University Hospital",
        "{c}大学病院",
        ("health", "medical-exchange"),
    ),
    (
        "economic-development",
        "economic development agency",
        "organisation",
        "Wirtschaftsförderung {c}",
        "{c} Economic Development Agency",
        "{c}経済振興局",
        ("company-settlement", "location-marketing"),
    ),
    (
        "trade-fair-company",
        "company",
        "organisation",
        "Messe {c} GmbH",
        "{c} Trade Fair Company",
        "{c}見本市会社",
        ("business-contacts",),
    ),
)
COMPANY_STEMS = (
    ("Nordlicht", "Nordlicht", "ノルトリヒト"),
    ("Rheinwerk", "Rheinwerk", "ラインヴェルク"),
    ("Sakura", "Sakura", "さくら"),
    ("Fuji", "Fuji", "富士"),
    ("Hikari", "Hikari", "光"),
    ("Ruhrstahl", "Ruhrstahl", "ルールシュタール"),
    ("Kirin", "Kirin", "麒麟"),
    ("Aoba", "Aoba", "青葉"),
    ("Emscher", "Emscher", "エムシャー"),
    ("Taiyo", "Taiyo", "太陽"),
    ("Weserland", "Weserland", "ヴェーザーラント"),
    ("Mirai", "Mirai", "未来"),
    ("Zollverein", "Zollverein", "ツォルフェライン"),
    ("Kaze", "Kaze", "風"),
    ("Lippe", "Lippe", "リッペ"),
    ("Midori", "Midori", "緑"),
    ("Hansa", "Hansa", "ハンザ"),
    ("Yamato", "Yamato", "大和"),
    ("Alster", "Alster", "アルスター"),
    ("Asahi", "Asahi", "朝日"),
)
COMPANY_SECTORS = (
    ("Energie", "Energy", "エネルギー", ("energy", "renewable-energy")),
    ("Medizintechnik", "Medical Technology", "医療機器", ("medical-technology", "health")),
    ("Wasserstoff", "Hydrogen", "水素", ("hydrogen-technologies", "climate-neutrality")),
    ("Software", "Software", "ソフトウェア", ("medical-software", "innovation")),
    ("Umwelttechnik", "Environmental Technology", "環境技術", ("environmental-technology",)),
    ("Logistik", "Logistics", "物流", ("smart-mobility",)),
    ("Batterie", "Battery", "電池", ("battery-technology",)),
    ("Netzwerke", "Networks", "ネットワーク", ("telecommunications", "open-ran")),
    ("Sicherheit", "Security", "セキュリティ", ("cybersecurity",)),
    ("Recycling", "Recycling", "リサイクル", ("circular-economy",)),
)
COMPANY_FORMS = (("GmbH", "GmbH", "株式会社"), ("AG", "AG", "株式会社"), ("KK", "K.K.", "株式会社"))
GERMAN_GIVEN = (
    "Anna",
    "Thomas",
    "Julia",
    "Michael",
    "Sabine",
    "Stefan",
    "Katrin",
    "Andreas",
    "Claudia",
    "Markus",
    "Petra",
    "Jürgen",
    "Monika",
    "Frank",
    "Ute",
    "Klaus",
    "Birgit",
    "Ralf",
    "Heike",
    "Jörg",
)
GERMAN_FAMILY = (
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
)
# (romanised, kanji)
JAPANESE_GIVEN = (
    ("Hiroshi", "浩"),
    ("Yuki", "由紀"),
    ("Takashi", "隆"),
    ("Keiko", "恵子"),
    ("Kenji", "健二"),
    ("Naoko", "直子"),
    ("Satoshi", "聡"),
    ("Akiko", "明子"),
    ("Makoto", "誠"),
    ("Yoko", "洋子"),
    ("Daisuke", "大輔"),
    ("Emi", "恵美"),
    ("Shinji", "真司"),
    ("Mariko", "真理子"),
    ("Kazuo", "和夫"),
)
JAPANESE_FAMILY = (
    ("Tanaka", "田中"),
    ("Suzuki", "鈴木"),
    ("Takahashi", "高橋"),
    ("Watanabe", "渡辺"),
    ("Ito", "伊藤"),
    ("Yamamoto", "山本"),
    ("Nakamura", "中村"),
    ("Kobayashi", "小林"),
    ("Kato", "加藤"),
    ("Yoshida", "吉田"),
    ("Yamada", "山田"),
    ("Sasaki", "佐々木"),
    ("Matsumoto", "松本"),
    ("Inoue", "井上"),
    ("Kimura", "木村"),
)
OFFICES = (
    ("Oberbürgermeister", "Lord Mayor", "市長", "city"),
    ("Bürgermeisterin", "Mayor", "副市長", "city"),
    ("Präsident", "President", "会頭", "chamber"),
    ("Rektorin", "President", "学長", "university"),
    ("Ärztlicher Direktor", "Medical Director", "病院長", "hospital"),
    ("Geschäftsführerin", "Managing Director", "局長", "economic-development"),
)
# (id, broader, de, en, ja)
THEMES = (
    (
        "international-cooperation",
        None,
        "Internationale Zusammenarbeit",
        "International cooperation",
        "国際協力",
    ),
    (
        "economic-relations",
        "international-cooperation",
        "Wirtschaftsbeziehungen",
        "Economic relations",
        "経済関係",
    ),
    (
        "business-contacts",
        "economic-relations",
        "Wirtschaftskontakte",
        "Business contacts",
        "ビジネス交流",
    ),
    (
        "company-settlement",
        "economic-relations",
        "Unternehmensansiedlung",
        "Company settlement",
        "企業誘致",
    ),
    (
        "location-marketing",
        "economic-relations",
        "Standortmarketing",
        "Location marketing",
        "立地マーケティング",
    ),
    (
        "administrative-cooperation",
        "international-cooperation",
        "Zusammenarbeit der Verwaltungen",
        "Cooperation between administrations",
        "行政協力",
    ),
    ("health", None, "Gesundheit", "Health", "健康"),
    (
        "medicine-and-biotechnology",
        "health",
        "Medizin und Biotechnologie",
        "Medicine and biotechnology",
        "医学とバイオテクノロジー",
    ),
    ("medical-technology", "health", "Medizintechnik", "Medical technology", "医療機器"),
    (
        "medical-software",
        "medical-technology",
        "Medizinische Software",
        "Medical software",
        "医療ソフトウェア",
    ),
    ("medical-exchange", "health", "Medizinischer Austausch", "Medical exchange", "医療交流"),
    ("energy", None, "Energie", "Energy", "エネルギー"),
    (
        "renewable-energy",
        "energy",
        "Erneuerbare Energien",
        "Renewable energy",
        "再生可能エネルギー",
    ),
    ("sustainability", None, "Nachhaltigkeit", "Sustainability", "持続可能性"),
    (
        "environmental-technology",
        "sustainability",
        "Umwelttechnik",
        "Environmental technology",
        "環境技術",
    ),
    (
        "climate-neutrality",
        "sustainability",
        "Klimaneutralität",
        "Climate neutrality",
        "カーボンニュートラル",
    ),
    (
        "hydrogen-technologies",
        "climate-neutrality",
        "Wasserstofftechnologien",
        "Hydrogen technologies",
        "水素技術",
    ),
    ("circular-economy", "sustainability", "Kreislaufwirtschaft", "Circular economy", "循環型経済"),
    ("innovation", None, "Innovation", "Innovation", "イノベーション"),
    ("telecommunications", "innovation", "Telekommunikation", "Telecommunications", "電気通信"),
    ("open-ran", "telecommunications", "Open RAN", "Open RAN", "オープンRAN"),
    ("cybersecurity", "innovation", "Cybersicherheit", "Cybersecurity", "サイバーセキュリティ"),
    ("urban-development", None, "Stadtentwicklung", "Urban development", "都市開発"),
    (
        "smart-mobility",
        "urban-development",
        "Intelligente Mobilität",
        "Smart mobility",
        "スマートモビリティ",
    ),
    ("battery-technology", "smart-mobility", "Batterietechnik", "Battery technology", "電池技術"),
)
THEME_ASPECTS = (
    ("Forschung", "research", "研究"),
    ("Fachkräfte", "skilled workers", "人材"),
    ("Start-ups", "start-ups", "スタートアップ"),
    ("Normung", "standards", "標準化"),
    ("Pilotprojekte", "pilot projects", "実証事業"),
    ("Förderung", "funding", "助成"),
    ("Ausbildung", "training", "研修"),
    ("Digitalisierung", "digitalisation", "デジタル化"),
)
# (kind, de, en, ja, roles)
PART_KINDS = (
    ("visit", "Besuch bei {o}", "Visit to {o}", "{o}訪問", ("host", "guest")),
    (
        "signing",
        "Unterzeichnung einer Absichtserklärung mit {o}",
        "Signing of a memorandum of understanding with {o}",
        "{o}との覚書締結",
        ("signatory", "signatory"),
    ),
    (
        "reception",
        "Empfang durch {o}",
        "Reception by {o}",
        "{o}主催のレセプション",
        ("host", "guest"),
    ),
    (
        "symposium",
        "Fachsymposium mit {o}",
        "Symposium with {o}",
        "{o}とのシンポジウム",
        ("organiser", "speaker"),
    ),
    (
        "workshop",
        "Workshop mit {o}",
        "Workshop with {o}",
        "{o}とのワークショップ",
        ("organiser", "participant"),
    ),
    ("talk", "Gespräch mit {o}", "Talk with {o}", "{o}との会談", ("host", "guest")),
)
OUTCOMES = (
    (
        "Beide Seiten vereinbarten einen regelmäßigen Austausch.",
        "Both sides agreed on a regular exchange.",
        "双方は定期的な交流に合意した。",
    ),
    (
        "Ein gemeinsames Pilotprojekt wurde angekündigt.",
        "A joint pilot project was announced.",
        "共同の実証事業が発表された。",
    ),
    (
        "Man verabredete einen Gegenbesuch im Folgejahr.",
        "A return visit was arranged for the following year.",
        "翌年の相互訪問が約束された。",
    ),
)
SOURCE_KINDS = (
    ("press release", "de"),
    ("news article", "de"),
    ("news article", "ja"),
    ("press release", "ja"),
    ("report", "en"),
    ("newsletter", "en"),
)
PUBLISHERS = {
    "de": ("Presseamt", "Rheinische Zeitung", "Wirtschaftsförderung"),
    "ja": ("広報課", "日本経済新聞", "市政だより"),
    "en": ("Japan Times", "Trade Bulletin", "Economic Review"),
}

# -- YAML text ------------------------------------------------------------------------------

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9][^:#\[\]{},]*$")


def scalar(text: str) -> str:
    """The text as a YAML scalar: plain where that reads back as the same string, else in
    double quotes (JSON's string syntax is a subset of YAML's double-quoted style)."""
    if _PLAIN.match(text) and not text.endswith(" ") and text.lower() not in _SPECIAL:
        return text
    return json.dumps(text, ensure_ascii=False)


_SPECIAL = {"null", "true", "false", "yes", "no", "on", "off", "~", "y", "n"}


def names(de: str, en: str, ja: str | None) -> str:
    """A name the way the shipped base writes it: one flow mapping on one line."""
    parts = [f"de: {scalar(de)}", f"en: {scalar(en)}"]
    if ja:
        parts.append(f"ja: {scalar(ja)}")
    return "{" + ", ".join(parts) + "}"


def block(indent: str, key: str, texts: dict[str, str]) -> list[str]:
    """A multi-language description as folded blocks (`>-`), wrapped near 90 columns."""
    out = [f"{indent}{key}:"]
    for lang, text in texts.items():
        out.append(f"{indent}  {lang}: >-")
        out.extend(f"{indent}    {line}" for line in _wrap(text, 88 - len(indent)))
    return out


def _wrap(text: str, width: int) -> Iterator[str]:
    """Lines of at most `width` (one long word stays whole).  Japanese has no spaces and
    stays on one line: folding a line break would put a space into the text."""
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            yield line
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        yield line


def ids(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


# -- the base -------------------------------------------------------------------------------


@dataclass
class Org:
    id: str
    de: str
    en: str
    ja: str
    city: str
    themes: tuple[str, ...]
    kind: str = "organisation"


@dataclass
class Base:
    """What has been generated so far, for the later collections to refer to."""

    rng: random.Random
    events: int
    sources: list[tuple[str, int]] = field(default_factory=list)  # (id, year)
    cities: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    venues: dict[str, list[str]] = field(default_factory=dict)
    orgs: list[Org] = field(default_factory=list)
    orgs_by_city: dict[str, list[Org]] = field(default_factory=dict)
    people: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    first_year: int = 2000
    last_year: int = 2025

    def source_ids(self, year: int, count: int = 1) -> list[str]:
        """Sources published in (or near) the year an item is about."""
        pool = self.sources_by_year.get(year) or self.sources_by_year[self.first_year]
        return sorted({self.rng.choice(pool) for _ in range(count)})

    @property
    def sources_by_year(self) -> dict[int, list[str]]:
        table = self.__dict__.get("_by_year")
        if table is None:
            table = {}
            for source_id, year in self.sources:
                table.setdefault(year, []).append(source_id)
            self.__dict__["_by_year"] = table
        return table


def _years(events: int) -> tuple[int, int]:
    """Older bases span more years: a few years for a small base, 26 for a big one."""
    span = max(3, min(26, events // 2000 + 3))
    return 2026 - span, 2025


def write_sources(base: Base) -> list[str]:
    rng = base.rng
    count = max(12, base.events // 4)
    lines: list[str] = []
    span = base.last_year - base.first_year + 1
    for n in range(count):
        year = base.first_year + n % span
        kind, lang = SOURCE_KINDS[rng.randrange(len(SOURCE_KINDS))]
        city = rng.choice(GERMAN_CITIES if lang == "de" else JAPANESE_CITIES + GERMAN_CITIES)
        topic = rng.choice(THEMES)
        if lang == "de":
            title = f"{city[1]}: {topic[2]} im Fokus ({n + 1})"
        elif lang == "ja":
            title = f"{city[3]}、{topic[4]}で協力 第{n + 1}報"
        else:
            title = f"{city[2]} steps up cooperation on {topic[3].lower()} ({n + 1})"
        source_id = f"src-{year}-{n + 1:06d}"
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        publisher = f"{city[1 if lang != 'ja' else 3]} {rng.choice(PUBLISHERS[lang])}"
        lines += [
            f"  - id: {source_id}",
            f"    title: {scalar(title)}",
            f"    kind: {kind}",
            f"    publisher: {scalar(publisher)}",
            f'    published: "{year}-{month:02d}-{day:02d}"',
            f"    url: https://example.org/{lang}/{year}/{n + 1:06d}",
            f"    language: {lang}",
            "",
        ]
        base.sources.append((source_id, year))
    return lines


def write_places(base: Base) -> list[str]:
    rng = base.rng
    lines: list[str] = []

    def place(pid: str, de: str, en: str, ja: str, kind: str, part_of: str | None) -> None:
        year = rng.randint(base.first_year, base.last_year)
        lines.append(f"  - id: {pid}")
        lines.append(f"    name: {names(de, en, ja)}")
        lines.append(f"    kind: {kind}")
        if part_of:
            lines.append(f"    part_of: {part_of}")
        lines.append(f"    sources: {ids(base.source_ids(year))}")
        lines.append("")

    place("germany", "Deutschland", "Germany", "ドイツ", "country", None)
    place("japan", "Japan", "Japan", "日本", "country", None)
    for rid, de, en, ja, country, kind in REGIONS:
        place(rid, de, en, ja, kind, country)
    for stem, de, en, ja, region in GERMAN_CITIES + JAPANESE_CITIES:
        japanese = region in {r[0] for r in REGIONS if r[4] == "japan"}
        place(stem, de, en, ja, "city", region)
        base.cities[stem] = (de, en, ja, "japan" if japanese else "germany")
        base.venues[stem] = []
        for suffix, kind, vde, ven, vja in VENUES:
            vid = f"{stem}-{suffix}"
            place(vid, vde.format(c=de), ven.format(c=en), vja.format(c=ja), kind, stem)
            base.venues[stem].append(vid)
    return lines


def write_themes(base: Base) -> list[str]:
    rng = base.rng
    lines: list[str] = []
    extra = min(400, base.events // 250)
    rows = list(THEMES)
    for n in range(extra):
        broader = THEMES[n % len(THEMES)]
        aspect = THEME_ASPECTS[(n // len(THEMES)) % len(THEME_ASPECTS)]
        suffix = n // (len(THEMES) * len(THEME_ASPECTS))
        tid = f"{broader[0]}-{aspect[1].replace(' ', '-')}" + (f"-{suffix}" if suffix else "")
        rows.append(
            (
                tid,
                broader[0],
                f"{broader[2]}: {aspect[0]}",
                f"{broader[3]}: {aspect[1]}",
                f"{broader[4]}（{aspect[2]}）",
            )
        )
    for tid, broader, de, en, ja in rows:
        lines.append(f"  - id: {tid}")
        lines.append(f"    name: {names(de, en, ja)}")
        if broader:
            lines.append(f"    broader: {broader}")
        lines += block(
            "    ",
            "description",
            {
                "en": f"Cooperation between German and Japanese partners in the field of {en}.",
                "de": f"Zusammenarbeit deutscher und japanischer Partner im Bereich {de}.",
            },
        )
        year = rng.randint(base.first_year, base.last_year)
        lines.append(f"    sources: {ids(base.source_ids(year))}")
        lines.append("")
        base.themes.append(tid)
    return lines


def write_participants(base: Base) -> list[str]:
    rng = base.rng
    lines: list[str] = []
    for stem, (cde, cen, cja, country) in base.cities.items():
        base.orgs_by_city[stem] = []
        for suffix, typ, kind, de, en, ja, themes in CITY_BODIES:
            oid = f"{stem}-{suffix}"
            org = Org(oid, de.format(c=cde), en.format(c=cen), ja.format(c=cja), stem, themes, kind)
            _participant(
                base,
                lines,
                org,
                typ,
                country,
                parent=f"{stem}-city" if suffix == "economic-development" else None,
            )
            base.orgs.append(org)
            base.orgs_by_city[stem].append(org)
    stems = list(base.cities)
    companies = max(10, base.events // 20)
    companies_made: list[str] = []
    for n in range(companies):
        stem = stems[n % len(stems)]
        first, sector, form = (
            rng.choice(COMPANY_STEMS),
            rng.choice(COMPANY_SECTORS),
            rng.choice(COMPANY_FORMS),
        )
        cde, cen, cja, country = base.cities[stem]
        oid = f"{_slug(first[1])}-{_slug(sector[1])}-{n + 1}"
        org = Org(
            oid,
            f"{first[0]} {sector[0]} {form[0]}",
            f"{first[1]} {sector[1]} {form[1]}",
            f"{first[2]}{sector[2]}{form[2]}",
            stem,
            sector[3],
        )
        parent = None
        if companies_made and rng.random() < 0.15:  # a subsidiary of an earlier company
            parent = rng.choice(companies_made[-50:])
        companies_made.append(oid)
        _participant(base, lines, org, "company", country, parent=parent)
        base.orgs.append(org)
        base.orgs_by_city[stem].append(org)
    people = max(10, base.events // 40)
    for n in range(people):
        stem = stems[n % len(stems)]
        country = base.cities[stem][3]
        if country == "japan":
            (gr, gk), (fr, fk) = rng.choice(JAPANESE_GIVEN), rng.choice(JAPANESE_FAMILY)
            name = names(f"{gr} {fr}", f"{gr} {fr}", f"{fk}{gk}")
            slug = f"{_slug(gr)}-{_slug(fr)}"
            plain = f"{gr} {fr}"
        else:
            given, family = rng.choice(GERMAN_GIVEN), rng.choice(GERMAN_FAMILY)
            plain = f"{given} {family}"
            name = scalar(plain)
            slug = f"{_slug(given)}-{_slug(family)}"
        pid = f"{slug}-{n + 1}"
        year = rng.randint(base.first_year, base.last_year)
        lines.append(f"  - id: {pid}")
        lines.append(f"    name: {name}")
        lines.append("    kind: person")
        lines.append(f"    country: {country}")
        lines.append(f"    seat: {stem}")
        ode, oen, oja, body = rng.choice(OFFICES)
        lines += [
            "    offices:",
            f"      - title: {names(ode, oen, oja)}",
            f"        organisation: {stem}-{body}",
            f'        start: "{year}"',
        ]
        lines += block(
            "    ",
            "description",
            {
                "en": f"{plain}, {oen} of {base.cities[stem][1]}; has taken part in several "
                "German-Japanese exchanges.",
                "de": f"{plain}, {ode} in {base.cities[stem][0]}; nahm an mehreren "
                "deutsch-japanischen Begegnungen teil.",
            },
        )
        lines.append(f"    sources: {ids(base.source_ids(year))}")
        lines.append("")
        base.people.append(pid)
    return lines


def _participant(
    base: Base, lines: list[str], org: Org, typ: str, country: str, parent: str | None
) -> None:
    year = base.rng.randint(base.first_year, base.last_year)
    de_city, en_city = base.cities[org.city][0], base.cities[org.city][1]
    lines.append(f"  - id: {org.id}")
    lines.append(f"    name: {names(org.de, org.en, org.ja)}")
    lines.append(f"    kind: {org.kind}")
    lines.append(f"    type: {typ}")
    lines.append(f"    country: {country}")
    lines.append(f"    seat: {org.city}")
    if parent:
        lines.append(f"    parent: {parent}")
    active = ", ".join(org.themes).replace("-", " ")
    lines += block(
        "    ",
        "description",
        {
            "en": f"{org.en}, based in {en_city}; active in {active}.",
            "de": f"{org.de} mit Sitz in {de_city}.",
        },
    )
    lines.append(f"    sources: {ids(base.source_ids(year))}")
    lines.append("")


def _slug(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", ".": ""})
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(table)).strip("-")


def write_events(base: Base) -> dict[int, list[str]]:
    """Trips and conferences holding visits, signings and receptions, which hold talks.

    Part-of always points at an event generated earlier, so the chains never form a cycle.
    """
    rng = base.rng
    by_year: dict[int, list[str]] = {}
    german = [s for s, c in base.cities.items() if c[3] == "germany"]
    japanese = [s for s, c in base.cities.items() if c[3] == "japan"]
    made = 0
    while made < base.events:
        year = rng.randint(base.first_year, base.last_year)
        home, away = rng.choice(german), rng.choice(japanese)
        if rng.random() < 0.35:
            home, away = away, home
        month = rng.randint(1, 12)
        start_day = rng.randint(1, 20)
        length = rng.randint(2, 7)
        hde, hen, hja, _ = base.cities[home]
        ade, aen, aja, _ = base.cities[away]
        top = rng.random() < 0.7
        kind = "delegation-trip" if top else "conference"
        tid = f"{home}-{'delegation' if top else 'conference'}-{away}-{year}-{made + 1}"
        host = base.orgs_by_city[home][0]
        guest_orgs = rng.sample(base.orgs_by_city[away], k=min(3, len(base.orgs_by_city[away])))
        themes = sorted(set(rng.sample(base.themes, k=2)) | set(guest_orgs[0].themes))
        if top:
            name = (
                f"Delegation aus {hde} in {ade} {year}",
                f"Delegation of {hen} to {aen} {year}",
                f"{hja}代表団の{aja}訪問（{year}年）",
            )
            desc = {
                "en": f"A delegation led by the {host.en} travelled to {aen} to deepen "
                f"cooperation on {base_theme_text(themes, 3)}; it met {guest_orgs[0].en} "
                f"and other partners.",
                "de": f"Eine Delegation unter Leitung der {host.de} reiste nach {ade}, um die "
                f"Zusammenarbeit zu vertiefen, und traf unter anderem {guest_orgs[0].de}.",
                "ja": f"{host.ja}の代表団が{aja}を訪れ、{guest_orgs[0].ja}などと"
                "協力について意見を交わした。",
            }
        else:
            name = (
                f"Deutsch-japanische Fachkonferenz {ade} {year}",
                f"German-Japanese conference in {aen} {year}",
                f"日独会議{aja}（{year}年）",
            )
            desc = {
                "en": f"Conference in {aen} where partners from {hen} and {aen} discussed "
                f"{base_theme_text(themes, 3)}.",
                "de": f"Konferenz in {ade}, auf der Partner aus {hde} und {ade} über gemeinsame "
                "Projekte sprachen.",
                "ja": f"{aja}で開かれた会議で、{hja}と{aja}の関係者が共同事業について議論した。",
            }
        start = (year, month, start_day)
        end = (year, month, start_day + length)
        venue = rng.choice(base.venues[away])
        members = rng.sample(base.people, k=min(2, len(base.people)))
        participants = [
            (host.id, "delegation" if top else "organiser", None),
            (guest_orgs[0].id, "host", None),
            *((person, "member", None) for person in members),
        ]
        by_year.setdefault(year, []).extend(
            _event(
                base,
                tid,
                name,
                kind,
                None,
                start,
                end,
                away if top else venue,
                None,
                participants,
                themes,
                desc,
                year,
                aliases=[f"{hen}-{aen} {year}"] if rng.random() < 0.3 else [],
            )
        )
        made += 1
        for _ in range(rng.randint(3, 8)):
            if made >= base.events:
                break
            kind, pde, pen, pja, roles = rng.choice(PART_KINDS)
            org = rng.choice(base.orgs_by_city[away])
            day = rng.randint(start_day, start_day + length)
            pid = f"{away}-{kind}-{year}-{made + 1}"
            pname = (pde.format(o=org.de), pen.format(o=org.en), pja.format(o=org.ja))
            pthemes = sorted(set(org.themes) & set(base.themes)) or themes[:1]
            pdesc = {
                "en": f"{pen.format(o=org.en)} during the {name[1]}, "
                f"on {base_theme_text(pthemes, 2)}.",
                "de": f"{pde.format(o=org.de)} im Rahmen der {name[0]}.",
            }
            if rng.random() < 0.7:
                pdesc["ja"] = f"{name[2]}の一環として{pja.format(o=org.ja)}が行われた。"
            pparts = [
                (host.id, roles[1], None),
                (
                    org.id,
                    roles[0],
                    ("Gastgeber des Termins", "Host of the meeting", "会合の主催者")
                    if rng.random() < 0.2
                    else None,
                ),
            ]
            by_year.setdefault(year, []).extend(
                _event(
                    base,
                    pid,
                    pname,
                    kind,
                    (year, month, day),
                    None,
                    None,
                    rng.choice(base.venues[away]),
                    tid,
                    pparts,
                    pthemes,
                    pdesc,
                    year,
                    outcome=rng.choice(OUTCOMES) if kind == "signing" else None,
                    figure=("Gäste", "guests", "来場者", rng.randint(20, 400))
                    if kind == "reception"
                    else None,
                )
            )
            made += 1
            if rng.random() < 0.25:
                for _ in range(rng.randint(1, 3)):
                    if made >= base.events:
                        break
                    person = rng.choice(base.people)
                    sid = f"{away}-side-talk-{year}-{made + 1}"
                    sname = (
                        f"Gespräch am Rande: {pname[0]}",
                        f"Side talk: {pname[1]}",
                        f"個別会談：{pname[2]}",
                    )
                    by_year.setdefault(year, []).extend(
                        _event(
                            base,
                            sid,
                            sname,
                            "talk",
                            (year, month, day),
                            None,
                            None,
                            None,
                            pid,
                            [(person, "guest", None), (org.id, "host", None)],
                            pthemes[:1],
                            {
                                "en": f"A short talk on the side of the {pen.format(o=org.en)}.",
                                "de": f"Ein kurzes Gespräch am Rande ({pde.format(o=org.de)}).",
                                "ja": f"{pja.format(o=org.ja)}の合間に行われた短い会談。",
                            },
                            year,
                        )
                    )
                    made += 1
    return by_year


def base_theme_text(themes: list[str], count: int) -> str:
    return ", ".join(t.replace("-", " ") for t in themes[:count])


def _event(
    base: Base,
    eid: str,
    name: tuple[str, str, str],
    kind: str,
    date: tuple[int, int, int] | None,
    start: tuple[int, int, int] | None,
    end: tuple[int, int, int] | None,
    place: str | None,
    part_of: str | None,
    participants: list[tuple[str, str, tuple[str, str, str] | None]],
    themes: list[str],
    description: dict[str, str],
    year: int,
    aliases: list[str] | None = None,
    outcome: tuple[str, str, str] | None = None,
    figure: tuple[str, str, str, int] | None = None,
) -> list[str]:
    rng = base.rng
    sources = base.source_ids(year, 1 if rng.random() < 0.8 else 2)
    lines = [f"  - id: {eid}", f"    name: {names(*name)}", f"    kind: {kind}"]
    if date:
        lines.append(f'    date: "{_iso(date)}"')
    if start:
        lines.append(f'    start: "{_iso(start)}"')
    if end:
        lines.append(f'    end: "{_iso(end)}"')
    if place:
        lines.append(f"    place: {place}")
    if part_of:
        lines.append(f"    part_of: {part_of}")
    if aliases:
        lines.append("    aliases: [" + ", ".join(scalar(a) for a in aliases) + "]")
    lines.append("    participants:")
    for pid, role, note in dict((p[0], p) for p in participants).values():
        lines.append(f"      - participant: {pid}")
        lines.append(f"        role: {role}")
        if note:
            lines.append(f"        note: {names(*note)}")
    lines.append(f"    themes: {ids(themes)}")
    if figure:
        lines += [
            "    figures:",
            f"      - label: {names(figure[0], figure[1], figure[2])}",
            f"        value: {figure[3]}",
            "        unit: guests",
            "        approximate: true",
        ]
    if outcome:
        lines += ["    outcomes:", f"      - text: {names(*outcome)}"]
    lines += block("    ", "description", description)
    lines.append(f"    sources: {ids(sources)}")
    lines.append("")
    return lines


def _iso(day: tuple[int, int, int]) -> str:
    year, month, dom = day
    return f"{year:04d}-{month:02d}-{min(dom, 28):02d}"


CHUNK_BYTES = 4_000_000
"""Largest file written: the loader refuses fact files over 8 MiB (split them, it says), and
people who keep a big base split it by year and by size anyway."""


def _chunks(lines: list[str]) -> Iterator[list[str]]:
    """The collection's entries in runs of at most CHUNK_BYTES, cut between entries."""
    chunk: list[str] = []
    size = 0
    for line in lines:
        if line.startswith("  - id:") and size > CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
        chunk.append(line)
        size += len(line.encode()) + 1
    if chunk:
        yield chunk


def generate(events: int, seed: int, out: Path) -> list[Path]:
    """Write a base of `events` events into `out` (replacing a base generated there before)."""
    rng = random.Random(seed)
    first, last = _years(events)
    base = Base(rng, events, first_year=first, last_year=last)
    out.mkdir(parents=True, exist_ok=True)
    for old in (*out.glob("*.yaml"), out / "events"):
        if old.is_dir():
            shutil.rmtree(old)
        elif old.is_file():
            old.unlink()
    (out / "events").mkdir()
    written: list[Path] = []
    header = "# Generated by benchmarks/generate.py: synthetic, for measuring only.\n"

    def write(stem: Path, collection: str, comment: str, lines: list[str]) -> None:
        parts = list(_chunks(lines))
        for number, part in enumerate(parts, 1):
            path = stem.with_name(stem.name + (f"-{number}" if len(parts) > 1 else "") + ".yaml")
            path.write_text(
                "\n".join([header + f"# {comment}\n", f"{collection}:", *part]) + "\n",
                encoding="utf-8",
            )
            written.append(path)

    write(out / "sources", "sources", "Documents the facts are taken from.", write_sources(base))
    write(
        out / "places",
        "places",
        "Countries, states, prefectures, cities and venues.",
        write_places(base),
    )
    write(
        out / "themes",
        "themes",
        "Fields of cooperation, arranged in a tree by `broader`.",
        write_themes(base),
    )
    write(
        out / "participants",
        "participants",
        "People, organisations and government bodies.",
        write_participants(base),
    )
    for year, lines in sorted(write_events(base).items()):
        write(out / "events" / str(year), "events", f"Events of {year}.", lines)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, required=True, help="number of events")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same files)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the base into")
    args = parser.parse_args(argv)
    if args.events < 1:
        parser.error("--events must be at least 1")
    files = generate(args.events, args.seed, args.out)
    size = sum(f.stat().st_size for f in files)
    print(
        f"wrote {len(files)} files, {size / 1e6:.1f} MB, {args.events} events to {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
