"""Demo institution and one account per role, for ``make run`` (demo mode only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from anpo.accounts import services
from anpo.accounts.models import OrgUnit, User
from anpo.accounts.roles import Role

DEMO_PASSWORD = "anpo-demo-2026"

# code, parent code, kind, Japanese name, English name
UNITS = [
    ("minato", None, "institution", "みなと科学大学", "Minato University of Science"),
    ("eng", "minato", "faculty", "工学研究科", "Graduate School of Engineering"),
    ("eng-mech", "eng", "department", "機械工学専攻", "Department of Mechanical Engineering"),
    ("eng-mech-precision", "eng-mech", "lab", "精密加工研究室", "Precision Machining Laboratory"),
    (
        "eng-ee",
        "eng",
        "department",
        "電気電子工学専攻",
        "Department of Electrical and Electronic Engineering",
    ),
    ("eng-ee-power", "eng-ee", "lab", "パワー半導体研究室", "Power Semiconductor Laboratory"),
    ("sci", "minato", "faculty", "理学研究科", "Graduate School of Science"),
    ("sci-chem", "sci", "department", "化学専攻", "Department of Chemistry"),
    ("sci-chem-catalysis", "sci-chem", "lab", "触媒化学研究室", "Catalysis Chemistry Laboratory"),
    ("med", "minato", "faculty", "医学系研究科", "Graduate School of Medicine"),
    ("med-virology", "med", "lab", "ウイルス学研究室", "Virology Laboratory"),
    ("ias", "minato", "institute", "先端科学研究所", "Institute for Advanced Science"),
    (
        "research-office",
        "minato",
        "office",
        "研究推進部 安全保障輸出管理室",
        "Research Promotion Division, Export Control Office",
    ),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit: str
    full_name: str
    full_name_en: str


ACCOUNTS = [
    DemoAccount("researcher", Role.RESEARCHER, "eng-mech-precision", "山田 太郎", "Taro Yamada"),
    DemoAccount("researcher2", Role.RESEARCHER, "sci-chem-catalysis", "佐藤 花子", "Hanako Sato"),
    DemoAccount("manager", Role.DEPT_MANAGER, "eng", "鈴木 一郎", "Ichiro Suzuki"),
    DemoAccount("officer", Role.OFFICER, "research-office", "高橋 美咲", "Misaki Takahashi"),
    DemoAccount("chief", Role.CHIEF_OFFICER, "minato", "田中 誠", "Makoto Tanaka"),
    DemoAccount("committee", Role.COMMITTEE, "sci", "伊藤 健", "Ken Ito"),
    DemoAccount("auditor", Role.AUDITOR, "minato", "渡辺 由美", "Yumi Watanabe"),
    DemoAccount("admin", Role.SYSADMIN, "research-office", "中村 翔", "Sho Nakamura"),
]


@transaction.atomic
def demo_load() -> list[DemoAccount]:
    """Create the demo institution and accounts; running it again changes nothing."""
    if not settings.ANPO_DEMO:
        raise RuntimeError("demo data is only loaded in demo mode (ANPO_DEMO / DEBUG on)")
    units: dict[str, OrgUnit] = {}
    for code, parent, kind, name_ja, name_en in UNITS:
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is None:
            unit = services.org_unit_create(
                acting_user=None,
                code=code,
                name_ja=name_ja,
                name_en=name_en,
                kind=kind,
                parent=units[parent] if parent else None,
            )
        units[code] = unit
    for account in ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        services.user_create(
            acting_user=None,
            username=account.username,
            email=f"{account.username}@demo.anpo.invalid",
            password=DEMO_PASSWORD,
            full_name=account.full_name,
            full_name_en=account.full_name_en,
            org_unit=units[account.unit],
            roles=[(account.role, units[account.unit])],
            is_demo=True,
            language="ja",
        )
    return ACCOUNTS


@transaction.atomic
def demo_disable(*, acting_user: User | None = None) -> list[User]:
    """Lock every demo account (no login, no usable password); each lock is audited."""
    return [
        services.user_lock(acting_user=acting_user, user=user, reason="demo accounts disabled")
        for user in User.objects.filter(is_demo=True).order_by("username")
    ]
