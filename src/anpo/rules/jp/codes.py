"""Every code the Japan pack can put into a determination, besides grounds and exemptions.

The Django side must label each of them (a test enforces it); the English sentences of the
open questions live here so the CLI can print them without Django.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from anpo.rules.types import GroundCode


class Requirement(StrEnum):
    """A catch-all requirement (客観要件 split into use / end user, and インフォーム要件)."""

    WMD_USE = "wmd_use"
    WMD_END_USER = "wmd_end_user"
    WMD_INFORM = "wmd_inform"
    CW_USE = "cw_use"
    CW_END_USER = "cw_end_user"
    CW_INFORM = "cw_inform"


REQUIREMENT_GROUNDS: Final[dict[Requirement, GroundCode]] = {
    Requirement.WMD_USE: GroundCode.WMD_CATCH_ALL_USE,
    Requirement.WMD_END_USER: GroundCode.WMD_CATCH_ALL_END_USER,
    Requirement.WMD_INFORM: GroundCode.WMD_CATCH_ALL_INFORM,
    Requirement.CW_USE: GroundCode.CW_CATCH_ALL_USE,
    Requirement.CW_END_USER: GroundCode.CW_CATCH_ALL_END_USER,
    Requirement.CW_INFORM: GroundCode.CW_CATCH_ALL_INFORM,
}


class Finding(StrEnum):
    """Steps of the reasoning that explain why a requirement does or does not arise."""

    NOT_LISTED = "not_listed"  # 非該当 for items 1-15
    LIST_ITEM = "list_item"  # the item is on the list (informative)
    CATCH_ALL_OUT_OF_SCOPE = "catch_all_out_of_scope"
    GROUP_A_OUTSIDE_CATCH_ALL = "group_a_outside_catch_all"  # before 2025-10-09
    GROUP_A_NO_INFORM = "group_a_no_inform"  # 4条2項3号 lifts 1条3項
    NO_CATCH_ALL_CONDITION = "no_catch_all_condition"
    REQUIREMENT_NOT_APPLICABLE = (
        "requirement_not_applicable"  # e.g. conventional use, 16(2), general
    )
    CLEAR_GUIDELINE_LIFTED = "clear_guideline_lifted"
    NO_PROVISION = "no_provision"  # hand-carry / cloud: nobody else receives the technology
    RESIDENT_IN_JAPAN = "resident_in_japan"  # technology in Japan to a resident: no 25条 trigger
    PROVIDED_ABROAD = "provided_abroad"
    GROUND_LIFTED = "ground_lifted"  # a ground removed by an exemption
    SPECIFIC_CATEGORY_EXCEPTION_I = "specific_category_exception_i"
    SPECIFIC_CATEGORIES_NOT_IN_FORCE = "specific_categories_not_in_force"  # before 2022-05-01
    DESTINATION_GROUP_A = "destination_group_a"
    DESTINATION_UN_ARMS_EMBARGO = "destination_un_arms_embargo"
    DESTINATION_CONCERN = "destination_concern"


# Names of facts the engine derives (besides the input keys of ``anpo.rules.facts``).
DERIVED_FACT_NAMES: Final[tuple[str, ...]] = (
    "category",  # a 特定類型 category number
    "ceiling_jpy",  # the small-value ceiling used
    "exemption",  # the exemption that lifted a ground
    "ground",  # the ground an exemption lifted
    "removed_by",  # a catch-all condition that removed the small-value exception
    "requirement",  # a catch-all requirement the tier does not count
)


class ResidencyReason(StrEnum):
    ORGANIZATION_IN_JAPAN = "organization_in_japan"
    ORGANIZATION_ABROAD = "organization_abroad"
    OFFICIAL_STATUS = "official_status"
    JAPANESE_IN_JAPAN = "japanese_in_japan"
    JAPANESE_ABROAD_FOR_EMPLOYMENT = "japanese_abroad_for_employment"
    JAPANESE_ABROAD_TWO_YEARS = "japanese_abroad_two_years"
    JAPANESE_ABROAD_SHORT = "japanese_abroad_short"
    FOREIGN_EMPLOYED_IN_JAPAN = "foreign_employed_in_japan"
    FOREIGN_SIX_MONTHS_ELAPSED = "foreign_six_months_elapsed"
    FOREIGN_WITHIN_SIX_MONTHS = "foreign_within_six_months"
    FOREIGN_NOT_IN_JAPAN = "foreign_not_in_japan"
    VISITORS_FROM_ABROAD = "visitors_from_abroad"
    VISITORS_EMPLOYED_IN_JAPAN = "visitors_employed_in_japan"
    UNKNOWN = "unknown"
    DEEMED_SPECIFIC_CATEGORY = "deemed_specific_category"


class ExemptionReason(StrEnum):
    """Why an exemption holds or does not."""

    HOLDS_ALREADY_PUBLIC = "holds_already_public"
    HOLDS_TO_MAKE_PUBLIC = "holds_to_make_public"
    HOLDS_BASIC_RESEARCH = "holds_basic_research"
    HOLDS_PATENT_MINIMUM = "holds_patent_minimum"
    HOLDS_MINIMUM_FOR_USE = "holds_minimum_for_use"
    HOLDS_WITHIN_CEILING = "holds_within_ceiling"
    UNDER_CONFIDENTIALITY = "under_confidentiality"
    NOT_PUBLIC = "not_public"
    AIM_SPECIFIC_PRODUCT = "aim_specific_product"
    NOT_MINIMUM_FOR_PATENT = "not_minimum_for_patent"
    NOT_MINIMUM_FOR_USE = "not_minimum_for_use"
    FACTS_MISSING = "facts_missing"
    TECHNOLOGY_ONLY = "technology_only"  # claimed for goods
    GOODS_ONLY = "goods_only"  # small value claimed for technology
    ITEM_NOT_ELIGIBLE = "item_not_eligible"
    DESTINATION_APPENDIX_4 = "destination_appendix_4"
    OVER_CEILING = "over_ceiling"
    VALUE_UNKNOWN = "value_unknown"
    CONTRACT_VALUE_UNKNOWN = "contract_value_unknown"
    REMOVED_BY_CONDITION = "removed_by_condition"
    NOT_NEEDED = "not_needed"  # nothing to lift
    OTHER_EXEMPTION_APPLIED = "other_exemption_applied"


class Question(StrEnum):
    """Open questions: the answer turns on an unsettled point [U] or a missing fact."""

    CLASSIFICATION_MISSING = "classification_missing"
    UN_ARMS_EMBARGO_MEMBERSHIP_UNCERTAIN = "un_arms_embargo_membership_uncertain"
    APPENDIX_3_3_NOTICE_UNKNOWN = "appendix_3_3_notice_unknown"
    APPENDIX_3_3_SUBITEM_UNKNOWN = "appendix_3_3_subitem_unknown"
    CLEAR_GUIDELINE_CONVENTIONAL_END_USER = "clear_guideline_conventional_end_user"
    CLEAR_GUIDELINE_NOT_AVAILABLE = "clear_guideline_not_available"
    CLEAR_GUIDELINE_NOT_RECORDED = "clear_guideline_not_recorded"
    EUL_STATUS_UNKNOWN = "eul_status_unknown"
    EUL_CODES_UNKNOWN = "eul_codes_unknown"
    END_USE_UNKNOWN = "end_use_unknown"
    INFORM_CONCERN_UNKNOWN = "inform_concern_unknown"
    HS_CODE_MISSING = "hs_code_missing"
    HS_CODE_AMBIGUOUS = "hs_code_ambiguous"
    HS_8807_PART_OF_UNKNOWN = "hs_8807_part_of_unknown"
    CONTRACT_VALUE_UNKNOWN = "contract_value_unknown"
    VALUE_UNKNOWN = "value_unknown"
    SMALL_VALUE_BEFORE_REFORM = "small_value_before_reform"
    RESIDENCY_UNKNOWN = "residency_unknown"
    RESIDENCY_PERIOD_BOUNDARY = "residency_period_boundary"
    SPECIFIC_CATEGORY_FACTS_MISSING = "specific_category_facts_missing"
    SPECIFIC_CATEGORY_CONTRACT_TERMS_UNKNOWN = "specific_category_contract_terms_unknown"
    SPECIFIC_CATEGORY_EXCEPTION_RO = "specific_category_exception_ro"
    EXEMPTION_FACTS_MISSING = "exemption_facts_missing"
    PUBLIC_DOMAIN_CONFIDENTIALITY_UNKNOWN = "public_domain_confidentiality_unknown"
    PUBLIC_DOMAIN_MAKE_PUBLIC_CONFIDENTIAL = "public_domain_make_public_confidential"
    SPECIFIC_CATEGORY_EXCEPTION_I_CONTRACT_UNKNOWN = (
        "specific_category_exception_i_contract_unknown"
    )
    VISITORS_STAY_UNKNOWN = "visitors_stay_unknown"
    TECHNOLOGY_GROUP_A_INFORM = "technology_group_a_inform"
    PROVISION_INTENT_UNKNOWN = "provision_intent_unknown"
    CATCH_ALL_DESTINATION_UNKNOWN = "catch_all_destination_unknown"
    HAND_CARRY_GOODS_EXCEPTIONS = "hand_carry_goods_exceptions"
    JAPANESE_ABROAD_INTENT_UNKNOWN = "japanese_abroad_intent_unknown"
    CATCH_ALL_DESTINATION_IN_JAPAN = "catch_all_destination_in_japan"
    CLOUD_SERVER_ABROAD = "cloud_server_abroad"
    EXEMPTION_FOR_CATCH_ALL_TECHNOLOGY = "exemption_for_catch_all_technology"
    OWN_USE_SENSITIVE_DESTINATION = "own_use_sensitive_destination"
    CLEAR_GUIDELINE_SMALL_VALUE = "clear_guideline_small_value"


QUESTION_TEXTS: Final[dict[Question, str]] = {
    Question.CLASSIFICATION_MISSING: (
        "The facts do not say whether the item is on the control list (items 1-15); the engine "
        "read it as not listed. Classify it (該非判定) before relying on this result."
    ),
    Question.UN_ARMS_EMBARGO_MEMBERSHIP_UNCERTAIN: (
        "Whether {country} was in 別表第3の2 on {date} is not known (the date of the change is "
        "not in the sources); the engine read it as {reading}, the stricter reading."
    ),
    Question.APPENDIX_3_3_NOTICE_UNKNOWN: (
        "{item} is in 別表第3の3 only where a METI notice (告示) designates the goods; the facts "
        "do not say, so the engine used the ¥{low_ceiling} ceiling. With no designation the "
        "ceiling is ¥{ceiling}."
    ),
    Question.APPENDIX_3_3_SUBITEM_UNKNOWN: (
        "{item} has sub-items in 別表第3の3 (¥{low_ceiling} ceiling) and the facts do not name "
        "the sub-item; the engine used the lower ceiling."
    ),
    Question.CLEAR_GUIDELINE_CONVENTIONAL_END_USER: (
        "The 明らか check was read as lifting the conventional-weapons end-user requirement "
        "({requirement}); whether the 2025 guideline covers that requirement is not settled."
    ),
    Question.CLEAR_GUIDELINE_NOT_AVAILABLE: (
        "The 明らか check is reportedly not available for {scope} goods to 別表第3の2 "
        "destinations (guideline item ⑲); the engine did not let it lift {requirement}."
    ),
    Question.CLEAR_GUIDELINE_NOT_RECORDED: (
        "The recipient is on the METI End User List and no 明らか check is recorded; the "
        "end-user requirement ({requirement}) holds unless the check shows the use is clearly "
        "not of concern."
    ),
    Question.EUL_STATUS_UNKNOWN: (
        "The facts do not say whether the recipient is on the METI End User List; the "
        "end-user requirement ({requirement}) applies here, and the engine read it as not met."
    ),
    Question.EUL_CODES_UNKNOWN: (
        "The recipient is on the METI End User List but its concern codes are not given; the "
        "engine treated the listing as both a WMD and a conventional-weapons listing."
    ),
    Question.END_USE_UNKNOWN: (
        "The facts do not say what the documents and communications show about the end use; "
        "the use requirement ({requirement}) applies here, and the engine read it as not met."
    ),
    Question.INFORM_CONCERN_UNKNOWN: (
        "METI informed the exporter but the facts do not say whether the inform concerns WMD "
        "or conventional weapons; the engine read it as a WMD inform."
    ),
    Question.HS_CODE_MISSING: (
        "The item is not listed and has no HS code, so its catch-all scope cannot be decided; "
        "the engine read it as {scope}."
    ),
    Question.HS_CODE_AMBIGUOUS: (
        "HS code {hs_code} is too short to decide between 16の項(1) and 16の項(2) (the rule "
        "names {heading}); the engine read it as 16の項(1)."
    ),
    Question.HS_8807_PART_OF_UNKNOWN: (
        "HS 88.07 parts are 16の項(1) only when they are parts of 8802.60 or 88.06 goods "
        "(spacecraft, launch vehicles, unmanned aircraft); the facts do not say (item.part_of_hs), "
        "so the engine read them as 16の項(1)."
    ),
    Question.CONTRACT_VALUE_UNKNOWN: (
        "The small-value exception is judged on the total value of the contract; only this "
        "shipment's value (¥{value}) is known, so the engine did not apply the exception."
    ),
    Question.VALUE_UNKNOWN: (
        "The value of the goods is not known, so the small-value exception (ceiling ¥{ceiling}) "
        "could not be assessed."
    ),
    Question.SMALL_VALUE_BEFORE_REFORM: (
        "Before 2025-10-09, whether a catch-all condition ({conditions}) removed the small-value "
        "exception for destinations outside 別表第3 and 別表第3の2 is not settled; the engine read "
        "the exception as available."
    ),
    Question.RESIDENCY_UNKNOWN: (
        "The facts are not enough to decide whether the recipient is a resident ({missing}); "
        "the engine read the recipient as a non-resident."
    ),
    Question.RESIDENCY_PERIOD_BOUNDARY: (
        "{date} is the last day of the {months}-month period counted from {start}; under the "
        "Civil Code's counting (first day not counted) it has not yet passed, so the engine "
        "read the recipient as {reading}."
    ),
    Question.SPECIFIC_CATEGORY_FACTS_MISSING: (
        "The facts do not say whether the recipient falls under 特定類型 ({missing}); the engine "
        "read those categories as not met. Obtain the recipient's declaration."
    ),
    Question.SPECIFIC_CATEGORY_CONTRACT_TERMS_UNKNOWN: (
        "The recipient has a contract with {counterparty} but the facts do not say whether they "
        "follow its directions or owe it a duty of care; the engine read category ① as met."
    ),
    Question.SPECIFIC_CATEGORY_EXCEPTION_RO: (
        "Category ① rests on a contract with a foreign legal entity; exception ロ (certain "
        "intra-group arrangements) is not assessed by the engine."
    ),
    Question.EXEMPTION_FACTS_MISSING: (
        "The {exemption} exemption is claimed but the facts that establish it ({missing}) are "
        "not given; the engine did not apply it."
    ),
    Question.PUBLIC_DOMAIN_CONFIDENTIALITY_UNKNOWN: (
        "The public-domain exemption was applied, but the facts do not say whether the "
        "recipients are under confidentiality; it does not hold if they are."
    ),
    Question.PUBLIC_DOMAIN_MAKE_PUBLIC_CONFIDENTIAL: (
        "The technology is provided to make it public (e.g. a manuscript sent to a journal) "
        "while the recipients are under confidentiality; the engine applied the public-domain "
        "exemption (submission for publication), but domain-japan §5.5 says confidentiality "
        "defeats it."
    ),
    Question.SPECIFIC_CATEGORY_EXCEPTION_I_CONTRACT_UNKNOWN: (
        "Exception イ needs a contract with a Japanese entity whose directions prevail; the "
        "facts do not show such a contract (employed_in_japan_by), so the engine did not "
        "apply the exception and read category ① as met."
    ),
    Question.VISITORS_STAY_UNKNOWN: (
        "The visitors are foreign nationals not employed in Japan and their dates of entry are "
        "not given; the engine read them as non-residents (in Japan for less than six months)."
    ),
    Question.TECHNOLOGY_GROUP_A_INFORM: (
        "Technology to a 別表第3 destination after an inform: the engine applied the goods rule "
        "in force on the date (輸出令1条3項 from 2025-10-09; before, 16の項 excluded 別表第3); the "
        "corresponding 外為令 text was not checked."
    ),
    Question.JAPANESE_ABROAD_INTENT_UNKNOWN: (
        "A Japanese national abroad for less than two years is a non-resident if they left "
        "intending to stay abroad for two years or more; the facts do not give the intended "
        "stay, so the engine read the recipient as a resident."
    ),
    Question.CATCH_ALL_DESTINATION_IN_JAPAN: (
        "Catch-all technology provided in Japan to a non-resident: the engine applied the tier "
        "of {country} (the recipient's country); the sources do not say which country's tier "
        "applies."
    ),
    Question.CLOUD_SERVER_ABROAD: (
        "The technology is shared through a server in {server}; the engine treated the "
        "provision as taking place where the recipient is ({country}). Whether a server abroad "
        "makes it a provision in a foreign country is not covered by the sources."
    ),
    Question.EXEMPTION_FOR_CATCH_ALL_TECHNOLOGY: (
        "The {exemption} exemption was applied to catch-all technology ({grounds}); whether the "
        "貿易外省令9条2項 exemptions lift a catch-all requirement is not stated in the sources."
    ),
    Question.OWN_USE_SENSITIVE_DESTINATION: (
        "Technology kept for the owner's own use goes to {country} ({table}); the engine found no "
        "provision, but exclusions of the own-use rule for such destinations are not in the "
        "sources."
    ),
    Question.CLEAR_GUIDELINE_SMALL_VALUE: (
        "The 明らか check was read as lifting the {requirement} within the small-value proviso "
        "(5号 かっこ書 refers to 3号イ); whether the guideline governs it there is not stated in "
        "the sources."
    ),
    Question.PROVISION_INTENT_UNKNOWN: (
        "The facts do not say whether anyone other than the owner will receive the technology "
        "({transaction}); the engine read it as provided."
    ),
    Question.CATCH_ALL_DESTINATION_UNKNOWN: (
        "Technology is provided in Japan to a non-resident whose country is not known; the "
        "engine applied the catch-all tier of destinations outside 別表第3 and 別表第3の2."
    ),
    Question.HAND_CARRY_GOODS_EXCEPTIONS: (
        "Listed goods carried abroad: exceptions for goods taken out free of charge and brought "
        "back (輸出令4条1項2号ホ・ヘ, METI notices) are not assessed by the engine."
    ),
}


def question_text(code: Question, params: dict[str, str]) -> str:
    return QUESTION_TEXTS[code].format(**params)
