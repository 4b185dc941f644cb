"""Charts for the annual report, drawn on the server so the PDF carries them too.

Each chart is a PNG in a data: URI: the page's Content-Security-Policy allows data:
images, and WeasyPrint reads them without fetching anything. Series differ by marker,
line style and hatching as well as colour, so no information rests on colour alone.
"""

import base64
import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

# GOV.UK palette colours with enough contrast on white.
COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#505a5f"]
MARKERS = ["o", "s", "^", "D", "v"]
LINESTYLES = ["-", "--", ":", "-.", "-"]
HATCHES = ["", "//", "..", "xx", "\\\\"]


def _png_data_uri(figure: Figure) -> str:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def line_chart(*, labels: list[str], series: dict[str, list[float]], y_label: str) -> str:
    figure = Figure(figsize=(7.5, 3.4))
    axes = figure.add_subplot()
    for index, (name, values) in enumerate(series.items()):
        axes.plot(
            range(len(labels)),
            values,
            label=name,
            color=COLOURS[index % len(COLOURS)],
            marker=MARKERS[index % len(MARKERS)],
            linestyle=LINESTYLES[index % len(LINESTYLES)],
            linewidth=2,
        )
    axes.set_ylabel(y_label)
    axes.set_ylim(bottom=0)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.grid(axis="y", color="#b1b4b6", linewidth=0.5)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(frameon=False, loc="upper left", fontsize=8)
    axes.set_xticks(range(len(labels)), labels, fontsize=8)
    return _png_data_uri(figure)


def bar_chart(
    *,
    labels: list[str],
    series: dict[str, list[float]],
    x_label: str,
    x_max: float | None = None,
    unit: str = "",
) -> str:
    """Horizontal bars, one group per label, so long labels stay readable."""
    count = max(len(labels), 1)
    figure = Figure(figsize=(7.5, 0.45 * count * max(len(series), 1) + 1.2))
    axes = figure.add_subplot()
    height = 0.8 / max(len(series), 1)
    for index, (name, values) in enumerate(series.items()):
        positions = [row + index * height for row in range(len(labels))]
        bars = axes.barh(
            positions,
            values,
            height=height,
            label=name,
            color=COLOURS[index % len(COLOURS)],
            hatch=HATCHES[index % len(HATCHES)],
            edgecolor="#0b0c0c",
            linewidth=0.5,
        )
        # The figure beside each bar, so a zero still shows and no one has to read the axis.
        axes.bar_label(bars, labels=[f"{value:g}{unit}" for value in values], padding=3, fontsize=8)
    axes.set_yticks([row + height * (len(series) - 1) / 2 for row in range(len(labels))])
    axes.set_yticklabels([_shorten(label) for label in labels], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel(x_label)
    axes.xaxis.get_major_locator().set_params(integer=True)
    if x_max is not None:
        axes.set_xlim(0, x_max * 1.12)  # room for the label of a full bar
        axes.set_xticks([x_max * step / 5 for step in range(6)])
    axes.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        axes.legend(frameon=False, fontsize=8)
    return _png_data_uri(figure)


def _shorten(label: str, length: int = 55) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"
