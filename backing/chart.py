"""The cross-party chart: a horizontal bar for each party (or house), drawn on our server as SVG,
so no script and nothing for the CSP to allow (as campaign/charts.py). This gives the geometry and
colours; the template writes the <svg>, so every label is escaped like any other text.

Each bar has a dark outline, so that a pale party colour (the SNP's yellow) still stands out from
the page (WCAG 1.4.11), and its value written beside it, so that no reader needs the colour.
On a right-to-left page the chart is mirrored: labels on the right, bars growing leftwards.
"""

from dataclasses import dataclass

# Colours by the words in a party's name, as the parties use them, darkened or lightened only where
# a label must be read on them (labels are written beside the bars, not on them). First match wins.
PARTY_COLOURS = [
    ("conservative", "#0087dc"),
    ("labour", "#e4003b"),
    ("liberal democrat", "#faa61a"),
    ("scottish national", "#fdf38e"),
    ("snp", "#fdf38e"),
    ("green", "#02a95b"),
    ("plaid", "#005b54"),
    ("democratic unionist", "#d46a4c"),
    ("dup", "#d46a4c"),
    ("sinn f", "#326760"),
    ("social democratic and labour", "#2aa82c"),
    ("sdlp", "#2aa82c"),
    ("alliance", "#f6cb2f"),
    ("ulster unionist", "#48a5ee"),
    ("reform", "#12b6cf"),
    ("crossbench", "#8a8f96"),
    ("bishop", "#7d5ba6"),
    ("independent", "#b0b4b9"),
]
OTHER_COLOURS = ["#6f42c1", "#20c997", "#fd7e14", "#0dcaf0", "#d63384", "#198754", "#adb5bd"]
HOUSE_COLOURS = ["#1f3a5f", "#7a1f3d", "#3d6b35", "#8a6d1f", "#4b4f56"]
NO_PARTY_COLOUR = "#ced4da"


def party_colour(name, index=0):
    lowered = (name or "").lower()
    if not lowered:
        return NO_PARTY_COLOUR
    for words, colour in PARTY_COLOURS:
        if words in lowered:
            return colour
    return OTHER_COLOURS[index % len(OTHER_COLOURS)]


@dataclass
class ChartBar:
    label: str
    value: int
    colour: str
    y: float  # top of the bar
    text_y: float  # baseline of its label and value
    x: float  # left edge of the bar
    width: float
    label_x: float
    value_x: float


@dataclass
class Chart:
    width: int
    height: int
    bar_height: int
    bars: list[ChartBar]
    label_anchor: str  # "end" (left-to-right) or "start" (right-to-left)
    value_anchor: str


def bar_chart(rows, *, rtl=False, width=420, label_width=130, bar_height=22, gap=8, value_room=48):
    """Bars for [(label, value, colour)], each as long as its share of the largest."""
    highest = max((value for _, value, _ in rows), default=0) or 1
    room = width - label_width - value_room
    bars = []
    for index, (label, value, colour) in enumerate(rows):
        length = round(max(2.0, room * value / highest), 2)
        y = index * (bar_height + gap)
        start = label_width  # where bars begin, left to right
        value_x = start + length + 6
        label_x = label_width - 8
        if rtl:  # mirror every x about the middle
            start = width - label_width - length
            value_x = width - label_width - length - 6
            label_x = width - label_width + 8
        bars.append(
            ChartBar(
                label=label,
                value=value,
                colour=colour,
                y=y,
                text_y=round(y + bar_height * 0.72, 2),
                x=round(start, 2),
                width=length,
                label_x=round(label_x, 2),
                value_x=round(value_x, 2),
            )
        )
    height = max(bar_height, len(rows) * (bar_height + gap) - gap)
    return Chart(
        width=width,
        height=height,
        bar_height=bar_height,
        bars=bars,
        label_anchor="start" if rtl else "end",
        value_anchor="end" if rtl else "start",
    )


def party_chart(counts, *, rtl=False):
    rows = [(row.label, row.count, party_colour(row.key, index)) for index, row in enumerate(counts.by_party)]
    return bar_chart(rows, rtl=rtl)


def house_chart(counts, *, rtl=False):
    rows = [
        (row.label, row.count, HOUSE_COLOURS[index % len(HOUSE_COLOURS)]) for index, row in enumerate(counts.by_house)
    ]
    return bar_chart(rows, rtl=rtl, label_width=150)
