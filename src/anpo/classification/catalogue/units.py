"""Units of measure in the forms the law and researchers write them.

The ordinance spells units in katakana (ギガヘルツ, ナノメートル, メガパスカル), researchers
write symbols or English words (GHz, nm, MPa, gigahertz). Both are mapped to one
canonical symbol with a *dimension* and a factor to the dimension's base unit, so that
``四〇ギガヘルツ`` and ``40 GHz`` are the same token and 40 GHz can be compared with
a threshold written as ``四〇、〇〇〇メガヘルツ``.

This is linguistic data (unit names), not law: the thresholds themselves always come
from the imported text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Unit:
    symbol: str  # canonical, e.g. "GHz"
    dimension: str  # e.g. "Hz"; compound dimensions are written "m/s"
    factor: float  # value in this unit x factor = value in the dimension's base unit


PREFIXES: Final = (
    # (katakana, symbol, English word, factor)
    ("テラ", "T", "tera", 1e12),
    ("ギガ", "G", "giga", 1e9),
    ("メガ", "M", "mega", 1e6),
    ("キロ", "k", "kilo", 1e3),
    ("センチ", "c", "centi", 1e-2),
    ("ミリ", "m", "milli", 1e-3),
    ("マイクロ", "µ", "micro", 1e-6),
    ("ナノ", "n", "nano", 1e-9),
    ("ピコ", "p", "pico", 1e-12),
    ("フェムト", "f", "femto", 1e-15),
)

# (katakana name, symbol, dimension, English words, prefixable)
BASE_UNITS: Final = (
    ("ヘルツ", "Hz", "Hz", ("hertz",), True),
    ("メートル", "m", "m", ("meter", "metre", "meters", "metres"), True),
    ("ミクロン", "µm", "m", ("micron", "microns"), False),
    ("秒", "s", "s", ("second", "seconds", "sec"), True),
    ("ワット", "W", "W", ("watt", "watts"), True),
    ("グレイ", "Gy", "Gy", ("gray",), True),
    ("ラド", "rd", "rd", ("rads",), True),
    ("パスカル", "Pa", "Pa", ("pascal", "pascals"), True),
    ("グラム", "g", "g", ("gram", "grams", "gramme"), True),
    ("トン", "t", "g", ("tonne", "tonnes", "ton", "tons"), False),
    ("ジュール", "J", "J", ("joule", "joules"), True),
    ("ボルトアンペア", "VA", "VA", ("volt-ampere",), True),
    ("ボルト", "V", "V", ("volt", "volts"), True),
    ("アンペア", "A", "A", ("ampere", "amperes", "amp", "amps"), True),
    ("ニュートン", "N", "N", ("newton", "newtons"), True),
    ("テスラ", "T", "T", ("tesla",), True),
    ("ラジアン", "rad", "rad", ("radian", "radians"), True),
    ("リットル", "L", "L", ("liter", "litre", "liters", "litres"), True),
    ("オーム", "Ω", "Ω", ("ohm", "ohms"), True),
    ("ファラド", "F", "F", ("farad", "farads"), True),
    ("ヘンリー", "H", "H", ("henry",), True),
    ("クーロン", "C", "C", ("coulomb", "coulombs"), True),
    ("ベクレル", "Bq", "Bq", ("becquerel",), True),
    ("サンプリング", "S", "S", ("sample", "samples"), True),
    ("サンプル", "S", "S", (), True),
    ("ビット", "bit", "bit", ("bit", "bits"), True),
    ("バイト", "B", "B", ("byte", "bytes"), True),
    ("ガル", "Gal", "Gal", ("gal",), True),
    ("ディービーエム", "dBm", "dBm", ("dbm",), False),
    ("デシベル", "dB", "dB", ("decibel", "decibels"), False),
    ("パーセント", "%", "%", ("percent", "per cent"), False),
    ("ケルビン", "K", "K", ("kelvin",), False),
    ("ノット", "kn", "kn", ("knot", "knots"), False),
    ("ルーメン", "lm", "lm", ("lumen", "lumens"), False),
    ("ストークス", "St", "St", ("stokes",), True),
    ("電子ボルト", "eV", "eV", ("electronvolt", "electron-volt"), True),
    ("エレクトロンボルト", "eV", "eV", (), True),
    ("度", "°", "°", ("degree", "degrees", "deg"), False),
    ("時間", "h", "s", ("hour", "hours"), False),
    ("分", "min", "s", ("minute", "minutes"), False),
)

# Counted things that behave like units: "五軸", "5-axis", "三相".
COUNTERS: Final = (
    ("軸", "axis", ("axis", "axes", "axis-controlled")),
    ("相", "phase", ("phase", "phases")),
    ("層", "layer", ("layer", "layers")),
    ("チャンネル", "channel", ("channel", "channels")),
    ("チャネル", "channel", ()),
)

# Symbols and abbreviations researchers write (NFKC-normalised, matched case-sensitively
# first, then case-insensitively for the unambiguous ones).
SYMBOLS: Final = {
    "THz": ("THz", "Hz", 1e12),
    "GHz": ("GHz", "Hz", 1e9),
    "MHz": ("MHz", "Hz", 1e6),
    "kHz": ("kHz", "Hz", 1e3),
    "KHz": ("kHz", "Hz", 1e3),
    "Hz": ("Hz", "Hz", 1.0),
    "km": ("km", "m", 1e3),
    "cm": ("cm", "m", 1e-2),
    "mm": ("mm", "m", 1e-3),
    "µm": ("µm", "m", 1e-6),
    "μm": ("µm", "m", 1e-6),
    "um": ("µm", "m", 1e-6),
    "nm": ("nm", "m", 1e-9),
    "pm": ("pm", "m", 1e-12),
    "m": ("m", "m", 1.0),
    "ms": ("ms", "s", 1e-3),
    "µs": ("µs", "s", 1e-6),
    "μs": ("µs", "s", 1e-6),
    "us": ("µs", "s", 1e-6),
    "ns": ("ns", "s", 1e-9),
    "ps": ("ps", "s", 1e-12),
    "fs": ("fs", "s", 1e-15),
    "s": ("s", "s", 1.0),
    "h": ("h", "s", 3600.0),
    "min": ("min", "s", 60.0),
    "GW": ("GW", "W", 1e9),
    "MW": ("MW", "W", 1e6),
    "kW": ("kW", "W", 1e3),
    "KW": ("kW", "W", 1e3),
    "W": ("W", "W", 1.0),
    "mW": ("mW", "W", 1e-3),
    "µW": ("µW", "W", 1e-6),
    "nW": ("nW", "W", 1e-9),
    "kGy": ("kGy", "Gy", 1e3),
    "Gy": ("Gy", "Gy", 1.0),
    "GPa": ("GPa", "Pa", 1e9),
    "MPa": ("MPa", "Pa", 1e6),
    "kPa": ("kPa", "Pa", 1e3),
    "Pa": ("Pa", "Pa", 1.0),
    "mPa": ("mPa", "Pa", 1e-3),
    "kg": ("kg", "g", 1e3),
    "g": ("g", "g", 1.0),
    "mg": ("mg", "g", 1e-3),
    "µg": ("µg", "g", 1e-6),
    "t": ("t", "g", 1e6),
    "kJ": ("kJ", "J", 1e3),
    "J": ("J", "J", 1.0),
    "mJ": ("mJ", "J", 1e-3),
    "µJ": ("µJ", "J", 1e-6),
    "kV": ("kV", "V", 1e3),
    "V": ("V", "V", 1.0),
    "mV": ("mV", "V", 1e-3),
    "kA": ("kA", "A", 1e3),
    "A": ("A", "A", 1.0),
    "mA": ("mA", "A", 1e-3),
    "kN": ("kN", "N", 1e3),
    "MN": ("MN", "N", 1e6),
    "N": ("N", "N", 1.0),
    "T": ("T", "T", 1.0),
    "mT": ("mT", "T", 1e-3),
    "nT": ("nT", "T", 1e-9),
    "pT": ("pT", "T", 1e-12),
    "fT": ("fT", "T", 1e-15),
    "rad": ("rad", "rad", 1.0),
    "mrad": ("mrad", "rad", 1e-3),
    "µrad": ("µrad", "rad", 1e-6),
    "L": ("L", "L", 1.0),
    "l": ("L", "L", 1.0),
    "mL": ("mL", "L", 1e-3),
    "ml": ("mL", "L", 1e-3),
    "Ω": ("Ω", "Ω", 1.0),
    "F": ("F", "F", 1.0),
    "µF": ("µF", "F", 1e-6),
    "nH": ("nH", "H", 1e-9),
    "C": ("C", "C", 1.0),
    "GBq": ("GBq", "Bq", 1e9),
    "Bq": ("Bq", "Bq", 1.0),
    "bit": ("bit", "bit", 1.0),
    "bits": ("bit", "bit", 1.0),
    "dBm": ("dBm", "dBm", 1.0),
    "dB": ("dB", "dB", 1.0),
    "%": ("%", "%", 1.0),
    "K": ("K", "K", 1.0),
    "MeV": ("MeV", "eV", 1e6),
    "keV": ("keV", "eV", 1e3),
    "eV": ("eV", "eV", 1.0),
    "GS/s": ("GS/s", "S/s", 1e9),
    "MS/s": ("MS/s", "S/s", 1e6),
    "kS/s": ("kS/s", "S/s", 1e3),
    "GSa/s": ("GS/s", "S/s", 1e9),
    "MSa/s": ("MS/s", "S/s", 1e6),
    "GSPS": ("GS/s", "S/s", 1e9),
    "Gsps": ("GS/s", "S/s", 1e9),
    "MSPS": ("MS/s", "S/s", 1e6),
    "Msps": ("MS/s", "S/s", 1e6),
    "Gbps": ("Gbit/s", "bit/s", 1e9),
    "Gbit/s": ("Gbit/s", "bit/s", 1e9),
    "Mbps": ("Mbit/s", "bit/s", 1e6),
    "Mbit/s": ("Mbit/s", "bit/s", 1e6),
    "m/s": ("m/s", "m/s", 1.0),
    "km/s": ("km/s", "m/s", 1e3),
    "°/h": ("°/h", "°/s", 1 / 3600),
    "deg/h": ("°/h", "°/s", 1 / 3600),
    "°/s": ("°/s", "°/s", 1.0),
    "deg/s": ("°/s", "°/s", 1.0),
    "°C": ("°C", "°C", 1.0),
    "℃": ("°C", "°C", 1.0),
    "°": ("°", "°", 1.0),
    "fps": ("fps", "fps", 1.0),
    "Wh/kg": ("Wh/kg", "Wh/kg", 1.0),
}


def _build_katakana_units() -> dict[str, Unit]:
    table: dict[str, Unit] = {}
    for kana, symbol, dimension, _en, prefixable in BASE_UNITS:
        table[kana] = Unit(symbol, dimension, _base_factor(symbol))
        if prefixable:
            for p_kana, p_symbol, _p_en, factor in PREFIXES:
                table[p_kana + kana] = Unit(
                    p_symbol + symbol, dimension, factor * _base_factor(symbol)
                )
    return table


def _base_factor(symbol: str) -> float:
    return {"min": 60.0, "h": 3600.0, "t": 1e6, "µm": 1e-6}.get(symbol, 1.0)


KATAKANA_UNITS: Final = _build_katakana_units()

# 毎 compounds the law writes: メートル毎秒, メガサンプリング毎秒, 度毎時, ワット毎キログラム ...
PER_UNITS: Final = {
    "秒": ("s", 1.0),
    "時": ("h", 3600.0),
    "時間": ("h", 3600.0),
    "分": ("min", 60.0),
    "メートル": ("m", 1.0),
    "キログラム": ("kg", 1e3),
    "ワット": ("W", 1.0),
    "ルーメン": ("lm", 1.0),
    "ヘルツ": ("Hz", 1.0),
}

_KANA_ALTERNATION: Final = "|".join(
    re.escape(k) for k in sorted(KATAKANA_UNITS, key=len, reverse=True)
)
_PER_ALTERNATION: Final = "|".join(re.escape(k) for k in sorted(PER_UNITS, key=len, reverse=True))
# A number (ASCII, after numeral normalisation) directly followed by a katakana unit.
KANA_UNIT_RE: Final = re.compile(
    rf"(?P<unit>{_KANA_ALTERNATION})(?:毎(?P<per>{_PER_ALTERNATION}))?"
)
_SYMBOL_ALTERNATION: Final = "|".join(re.escape(k) for k in sorted(SYMBOLS, key=len, reverse=True))
SYMBOL_RE: Final = re.compile(rf"(?<![A-Za-z])(?P<sym>{_SYMBOL_ALTERNATION})(?![A-Za-z])")

ENGLISH_UNITS: Final = {
    **{
        (p_en + en): Unit(p_symbol + symbol, dimension, factor * _base_factor(symbol))
        for _kana, symbol, dimension, ens, prefixable in BASE_UNITS
        if prefixable
        for en in ens
        for _p, p_symbol, p_en, factor in PREFIXES
    },
    **{
        en: Unit(symbol, dimension, _base_factor(symbol))
        for _kana, symbol, dimension, ens, _prefixable in BASE_UNITS
        for en in ens
    },
}


def kana_unit(name: str, per: str | None = None) -> Unit | None:
    """``ギガヘルツ`` -> GHz; ``メートル``+``秒`` -> m/s."""
    unit = KATAKANA_UNITS.get(name)
    if unit is None:
        return None
    if per is None:
        return unit
    per_symbol, per_factor = PER_UNITS[per]
    per_dim = {"h": "s", "min": "s", "kg": "g"}.get(per_symbol, per_symbol)
    return Unit(
        f"{unit.symbol}/{per_symbol}", f"{unit.dimension}/{per_dim}", unit.factor / per_factor
    )


def symbol_unit(symbol: str) -> Unit | None:
    """``GHz`` / ``um`` / ``GS/s`` -> the canonical unit, else None."""
    entry = SYMBOLS.get(symbol)
    if entry is None:
        return None
    return Unit(entry[0], entry[1], entry[2])


def english_unit(word: str) -> Unit | None:
    return ENGLISH_UNITS.get(word.lower())


def counter(word: str) -> str | None:
    """``軸`` / ``axes`` -> ``axis`` (a counted quantity's dimension)."""
    for kana, dim, ens in COUNTERS:
        if word == kana or word.lower() in ens:
            return dim
    return None
