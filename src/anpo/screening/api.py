"""REST API of screening (token auth): screen names, read screenings and hits, read/create parties.

Permission-checked exactly like the pages: the same capabilities (read-only users, auditors,
hold only the ``read_…`` ones), and every list is filtered by the same selectors.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from anpo.accounts.access import HasCapability
from anpo.accounts.capabilities import Capability
from anpo.matching import ALGORITHM, DEFAULT_REVIEW_THRESHOLD, VERSION, EntityKind
from anpo.screening import engine, selectors, services
from anpo.screening.models import (
    BatchJob,
    Disposition,
    EntityType,
    Hit,
    ListSnapshot,
    Party,
    Screening,
)
from anpo.screening.queries import (
    QueryFileError,
    QueryRow,
    clean_name,
    parse_birth_date,
    parse_country,
)

MAX_NAMES_PER_REQUEST = 100


# Documented with a pattern instead of an enum: drf-spectacular would name the enum after the
# field ("kind") and collide with other apps' "kind" choice sets.
@extend_schema_field(
    {
        "type": "string",
        "pattern": "^(person|organization|unknown)$",
        "description": "person, organization or unknown",
    }
)
class EntityTypeField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=EntityType.choices, **kwargs)


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^(ad_hoc|party|rescreen|batch)$",
        "description": "ad_hoc, party, rescreen or batch",
    }
)
class ScreeningKindField(serializers.CharField):
    pass


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^(pending|running|done|failed)$",
        "description": "pending, running, done or failed",
    }
)
class BatchStatusField(serializers.CharField):
    pass


ReadScreening = HasCapability.for_(Capability.READ_SCREENING)


class SnapshotSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.key")
    version = serializers.CharField(source="version_label")

    class Meta:
        model = ListSnapshot
        fields = ("id", "source", "version", "published", "imported_at", "sha256", "entry_count")


class HitSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    snapshot_id = serializers.IntegerField(
        source="snapshot_entry.snapshot_id", allow_null=True, default=None
    )

    class Meta:
        model = Hit
        fields = (
            "id",
            "rank",
            "source",
            "entry_id",
            "primary_name",
            "matched_name",
            "score",
            "status",
            "status_label",
            "is_alert",
            "snapshot_id",
            "explanation",
        )


class ScreeningSerializer(serializers.ModelSerializer):
    hits = HitSerializer(many=True, read_only=True)
    kind = ScreeningKindField(read_only=True)

    class Meta:
        model = Screening
        fields = (
            "id",
            "kind",
            "party",
            "query",
            "query_name",
            "snapshot_ids",
            "snapshot_versions",
            "lists_updating",
            "threshold",
            "algorithm",
            "algorithm_version",
            "started_at",
            "finished_at",
            "hit_count",
            "alert_count",
            "hits",
        )


class ScreeningSummarySerializer(serializers.ModelSerializer):
    kind = ScreeningKindField(read_only=True)

    class Meta:
        model = Screening
        fields = (
            "id",
            "kind",
            "party",
            "query_name",
            "snapshot_versions",
            "threshold",
            "started_at",
            "hit_count",
            "alert_count",
        )


class PartySerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username", read_only=True)
    kind = EntityTypeField(default=EntityType.UNKNOWN)

    class Meta:
        model = Party
        fields = (
            "id",
            "kind",
            "name",
            "other_names",
            "name_original",
            "country",
            "birth_date",
            "relationship",
            "notes",
            "is_active",
            "owner",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("owner", "created_at", "updated_at")

    def validate_name(self, value: str) -> str:
        value = clean_name(value)
        if not value:
            raise serializers.ValidationError("The name must not be empty.")
        return value

    def validate_country(self, value: str) -> str:
        try:
            return parse_country(value)
        except QueryFileError as exc:
            raise serializers.ValidationError(str(exc)) from exc

    def validate_birth_date(self, value: str) -> str:
        try:
            return parse_birth_date(value)
        except QueryFileError as exc:
            raise serializers.ValidationError(str(exc)) from exc


class NameQuerySerializer(serializers.Serializer):
    id = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Your identifier, echoed back."
    )
    name = serializers.CharField(max_length=2000)
    type = EntityTypeField(default=EntityType.UNKNOWN)
    country = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2, help_text="ISO 3166-1 alpha-2"
    )
    birth_date = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=10,
        help_text="YYYY, YYYY-MM or YYYY-MM-DD",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["name"] = clean_name(attrs["name"])
        if not attrs["name"]:
            raise serializers.ValidationError({"name": "The name must not be empty."})
        try:
            attrs["country"] = parse_country(attrs.get("country", ""))
            attrs["birth_date"] = parse_birth_date(attrs.get("birth_date", ""))
        except QueryFileError as exc:
            raise serializers.ValidationError(str(exc)) from exc
        return attrs


class ScreenRequestSerializer(serializers.Serializer):
    names = NameQuerySerializer(
        many=True, help_text=f"1 to {MAX_NAMES_PER_REQUEST} names to screen."
    )

    def validate_names(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not 1 <= len(value) <= MAX_NAMES_PER_REQUEST:
            raise serializers.ValidationError(f"Give between 1 and {MAX_NAMES_PER_REQUEST} names.")
        return value


class ScreenResultSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    screening = ScreeningSerializer()


class ScreenResponseSerializer(serializers.Serializer):
    threshold = serializers.FloatField()
    lists_updating = serializers.BooleanField(
        help_text="True when the newest list versions were still being indexed and the "
        "previous ones (see snapshots) were used."
    )
    algorithm = serializers.CharField()
    algorithm_version = serializers.CharField()
    snapshots = SnapshotSerializer(many=True)
    results = ScreenResultSerializer(many=True)


class ScreenView(APIView):
    permission_classes = (HasCapability.for_(Capability.SCREEN),)

    @extend_schema(
        request=ScreenRequestSerializer,
        responses={200: ScreenResponseSerializer},
        summary="Screen one or many names against the active list snapshots",
    )
    def post(self, request: Request) -> Response:
        payload = ScreenRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        web = engine.index_for_web()  # never blocks on an index the worker is building
        eng = web.engine
        results = []
        for item in payload.validated_data["names"]:
            try:
                screening = services.party_screen(
                    acting_user=request.user,
                    name=item["name"],
                    query_kind=item["type"],
                    country=item["country"],
                    birth_date=item["birth_date"],
                    eng=eng,
                    stale=web.stale,
                )
            except DjangoValidationError as exc:
                raise serializers.ValidationError({"names": exc.messages}) from exc
            results.append(
                {
                    "id": item.get("id") or str(screening.pk),
                    "name": item["name"],
                    "screening": screening,
                }
            )
        snapshots = ListSnapshot.objects.filter(pk__in=eng.snapshot_ids).select_related("source")
        body = {
            "threshold": DEFAULT_REVIEW_THRESHOLD,
            "algorithm": ALGORITHM,
            "algorithm_version": VERSION,
            "lists_updating": web.stale,
            "snapshots": snapshots,
            "results": results,
        }
        return Response(ScreenResponseSerializer(body).data)


class ScreeningListView(generics.ListAPIView):
    permission_classes = (ReadScreening,)
    serializer_class = ScreeningSummarySerializer

    def get_queryset(self) -> QuerySet[Screening]:
        return selectors.screening_list(user=self.request.user)


class ScreeningDetailView(generics.RetrieveAPIView):
    permission_classes = (ReadScreening,)
    serializer_class = ScreeningSerializer

    def get_queryset(self) -> QuerySet[Screening]:
        return selectors.screening_list(user=self.request.user).prefetch_related(
            "hits__snapshot_entry"
        )


class PartyListView(generics.ListCreateAPIView):
    permission_classes = (
        HasCapability.for_(Capability.READ_SCREENING, write=Capability.MANAGE_PARTIES),
    )
    serializer_class = PartySerializer

    def get_queryset(self) -> QuerySet[Party]:
        return selectors.party_list(user=self.request.user)

    def perform_create(self, serializer: PartySerializer) -> None:  # type: ignore[override]
        try:
            party = services.party_create(
                acting_user=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        services.party_screen(acting_user=self.request.user, party=party, wait=False)
        serializer.instance = party


class HitQueueSerializer(HitSerializer):
    screening = serializers.IntegerField(source="screening_id", read_only=True)
    query_name = serializers.CharField(source="screening.query_name", read_only=True)
    party = serializers.IntegerField(source="screening.party_id", read_only=True, allow_null=True)

    class Meta(HitSerializer.Meta):
        fields = (*HitSerializer.Meta.fields, "screening", "query_name", "party")


class DispositionRequestSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Disposition.Decision.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class DispositionSerializer(serializers.ModelSerializer):
    decided_by = serializers.CharField(source="decided_by.username")

    class Meta:
        model = Disposition
        fields = ("id", "hit", "decision", "reason", "decided_by", "decided_at")


class ReviewQueueView(generics.ListAPIView):
    """Open and escalated hits (institution-wide roles), optionally ``?source=`` and ``?alerts=1``."""

    permission_classes = (HasCapability.for_(Capability.READ_REVIEW_QUEUE),)
    serializer_class = HitQueueSerializer

    def get_queryset(self) -> QuerySet[Hit]:
        return selectors.review_queue(
            user=self.request.user,
            source=self.request.query_params.get("source", "")[:64],
            alerts_only=self.request.query_params.get("alerts") in {"1", "true", "on"},
        )


class HitDisposeView(APIView):
    permission_classes = (HasCapability.for_(Capability.DISPOSE_HIT),)

    @extend_schema(
        request=DispositionRequestSerializer,
        responses={201: DispositionSerializer},
        summary="Record a decision on a hit (officers and the chief officer)",
    )
    def post(self, request: Request, pk: int) -> Response:
        hit = selectors.hit_get(user=request.user, pk=pk)
        payload = DispositionRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            disposition = services.hit_dispose(
                acting_user=request.user, hit=hit, **payload.validated_data
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"detail": exc.messages}) from exc
        return Response(DispositionSerializer(disposition).data, status=201)


class PartyDetailView(generics.RetrieveUpdateAPIView):
    """Read a saved party; ``PATCH`` changes it (whoever may see it and is not read-only, as on the page)."""

    permission_classes = (
        HasCapability.for_(Capability.READ_SCREENING, write=Capability.MANAGE_PARTIES),
    )
    serializer_class = PartySerializer
    http_method_names = ("get", "patch", "head", "options")

    def get_queryset(self) -> QuerySet[Party]:
        return selectors.party_list(user=self.request.user)

    def perform_update(self, serializer: PartySerializer) -> None:  # type: ignore[override]
        party = Party.objects.get(pk=serializer.instance.pk)
        try:
            serializer.instance = services.party_update(
                acting_user=self.request.user, party=party, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class BatchSerializer(serializers.ModelSerializer):
    status = BatchStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    finished = serializers.SerializerMethodField()
    label = serializers.CharField(source="file_name", read_only=True)

    class Meta:
        model = BatchJob
        fields = (
            "id",
            "label",
            "status",
            "status_label",
            "total",
            "processed",
            "percent",
            "hit_count",
            "error",
            "finished",
            "created_at",
            "finished_at",
        )

    def get_finished(self, batch: BatchJob) -> bool:
        return batch.status in (BatchJob.Status.DONE, BatchJob.Status.FAILED)


class BatchRequestSerializer(serializers.Serializer):
    label = serializers.CharField(
        required=False,
        allow_blank=True,
        default="api",
        max_length=200,
        help_text="Your name for this batch.",
    )
    names = NameQuerySerializer(
        many=True,
        help_text=f"1 to {services.MAX_BATCH_ROWS} names; ids must be unique "
        "(the position is used when an id is missing).",
    )

    def validate_names(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not 1 <= len(value) <= services.MAX_BATCH_ROWS:
            raise serializers.ValidationError(
                f"Give between 1 and {services.MAX_BATCH_ROWS} names."
            )
        ids = [item.get("id") or str(i) for i, item in enumerate(value, start=1)]
        if len(set(ids)) != len(ids):
            raise serializers.ValidationError("Every name needs its own id.")
        return value


class BatchResultSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Your id of the name.")
    name = serializers.CharField()
    screening = ScreeningSerializer()


class BatchListView(generics.ListCreateAPIView):
    """Your batch screening jobs; ``POST`` a list of names to start one (screened in the background)."""

    permission_classes = (HasCapability.for_(Capability.READ_SCREENING, write=Capability.SCREEN),)
    serializer_class = BatchSerializer

    def get_queryset(self) -> QuerySet[BatchJob]:
        return selectors.batch_list(user=self.request.user)

    @extend_schema(
        request=BatchRequestSerializer,
        responses={202: BatchSerializer},
        summary="Start a batch screening job; poll GET /batches/<id>/, then fetch /batches/<id>/results/",
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = BatchRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rows = [
            QueryRow(
                id=item.get("id") or str(i),
                name=item["name"],
                kind=EntityKind(item["type"]),
                country=item["country"],
                birth_date=item["birth_date"],
            )
            for i, item in enumerate(payload.validated_data["names"], start=1)
        ]
        try:
            batch = services.batch_create_from_rows(
                acting_user=request.user, rows=rows, label=payload.validated_data["label"] or "api"
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"names": exc.messages}) from exc
        return Response(BatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)


class BatchDetailView(generics.RetrieveAPIView):
    """Status and progress of a batch screening job."""

    permission_classes = (ReadScreening,)
    serializer_class = BatchSerializer

    def get_queryset(self) -> QuerySet[BatchJob]:
        return selectors.batch_list(user=self.request.user)


class BatchResultsView(generics.ListAPIView):
    """The screened names of a batch (in upload order) with their hits; complete once the job is finished."""

    permission_classes = (ReadScreening,)
    serializer_class = BatchResultSerializer

    def get_queryset(self) -> QuerySet[Screening]:
        batch = selectors.batch_get(user=self.request.user, pk=self.kwargs["pk"])
        return batch.screenings.prefetch_related("hits__snapshot_entry").order_by("pk")

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if args:
            items = args[0]
            args = (
                [{"id": s.batch_row_id, "name": s.query_name, "screening": s} for s in items],
                *args[1:],
            )
        return super().get_serializer(*args, **kwargs)


urlpatterns = [
    path("screen/", ScreenView.as_view(), name="api-screening-screen"),
    path("screenings/", ScreeningListView.as_view(), name="api-screening-list"),
    path("screenings/<int:pk>/", ScreeningDetailView.as_view(), name="api-screening-detail"),
    path("hits/open/", ReviewQueueView.as_view(), name="api-screening-queue"),
    path("hits/<int:pk>/dispose/", HitDisposeView.as_view(), name="api-screening-dispose"),
    path("parties/", PartyListView.as_view(), name="api-party-list"),
    path("parties/<int:pk>/", PartyDetailView.as_view(), name="api-party-detail"),
    path("batches/", BatchListView.as_view(), name="api-screening-batches"),
    path("batches/<int:pk>/", BatchDetailView.as_view(), name="api-screening-batch"),
    path(
        "batches/<int:pk>/results/", BatchResultsView.as_view(), name="api-screening-batch-results"
    ),
]
