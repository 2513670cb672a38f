"""The PDFs staff hand over (a guest list, a petition's hand-in pack): A4, the Vazirmatn font we
serve (Latin and Persian, shaped right to left), and a footer with a title and page numbers."""

from django.conf import settings
from fpdf import FPDF

FONT_PATH = settings.BASE_DIR / "static" / "vendor" / "vazirmatn" / "Vazirmatn-Variable.woff2"


class CampaignPDF(FPDF):
    def __init__(self, footer_text, *, right_to_left=None):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.add_font("Vazirmatn", fname=FONT_PATH, variations={"": {"wght": 400}, "B": {"wght": 700}})
        # Without a direction, fpdf2 takes each line's own (a guest list mixes scripts).
        direction = {True: "rtl", False: "ltr"}.get(right_to_left)
        self.set_text_shaping(use_shaping_engine=True, direction=direction)
        self.set_auto_page_break(auto=True, margin=18)

    def footer(self):
        self.set_y(-13)
        self.set_font("Vazirmatn", size=8)
        self.set_text_color(90)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")
