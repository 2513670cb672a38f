"""Charts drawn on our server as SVG: no chart library, no script, nothing for the CSP to allow.

Each function returns the geometry a template needs (bars with their x, y, width, height and
label); the template writes the <svg>, so every label is escaped like any other text.
"""

from dataclasses import dataclass


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    y2: float = 0.0  # the top of the second series drawn inside this bar (confirmed within signed)
    height2: float = 0.0


def daily_bars(days, *, width=320, height=80, gap=2):
    """Bars for [(label, total, part)] — the part (confirmed) drawn inside the total (signed)."""
    if not days:
        return []
    highest = max(total for _, total, _ in days) or 1
    step = width / len(days)
    bars = []
    for index, (label, total, part) in enumerate(days):
        bar_height = height * total / highest
        part_height = height * part / highest
        bars.append(
            Bar(
                x=round(index * step, 2),
                y=round(height - bar_height, 2),
                width=round(max(1.0, step - gap), 2),
                height=round(bar_height, 2),
                value=total,
                label=label,
                y2=round(height - part_height, 2),
                height2=round(part_height, 2),
            )
        )
    return bars


def share_bars(items, *, width=320, label_width=130, bar_height=14, gap=6):
    """Horizontal bars for [(label, value)], each as long as its share of the largest, after a
    column of `label_width` for its label (the template writes label and value as SVG text)."""
    highest = max((value for _, value in items), default=0) or 1
    room = width - label_width - 40  # and room after the bar for its value
    return [
        Bar(
            x=label_width,
            y=index * (bar_height + gap),
            width=round(max(1.0, room * value / highest), 2),
            height=bar_height,
            value=value,
            label=label,
        )
        for index, (label, value) in enumerate(items)
    ]
