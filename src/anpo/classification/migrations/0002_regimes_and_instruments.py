"""The regimes and instruments anpo knows, so that the pages list them before any import."""

from django.db import migrations

REGIMES = (
    ("jp", "日本（外為法）", "Japan (Foreign Exchange and Foreign Trade Act)", 0),
    ("us", "米国（EAR）", "United States (EAR)", 1),
    ("eu", "EU（規則2021/821）", "European Union (Regulation 2021/821)", 2),
)
INSTRUMENTS = (
    ("jp-export-order", "jp", "輸出貿易管理令 別表第一", "Export Trade Control Order, Appended Table 1 (goods)", "324CO0000000378", False, 0),
    ("jp-forex-order", "jp", "外国為替令 別表", "Foreign Exchange Order, Appended Table (technology)", "355CO0000000260", False, 1),
    ("jp-goods-ordinance", "jp", "貨物等省令", "Ministerial Ordinance on goods and technology (specifications)", "403M50000400049", False, 2),
    ("us-ccl", "us", "米国 商務省規制品目リスト (CCL)", "US Commerce Control List (CCL)", "15 CFR 774 Supp. 1", False, 3),
    ("eu-annex1-structure", "eu", "EU附属書I構造（代替データ）", "EU Annex I structure (stand-in)", "Regulation (EU) 2021/821 Annex I", True, 4),
)


def create(apps, schema_editor):
    Regime = apps.get_model("classification", "Regime")
    Instrument = apps.get_model("classification", "Instrument")
    regimes = {}
    for code, name_ja, name_en, position in REGIMES:
        regimes[code], _ = Regime.objects.get_or_create(
            code=code, defaults={"name_ja": name_ja, "name_en": name_en, "position": position}
        )
    for code, regime, name_ja, name_en, law_id, stand_in, position in INSTRUMENTS:
        Instrument.objects.get_or_create(
            code=code,
            defaults={
                "regime": regimes[regime],
                "name_ja": name_ja,
                "name_en": name_en,
                "law_id": law_id,
                "is_stand_in": stand_in,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("classification", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
