"""Readable labels for every code of the rule engine (the engine returns codes, pages show words).

Each table maps an engine code to a translatable English text; the Japanese catalogue
(``locale/ja``) translates them. ``tests/assessment/test_labels.py`` fails when a code that
``PACK.codes()`` lists has no label here. Legal terms keep their Japanese original beside the
English, as officers expect.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

GROUND_LABELS: Mapping[str, Promise] = {
    "list_control": _("List control (リスト規制): the item is on the control list"),
    "wmd_catch_all_inform": _("WMD catch-all: METI informed the exporter (インフォーム要件)"),
    "wmd_catch_all_use": _("WMD catch-all: the use requirement is met (用途要件)"),
    "wmd_catch_all_end_user": _("WMD catch-all: the end-user requirement is met (需要者要件)"),
    "cw_catch_all_inform": _("Conventional-weapons catch-all: METI informed the exporter"),
    "cw_catch_all_use": _("Conventional-weapons catch-all: the use requirement is met"),
    "cw_catch_all_end_user": _("Conventional-weapons catch-all: the end-user requirement is met"),
    "deemed_export_specific_category": _(
        "Deemed export: the resident recipient falls under a specific category (特定類型)"
    ),
    "non_resident_recipient": _("The technology goes to a non-resident (非居住者)"),
}

EXEMPTION_LABELS: Mapping[str, Promise] = {
    "public_domain": _("Public domain (公知の技術)"),
    "basic_research": _("Basic scientific research (基礎科学分野の研究活動)"),
    "patent_filing": _("Minimum technology for a patent filing (工業所有権の出願)"),
    "minimum_for_use": _("Minimum technology for using lawfully exported goods"),
    "small_value": _("Small-value exception (少額特例)"),
    "none": _("None"),
}

EXEMPTION_REASON_LABELS: Mapping[str, Promise] = {
    "holds_already_public": _("the technology is already public"),
    "holds_to_make_public": _("the technology is provided to make it public"),
    "holds_basic_research": _("the research aims at principles, not at a specific product"),
    "holds_patent_minimum": _("only the minimum needed for the filing is provided"),
    "holds_minimum_for_use": _("only the minimum needed to use lawfully exported goods"),
    "holds_within_ceiling": _("the contract's total value is within the ceiling"),
    "under_confidentiality": _("the recipients are under confidentiality"),
    "not_public": _("the technology is neither public nor provided to make it public"),
    "aim_specific_product": _("the research aims at a specific product"),
    "not_minimum_for_patent": _("more than the minimum needed for the filing is provided"),
    "not_minimum_for_use": _("more than the minimum needed for use is provided"),
    "facts_missing": _("the facts that establish it are not given"),
    "technology_only": _("it applies to technology, not to goods"),
    "goods_only": _("it applies to goods, not to technology"),
    "item_not_eligible": _("it covers items 5-13 and 15 only"),
    "destination_appendix_4": _("it is not available for 別表第4 destinations"),
    "over_ceiling": _("the total value exceeds the ceiling"),
    "value_unknown": _("the value of the goods is not known"),
    "contract_value_unknown": _("the contract's total value is not known"),
    "removed_by_condition": _("a catch-all condition removes it for this destination"),
    "not_needed": _("no licence requirement to lift"),
    "other_exemption_applied": _("another exemption already applies"),
}

RECIPIENT_STATUS_LABELS: Mapping[str, Promise] = {
    "resident": _("Resident (居住者)"),
    "non_resident": _("Non-resident (非居住者)"),
    "resident_deemed_non_resident": _(
        "Resident treated as a non-resident (特定類型に該当する居住者)"
    ),
}

RESIDENCY_REASON_LABELS: Mapping[str, Promise] = {
    "organization_in_japan": _(
        "an organisation in Japan (Japanese branches of foreign firms included)"
    ),
    "organization_abroad": _("an organisation abroad"),
    "official_status": _("a diplomat or member of foreign armed forces"),
    "japanese_in_japan": _("a Japanese national living in Japan"),
    "japanese_abroad_for_employment": _("a Japanese national who left to work at an office abroad"),
    "japanese_abroad_two_years": _("a Japanese national abroad for two years or more"),
    "japanese_abroad_short": _("a Japanese national abroad for less than two years"),
    "foreign_employed_in_japan": _("a foreign national employed at an office in Japan"),
    "foreign_six_months_elapsed": _("a foreign national in Japan for six months or more"),
    "foreign_within_six_months": _("a foreign national in Japan for less than six months"),
    "foreign_not_in_japan": _("a foreign national who does not stay in Japan"),
    "visitors_from_abroad": _("visitors from abroad"),
    "visitors_employed_in_japan": _("visitors employed in Japan"),
    "unknown": _("the facts do not say"),
    "deemed_specific_category": _("a resident who falls under a specific category (特定類型)"),
}

FINDING_LABELS: Mapping[str, Promise] = {
    "not_listed": _("The item is not on the control list for items 1-15 (非該当)"),
    "list_item": _("The item is on the control list"),
    "catch_all_out_of_scope": _("The item is outside the catch-all's HS scope (16の項)"),
    "group_a_outside_catch_all": _(
        "Before 2025-10-09 the catch-all did not cover 別表第3 (Group A) destinations"
    ),
    "group_a_no_inform": _(
        "No inform from METI: the Group A catch-all licence (輸出令1条3項) is lifted by 4条2項3号"
    ),
    "no_catch_all_condition": _("None of the catch-all conditions that apply here is met"),
    "requirement_not_applicable": _(
        "A condition is met that does not count for this destination and item"
    ),
    "clear_guideline_lifted": _(
        "The 明らか check shows the use is clearly not of concern: the end-user requirement is lifted"
    ),
    "no_provision": _("Nobody other than the owner receives the technology: it is not provided"),
    "resident_in_japan": _(
        "The technology is provided in Japan to a resident: 外為法25条1項 is not triggered"
    ),
    "provided_abroad": _("The technology is provided in a foreign country"),
    "ground_lifted": _("An exemption removes this requirement"),
    "specific_category_exception_i": _(
        "Exception イ: a Japanese entity's directions prevail, so category ① does not apply"
    ),
    "specific_categories_not_in_force": _(
        "The specific categories (特定類型) apply only from 2022-05-01"
    ),
    "destination_group_a": _("The destination is in 別表第3 (Group A)"),
    "destination_un_arms_embargo": _("The destination is in 別表第3の2 (UN arms embargo)"),
    "destination_concern": _("The destination is in 別表第4 (no small-value exception)"),
}

REQUIREMENT_LABELS: Mapping[str, Promise] = {
    "wmd_use": _("WMD use requirement"),
    "wmd_end_user": _("WMD end-user requirement"),
    "wmd_inform": _("WMD inform"),
    "cw_use": _("conventional-weapons use requirement"),
    "cw_end_user": _("conventional-weapons end-user requirement"),
    "cw_inform": _("conventional-weapons inform"),
}

# Open questions: the engine's English sentence is for the CLI; these are the translatable
# forms with the same parameters (values that are codes are labelled before formatting).
QUESTION_LABELS: Mapping[str, Promise] = {
    "classification_missing": _(
        "The facts do not say whether the item is on the control list (items 1-15); it was read "
        "as not listed. Classify it (該非判定) before relying on this result."
    ),
    "un_arms_embargo_membership_uncertain": _(
        "Whether %(country)s was in 別表第3の2 on %(date)s is not known (the date of the change "
        "is not in the sources); it was read as %(reading)s, the stricter reading."
    ),
    "appendix_3_3_notice_unknown": _(
        "%(item)s is in 別表第3の3 only where a METI notice (告示) designates the goods; the facts "
        "do not say, so the ¥%(low_ceiling)s ceiling was used. Without a designation the ceiling "
        "is ¥%(ceiling)s."
    ),
    "appendix_3_3_subitem_unknown": _(
        "%(item)s has sub-items in 別表第3の3 (¥%(low_ceiling)s ceiling) and the facts do not "
        "name the sub-item; the lower ceiling was used."
    ),
    "clear_guideline_conventional_end_user": _(
        "The 明らか check was read as lifting the %(requirement)s; whether the 2025 guideline "
        "covers that requirement is not settled."
    ),
    "clear_guideline_not_available": _(
        "The 明らか check is reportedly not available for %(scope)s goods to 別表第3の2 "
        "destinations (guideline item ⑲); it was not allowed to lift the %(requirement)s."
    ),
    "clear_guideline_not_recorded": _(
        "The recipient is on the METI End User List and no 明らか check is recorded; the "
        "%(requirement)s holds unless the check shows the use is clearly not of concern."
    ),
    "eul_status_unknown": _(
        "The facts do not say whether the recipient is on the METI End User List; the "
        "%(requirement)s applies here and was read as not met."
    ),
    "eul_codes_unknown": _(
        "The recipient is on the METI End User List but its concern codes are not given; the "
        "listing was treated as both a WMD and a conventional-weapons listing."
    ),
    "end_use_unknown": _(
        "The facts do not say what the documents and communications show about the end use; "
        "the %(requirement)s applies here and was read as not met."
    ),
    "inform_concern_unknown": _(
        "METI informed the exporter but the facts do not say whether the inform concerns WMD or "
        "conventional weapons; it was read as a WMD inform."
    ),
    "hs_code_missing": _(
        "The item is not listed and has no HS code, so its catch-all scope cannot be decided; it "
        "was read as %(scope)s."
    ),
    "hs_code_ambiguous": _(
        "HS code %(hs_code)s is too short to decide between 16の項(1) and 16の項(2) (the rule names "
        "%(heading)s); it was read as 16の項(1)."
    ),
    "hs_8807_part_of_unknown": _(
        "HS 88.07 parts are 16の項(1) only when they are parts of 8802.60 or 88.06 goods "
        "(spacecraft, launch vehicles, unmanned aircraft); the facts do not say, so they were "
        "read as 16の項(1)."
    ),
    "contract_value_unknown": _(
        "The small-value exception is judged on the total value of the contract; only this "
        "shipment's value (¥%(value)s) is known, so the exception was not applied."
    ),
    "value_unknown": _(
        "The value of the goods is not known, so the small-value exception (ceiling "
        "¥%(ceiling)s) could not be assessed."
    ),
    "small_value_before_reform": _(
        "Before 2025-10-09, whether a catch-all condition (%(conditions)s) removed the "
        "small-value exception for destinations outside 別表第3 and 別表第3の2 is not settled; the "
        "exception was read as available."
    ),
    "residency_unknown": _(
        "The facts are not enough to decide whether the recipient is a resident (missing: "
        "%(missing)s); the recipient was read as a non-resident."
    ),
    "residency_period_boundary": _(
        "%(date)s is the last day of the %(months)s-month period counted from %(start)s; under "
        "the Civil Code's counting (first day not counted) it has not yet passed, so the "
        "recipient was read as %(reading)s."
    ),
    "specific_category_facts_missing": _(
        "The facts do not say whether the recipient falls under 特定類型 %(missing)s; those "
        "categories were read as not met. Obtain the recipient's declaration."
    ),
    "specific_category_contract_terms_unknown": _(
        "The recipient has a contract with %(counterparty)s but the facts do not say whether they "
        "follow its directions or owe it a duty of care; category ① was read as met."
    ),
    "specific_category_exception_ro": _(
        "Category ① rests on a contract with a foreign legal entity; exception ロ (certain "
        "intra-group arrangements) is not assessed."
    ),
    "exemption_facts_missing": _(
        "The %(exemption)s exemption is claimed but the facts that establish it (%(missing)s) "
        "are not given; it was not applied."
    ),
    "public_domain_confidentiality_unknown": _(
        "The public-domain exemption was applied, but the facts do not say whether the recipients "
        "are under confidentiality; it does not hold if they are."
    ),
    "public_domain_make_public_confidential": _(
        "The technology is provided to make it public (e.g. a manuscript sent to a journal) while "
        "the recipients are under confidentiality; the public-domain exemption was applied, but "
        "domain-japan §5.5 says confidentiality defeats it."
    ),
    "specific_category_exception_i_contract_unknown": _(
        "Exception イ needs a contract with a Japanese entity whose directions prevail; the facts "
        "show no such contract, so the exception was not applied and category ① was read as met."
    ),
    "visitors_stay_unknown": _(
        "The visitors are foreign nationals not employed in Japan and their dates of entry are "
        "not given; they were read as non-residents (in Japan for less than six months)."
    ),
    "technology_group_a_inform": _(
        "Technology to a 別表第3 destination after an inform: the goods rule in force on the date "
        "was applied (輸出令1条3項 from 2025-10-09; before, 16の項 excluded 別表第3); the "
        "corresponding 外為令 text was not checked."
    ),
    "japanese_abroad_intent_unknown": _(
        "A Japanese national abroad for less than two years is a non-resident if they left "
        "intending to stay abroad for two years or more; the facts do not give the intended stay, "
        "so the recipient was read as a resident."
    ),
    "catch_all_destination_in_japan": _(
        "Catch-all technology provided in Japan to a non-resident: the tier of %(country)s (the "
        "recipient's country) was applied; the sources do not say which country's tier applies."
    ),
    "cloud_server_abroad": _(
        "The technology is shared through a server in %(server)s; the provision was treated as "
        "taking place where the recipient is (%(country)s). Whether a server abroad makes it a "
        "provision in a foreign country is not covered by the sources."
    ),
    "exemption_for_catch_all_technology": _(
        "The %(exemption)s exemption was applied to catch-all technology (%(grounds)s); whether "
        "the 貿易外省令9条2項 exemptions lift a catch-all requirement is not stated in the sources."
    ),
    "own_use_sensitive_destination": _(
        "Technology kept for the owner's own use goes to %(country)s (%(table)s); no provision "
        "was found, but exclusions of the own-use rule for such destinations are not in the "
        "sources."
    ),
    "clear_guideline_small_value": _(
        "The 明らか check was read as lifting the %(requirement)s within the small-value proviso "
        "(5号 かっこ書 refers to 3号イ); whether the guideline governs it there is not stated in "
        "the sources."
    ),
    "provision_intent_unknown": _(
        "The facts do not say whether anyone other than the owner will receive the technology "
        "(%(transaction)s); it was read as provided."
    ),
    "catch_all_destination_unknown": _(
        "Technology is provided in Japan to a non-resident whose country is not known; the "
        "catch-all tier of destinations outside 別表第3 and 別表第3の2 was applied."
    ),
    "hand_carry_goods_exceptions": _(
        "Listed goods carried abroad: exceptions for goods taken out free of charge and brought "
        "back (輸出令4条1項2号ホ・ヘ, METI notices) are not assessed."
    ),
}

# Values of question parameters that are codes rather than names or numbers.
READING_LABELS: Mapping[str, Promise] = {
    "listed": _("listed"),
    "not_listed": _("not listed"),
}

CITATION_LABELS: Mapping[str, Promise] = {
    "fefta_25_1": _("Foreign Exchange and Foreign Trade Act (外為法), Art. 25(1)"),
    "fefta_25_3": _("Foreign Exchange and Foreign Trade Act (外為法), Art. 25(3)"),
    "fefta_48_1": _("Foreign Exchange and Foreign Trade Act (外為法), Art. 48(1)"),
    "fefta_48_2": _("Foreign Exchange and Foreign Trade Act (外為法), Art. 48(2)"),
    "eto_1_1": _("Export Trade Control Order (輸出令), Art. 1(1)"),
    "eto_1_3": _("Export Trade Control Order (輸出令), Art. 1(3)"),
    "eto_4_1_3": _("Export Trade Control Order (輸出令), Art. 4(1)(iii)"),
    "eto_4_1_4": _("Export Trade Control Order (輸出令), Art. 4(1)(iv)"),
    "eto_4_1_5": _("Export Trade Control Order (輸出令), Art. 4(1)(v) — small-value exception"),
    "eto_4_2_3": _("Export Trade Control Order (輸出令), Art. 4(2)(iii)"),
    "eto_4_1_3_pre_2025": _(
        "Export Trade Control Order (輸出令), Art. 4(1)(iii) as before 2025-10-09"
    ),
    "eto_4_1_4_pre_2025": _(
        "Export Trade Control Order (輸出令), Art. 4(1)(iv) as before 2025-10-09 — small-value exception"
    ),
    "eto_appendix_1": _("Export Trade Control Order (輸出令), Appended Table 1"),
    "eto_appendix_1_16": _(
        "Export Trade Control Order (輸出令), Appended Table 1, row 16 (catch-all)"
    ),
    "eto_appendix_3": _("Export Trade Control Order (輸出令), Appended Table 3 (Group A)"),
    "eto_appendix_3_2": _(
        "Export Trade Control Order (輸出令), Appended Table 3-2 (UN arms embargo)"
    ),
    "eto_appendix_3_3": _(
        "Export Trade Control Order (輸出令), Appended Table 3-3 (¥50,000 ceiling)"
    ),
    "eto_appendix_4": _("Export Trade Control Order (輸出令), Appended Table 4"),
    "feo_17_1": _("Foreign Exchange Order (外為令), Art. 17(1)"),
    "feo_appendix": _("Foreign Exchange Order (外為令), Appended Table"),
    "feo_appendix_16": _("Foreign Exchange Order (外為令), Appended Table, row 16 (catch-all)"),
    "goods_ordinance_14_2": _("Goods Ordinance (貨物等省令), Art. 14-2 (16の項(1) HS headings)"),
    "wmd_concern_ordinance": _("Ordinance on WMD concern (核兵器等おそれ省令)"),
    "conventional_concern_ordinance": _(
        "Ordinance on conventional-weapons concern (通常兵器おそれ省令)"
    ),
    "clear_guideline": _("METI clear-cases guideline (明らかガイドライン)"),
    "invisible_trade_9_2": _("Invisible Trade Ordinance (貿易外省令), Art. 9(2)"),
    "invisible_trade_9_2_9": _(
        "Invisible Trade Ordinance (貿易外省令), Art. 9(2)(ix) — public domain"
    ),
    "invisible_trade_9_2_10": _(
        "Invisible Trade Ordinance (貿易外省令), Art. 9(2)(x) — basic research"
    ),
    "invisible_trade_9_2_11": _(
        "Invisible Trade Ordinance (貿易外省令), Art. 9(2)(xi) — patent filings"
    ),
    "service_circular_1_3_sa": _(
        "Technology-transfer circular (役務通達) 1(3)サ — specific categories"
    ),
    "mof_circular_6_1_5": _("MoF interpretation circular 6-1-5 — residents and non-residents"),
    "cp_guidance_ii_6": _("METI compliance guidance (外為法等遵守事項) II-6 — record retention"),
}

TABLE_LABELS: Mapping[str, Promise] = {
    "eto_appendix_3": _("別表第3 (Group A)"),
    "eto_appendix_3_2": _("別表第3の2 (UN arms embargo)"),
    "eto_appendix_4": _("別表第4 (countries of concern)"),
    "eto_appendix_1_items": _("Control list items 1-15"),
    "catch_all_hs_scope": _("Catch-all HS scope (16の項)"),
    "eto_appendix_3_3": _("別表第3の3 (¥50,000 ceiling goods)"),
    "catch_all_tiers": _("Catch-all requirements by destination"),
    "clear_guideline": _("明らかガイドライン"),
    "small_value": _("Small-value exception"),
    "residency": _("Residency rules"),
    "specific_categories": _("Specific categories (特定類型)"),
    "technology_exemptions": _("Technology exemptions (貿易外省令9条2項)"),
    "record_retention": _("Record retention periods"),
}

TRANSACTION_LABELS: Mapping[str, Promise] = {
    "goods_export": _("Export of goods"),
    "technology_provision": _("Provision of technology"),
    "goods_and_technology": _("Goods and technology"),
    "hand_carry": _("Hand-carry abroad"),
    "sample_shipment": _("Sample shipment"),
    "visitor_access": _("Visitor access"),
    "cloud_sharing": _("Cloud sharing"),
}

ITEM_CONTROL_LABELS: Mapping[str, Promise] = {
    "listed": _("Listed (リスト規制該当)"),
    "catch_all": _("Catch-all goods or technology (16の項)"),
    "out_of_scope": _("Outside the controls"),
    "unclassified": _("Not classified"),
}

SCOPE_LABELS: Mapping[str, Promise] = {
    "16": _("16の項 (catch-all, before 2025-10-09)"),
    "16(1)": _("16の項(1) (specified items)"),
    "16(2)": _("16の項(2)"),
    "out_of_scope": _("Outside the catch-all (HS chapters not covered)"),
}

PART_LABELS: Mapping[str, Promise] = {
    "goods": _("Goods (外為法48条)"),
    "technology": _("Technology (外為法25条)"),
}

EUL_CODE_LABELS: Mapping[str, Promise] = {
    "B": _("biological weapons"),
    "C": _("chemical weapons"),
    "M": _("missiles"),
    "N": _("nuclear weapons"),
    "CW": _("conventional weapons"),
}

FACT_LABELS: Mapping[str, Promise] = {
    "id": _("transaction id"),
    "date": _("date of export or provision"),
    "transaction": _("kind of transaction"),
    "destination_country": _("country of destination or provision"),
    "item.list_item": _("control-list item (項番)"),
    "item.hs_code": _("HS code"),
    "item.value_jpy": _("value of this shipment (yen)"),
    "item.contract_value_jpy": _("total value of listed goods under the contract (yen)"),
    "item.description": _("description"),
    "item.designated_by_meti_notice": _("designated by a METI notice under 別表第3の3"),
    "item.part_of_hs": _("HS code of the goods the part belongs to"),
    "recipient": _("recipient"),
    "recipient.kind": _("recipient type"),
    "recipient.name": _("recipient name"),
    "recipient.country": _("recipient country"),
    "recipient.on_meti_eul": _("on the METI End User List"),
    "recipient.eul_codes": _("End User List concern codes"),
    "recipient.military_end_user": _("military end user"),
    "recipient.person": _("facts about the person"),
    "recipient.person.nationality": _("nationality"),
    "recipient.person.resident_in_japan_since": _("date of entry into Japan"),
    "recipient.person.employed_in_japan_by": _("employer in Japan"),
    "recipient.person.employed_in_japan_since": _("employed in Japan since"),
    "recipient.person.abroad_since": _("abroad since"),
    "recipient.person.abroad_for_employment": _("abroad to work at an office there"),
    "recipient.person.official_status": _("diplomat or foreign forces"),
    "recipient.person.contracts_with_foreign_entity": _("contracts with foreign entities"),
    "recipient.person.japanese_entity_directions_prevail": _(
        "a Japanese entity's directions prevail (exception イ)"
    ),
    "recipient.person.foreign_government_funding_share_of_income": _(
        "share of income from a foreign government"
    ),
    "recipient.person.acts_under_foreign_government_instruction": _(
        "acts under a foreign government's instructions"
    ),
    "recipient.visitors": _("visitors"),
    "recipient.visitors.count": _("number of visitors"),
    "recipient.visitors.nationality": _("visitors' nationality"),
    "recipient.visitors.employed_in_japan_by": _("visitors' employer in Japan"),
    "end_use.concerns": _("concerns shown by documents or communications"),
    "end_use.clearly_not_of_concern_per_meti_guideline": _("明らか check: clearly not of concern"),
    "informed_by_meti": _("informed by METI"),
    "inform_concern": _("concern of the inform"),
    "exemption_claimed": _("exemption claimed"),
    "exemption_facts.already_public": _("already public"),
    "exemption_facts.provided_to_make_public": _("provided to make it public"),
    "exemption_facts.under_confidentiality": _("recipients under confidentiality"),
    "exemption_facts.research_aim": _("aim of the research"),
    "exemption_facts.only_minimum_for_patent_filing": _("only the minimum for a patent filing"),
    "exemption_facts.minimum_for_use_of_lawfully_exported_goods": _(
        "only the minimum for using lawfully exported goods"
    ),
    "provision_intended": _("someone else receives the technology"),
    "server_location": _("server location"),
    "category": _("specific category"),
    "ceiling_jpy": _("small-value ceiling (yen)"),
    "exemption": _("exemption"),
    "ground": _("ground"),
    "removed_by": _("removed by"),
    "requirement": _("requirement"),
}

ERROR_LABELS: Mapping[str, Promise] = {
    "not_an_object": _("A transaction must be a JSON object, not %(type)s."),
    "missing_key": _("The key '%(key)s' is required."),
    "bad_type": _("'%(key)s' must be %(expected)s, not %(got)s."),
    "bad_value": _("'%(key)s' has the value '%(value)s'; expected one of: %(expected)s."),
    "bad_date": _("'%(key)s' is not an ISO date (YYYY-MM-DD): '%(value)s'."),
    "bad_country": _("'%(key)s' is not an ISO 3166 alpha-2 country code: '%(value)s'."),
    "bad_number": _("'%(key)s' must be a finite number of at least 0: '%(value)s'."),
    "bad_share": _("'%(key)s' must be a share between 0 and 1: '%(value)s'."),
    "bad_hs_code": _("'%(key)s' is not an HS code (digits, optionally with dots): '%(value)s'."),
    "bad_list_item": _(
        "'%(key)s' is not a list item such as '7の項(1)' or '外為令別表7の項(1)': '%(value)s'."
    ),
    "too_long": _("'%(key)s' is longer than %(limit)s."),
    "invalid_json": _("The line is not valid JSON (%(detail)s)."),
    "line_too_long": _("The line is longer than %(limit)s bytes."),
    "not_utf8": _("The line is not UTF-8 text."),
    "goods_to_japan": _("Goods are exported, so 'destination_country' cannot be JP."),
    "too_deep": _("The line nests objects or lists too deeply."),
    "hand_carry_to_japan": _(
        "A hand-carry takes things abroad, so 'destination_country' cannot be JP."
    ),
}

TABLES: Mapping[str, Mapping[str, Promise]] = {
    "ground": GROUND_LABELS,
    "exemption": EXEMPTION_LABELS,
    "exemption_reason": EXEMPTION_REASON_LABELS,
    "recipient_status": RECIPIENT_STATUS_LABELS,
    "residency_reason": RESIDENCY_REASON_LABELS,
    "finding": FINDING_LABELS,
    "requirement": REQUIREMENT_LABELS,
    "question": QUESTION_LABELS,
    "citation": CITATION_LABELS,
    "table": TABLE_LABELS,
    "transaction": TRANSACTION_LABELS,
    "item_control_status": ITEM_CONTROL_LABELS,
    "scope": SCOPE_LABELS,
    "part": PART_LABELS,
    "eul_code": EUL_CODE_LABELS,
    "fact": FACT_LABELS,
    "error": ERROR_LABELS,
}


def label(kind: str, code: str | None) -> str:
    """The label of a code in the active language (the code itself when unknown)."""
    if code is None:
        return ""
    text = TABLES.get(kind, {}).get(code)
    return str(text) if text is not None else code


def _param_value(key: str, value: str) -> str:
    """Labels for parameter values that are codes."""
    if key == "requirement":
        return label("requirement", value)
    if key == "exemption":
        return label("exemption", value)
    if key == "transaction":
        return label("transaction", value)
    if key == "reading":
        if value in RECIPIENT_STATUS_LABELS:
            return label("recipient_status", value)
        return label_from(READING_LABELS, value)
    if key == "grounds":
        return ", ".join(label("ground", v.strip()) for v in value.split(",") if v.strip())
    if key == "conditions":
        return ", ".join(label("requirement", v.strip()) for v in value.split(",") if v.strip())
    if key == "missing":
        return ", ".join(
            label("fact", v.strip()) if v.strip() in FACT_LABELS else v.strip()
            for v in value.split(",")
            if v.strip()
        )
    return value


def label_from(table: Mapping[str, Promise], code: str) -> str:
    text = table.get(code)
    return str(text) if text is not None else code


def question_text(code: str, params: Mapping[str, str] | tuple[tuple[str, str], ...]) -> str:
    """An open question in the active language, its code-valued parameters labelled too."""
    values = dict(params)
    template = QUESTION_LABELS.get(code)
    if template is None:
        return code
    try:
        return str(template) % {k: _param_value(k, v) for k, v in values.items()}
    except (KeyError, ValueError, TypeError):
        return str(template)


def error_text(code: str, params: Mapping[str, str]) -> str:
    template = ERROR_LABELS.get(code)
    if template is None:
        return code
    try:
        return str(template) % dict(params)
    except (KeyError, ValueError, TypeError):
        return str(template)
