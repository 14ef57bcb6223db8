"""REST API of the catalogue (token auth): versions in force, search, entry detail, suggestions.

Permission-checked like the pages: any anpo role may read the catalogue. Suggestions are
computed (a POST because parameters are a mapping) and change nothing; they are marked
as suggestions in every answer.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from anpo.accounts.access import HasCapability
from anpo.accounts.capabilities import Capability
from anpo.classification import selectors
from anpo.classification.catalogue.suggest import ALGORITHM, VERSION, SuggestInput
from anpo.classification.models import CatalogueEntry, CatalogueVersion, Instrument

MAX_RESULTS = 100


# The catalogue is law text: every signed-in user reads it; suggesting (POST) changes nothing.
CataloguePermission = HasCapability.for_(Capability.READ_CATALOGUE)
SuggestPermission = HasCapability.for_(Capability.READ_CATALOGUE, write=Capability.READ_CATALOGUE)


class VersionSerializer(serializers.ModelSerializer):
    instrument = serializers.CharField(source="instrument.code")
    version = serializers.CharField(source="version_label")

    class Meta:
        model = CatalogueVersion
        fields = (
            "id",
            "instrument",
            "version",
            "revision_label",
            "law_id",
            "legal_text_date",
            "effective_from",
            "effective_to",
            "is_current",
            "source",
            "source_url",
            "sha256",
            "entry_count",
            "notes",
        )


class InstrumentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_ja = serializers.CharField()
    name_en = serializers.CharField()
    regime = serializers.CharField()
    law_id = serializers.CharField()
    is_stand_in = serializers.BooleanField(help_text="Structure only: not the list in force.")
    version = VersionSerializer(allow_null=True, help_text="The version in force.")
    versions = serializers.IntegerField(help_text="Number of stored versions.")


class EntrySerializer(serializers.ModelSerializer):
    instrument = serializers.CharField(source="version.instrument.code")
    version = serializers.IntegerField(source="version_id")
    parent = serializers.CharField(source="parent_key")
    flags = serializers.ListField(child=serializers.CharField())
    attributes = serializers.DictField(child=serializers.CharField())

    class Meta:
        model = CatalogueEntry
        fields = (
            "instrument",
            "version",
            "key",
            "parent",
            "kind",
            "label",
            "text",
            "heading",
            "deleted",
            "flags",
            "attributes",
            "content_hash",
        )


class SpanSerializer(serializers.Serializer):
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class SearchHitSerializer(serializers.Serializer):
    entry = EntrySerializer()
    score = serializers.FloatField()
    exact = serializers.BooleanField(help_text="Found by its number (項番, ECCN, article).")
    highlights = SpanSerializer(
        many=True, help_text="Character spans of `entry.text` that matched."
    )
    matched = serializers.ListField(
        child=serializers.CharField(), help_text="The matched words as the text writes them."
    )


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    total = serializers.IntegerField()
    results = SearchHitSerializer(many=True)


class LinkedSerializer(serializers.Serializer):
    instrument = serializers.CharField()
    key = serializers.CharField()
    label = serializers.CharField(allow_null=True)
    text = serializers.CharField(allow_null=True)
    basis = serializers.CharField(
        allow_null=True, help_text="How the link is known; alignment/override are guidance."
    )
    guidance = serializers.BooleanField()


class EntryDetailSerializer(serializers.Serializer):
    entry = EntrySerializer()
    version = VersionSerializer()
    ancestors = serializers.ListField(child=serializers.CharField(), help_text="Keys from the top.")
    children = serializers.ListField(child=serializers.CharField())
    specified_by = LinkedSerializer(many=True)
    specifies = LinkedSerializer(many=True)
    technology = LinkedSerializer(many=True)
    goods = LinkedSerializer(many=True)
    cites = LinkedSerializer(many=True)
    analogues = LinkedSerializer(many=True, help_text="Category-level analogues (guidance).")
    versions = serializers.ListField(
        child=serializers.DictField(), help_text="This key in every stored version."
    )


class SuggestRequestSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=5000)
    kind = serializers.ChoiceField(
        choices=("goods", "technology"), required=False, allow_null=True, default=None
    )
    parameters = serializers.DictField(
        child=serializers.CharField(max_length=200), required=False, default=dict
    )
    top = serializers.IntegerField(min_value=1, max_value=50, default=10)

    def validate_parameters(self, value: dict[str, str]) -> dict[str, str]:
        if len(value) > 50:
            raise serializers.ValidationError("At most 50 parameters.")
        return {str(k)[:200]: v for k, v in value.items()}


class SuggestionSerializer(serializers.Serializer):
    entry = serializers.CharField(help_text="7の項(1), 2の項(41)3 or 外為令別表7の項(1).")
    score = serializers.FloatField()
    ordinance = serializers.CharField(
        allow_null=True, help_text="The 貨物等省令 provision (tree id) that matched best."
    )
    matched = serializers.ListField(child=serializers.CharField())


class SuggestResponseSerializer(serializers.Serializer):
    note = serializers.CharField()
    algorithm = serializers.CharField()
    algorithm_version = serializers.CharField()
    versions = VersionSerializer(many=True)
    suggestions = SuggestionSerializer(many=True)


def _linked(items: list[selectors.LinkedEntry]) -> list[dict[str, Any]]:
    return [
        {
            "instrument": item.instrument.code,
            "key": item.key,
            "label": item.entry.label if item.entry else None,
            "text": item.entry.text if item.entry else None,
            "basis": item.link.basis if item.link else None,
            "guidance": bool(item.link and item.link.is_guidance)
            or (not item.link and item.instrument.regime.code != "jp"),
        }
        for item in items
    ]


class CatalogueView(APIView):
    permission_classes = (CataloguePermission,)

    @extend_schema(
        responses={200: InstrumentSerializer(many=True)},
        summary="The lists and their versions in force",
    )
    def get(self, request: Request) -> Response:
        rows = [
            {
                "code": row["instrument"].code,
                "name_ja": row["instrument"].name_ja,
                "name_en": row["instrument"].name_en,
                "regime": row["instrument"].regime.code,
                "law_id": row["instrument"].law_id,
                "is_stand_in": row["instrument"].is_stand_in,
                "version": row["version"],
                "versions": row["versions"],
            }
            for row in selectors.catalogue_status()
        ]
        return Response(InstrumentSerializer(rows, many=True).data)


class SearchView(APIView):
    permission_classes = (CataloguePermission,)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, description="項番, ECCN, article, words or parameters", required=True
            ),
            OpenApiParameter("instrument", str, description="Only this list (code)"),
            OpenApiParameter(
                "limit", int, description=f"At most this many word hits (1-{MAX_RESULTS})"
            ),
        ],
        responses={200: SearchResponseSerializer},
        summary="Search the versions in force",
    )
    def get(self, request: Request) -> Response:
        query = (request.query_params.get("q") or "").strip()
        if not query:
            raise serializers.ValidationError({"q": "Give a query."})
        if len(query) > 500:
            raise serializers.ValidationError({"q": "At most 500 characters."})
        instrument = request.query_params.get("instrument") or None
        if instrument and not Instrument.objects.filter(code=instrument).exists():
            raise serializers.ValidationError({"instrument": "Unknown list."})
        try:
            limit = max(1, min(MAX_RESULTS, int(request.query_params.get("limit") or 30)))
        except ValueError as exc:
            raise serializers.ValidationError({"limit": "A number."}) from exc
        result = selectors.catalogue_search(query=query, instrument=instrument, limit=limit)
        hits = [
            {
                "entry": hit.entry,
                "score": round(hit.score, 4),
                "exact": hit.exact,
                "highlights": [{"start": s, "end": e} for s, e in hit.spans],
                "matched": list(dict.fromkeys(hit.entry.text[s:e] for s, e in hit.spans)),
            }
            for hit in [*result.exact, *result.hits]
        ]
        return Response(
            SearchResponseSerializer({"query": query, "total": result.total, "results": hits}).data
        )


class EntryView(APIView):
    permission_classes = (CataloguePermission,)

    @extend_schema(
        parameters=[
            OpenApiParameter("version", int, description="A stored version (default: in force)")
        ],
        responses={200: EntryDetailSerializer},
        summary="One entry with its specification, counterparts, analogues and versions",
    )
    def get(self, request: Request, code: str, key: str) -> Response:
        instrument = Instrument.objects.filter(code=code).first()
        if instrument is None:
            raise Http404
        version = instrument.current_version
        raw = request.query_params.get("version")
        if raw:
            if not raw.isdigit():
                raise Http404
            version = instrument.versions.filter(pk=int(raw)).first()
        if version is None:
            raise Http404
        entry = (
            CatalogueEntry.objects.select_related("version__instrument")
            .filter(version=version, key=key)
            .first()
        )
        if entry is None:
            raise Http404
        relations = selectors.entry_relations(entry)
        history = [
            {
                "version": h["version"].pk,
                "legal_text_date": h["version"].legal_text_date.isoformat()
                if h["version"].legal_text_date
                else None,
                "present": h["entry"] is not None,
                "changed": h["changed"],
                "content_hash": h["entry"].content_hash if h["entry"] is not None else None,
            }
            for h in selectors.entry_history(instrument=instrument, key=key)
        ]
        body = {
            "entry": entry,
            "version": version,
            "ancestors": [a.key for a in selectors.entry_ancestors(entry)],
            "children": list(selectors.entry_children(entry).values_list("key", flat=True)),
            "specified_by": _linked(relations["specified_by"]),
            "specifies": _linked(relations["specifies"]),
            "technology": _linked(relations["technology"]),
            "goods": _linked(relations["goods"]),
            "cites": _linked(relations["cites"]),
            "analogues": _linked(relations["analogues"]),
            "versions": history,
        }
        return Response(EntryDetailSerializer(body).data)


class SuggestView(APIView):
    permission_classes = (SuggestPermission,)

    @extend_schema(
        request=SuggestRequestSerializer,
        responses={200: SuggestResponseSerializer},
        summary="Suggest 輸出令/外為令 entries for an item description (suggestions, not a classification)",
    )
    def post(self, request: Request) -> Response:
        payload = SuggestRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        suggester = selectors.suggester()
        if suggester is None:
            raise serializers.ValidationError("The catalogue has no 輸出令 and 貨物等省令 yet.")
        data = payload.validated_data
        item = SuggestInput(
            "api", data["description"], data.get("kind"), data.get("parameters") or {}
        )
        suggestions = suggester.suggest(item, top=data["top"])
        current = selectors.current_versions()
        versions = [v for code, v in current.items() if code.startswith("jp-")]
        body = {
            "note": "Suggestions, not a classification: a person compares the item with each provision and decides.",
            "algorithm": ALGORITHM,
            "algorithm_version": VERSION,
            "versions": versions,
            "suggestions": [s.as_contract() for s in suggestions],
        }
        return Response(SuggestResponseSerializer(body).data)


urlpatterns = [
    path("catalogue/", CatalogueView.as_view(), name="api-catalogue"),
    path("catalogue/search/", SearchView.as_view(), name="api-catalogue-search"),
    path("catalogue/suggest/", SuggestView.as_view(), name="api-catalogue-suggest"),
    path(
        "catalogue/<slug:code>/entries/<path:key>/", EntryView.as_view(), name="api-catalogue-entry"
    ),
]
