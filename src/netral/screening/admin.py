from django.contrib import admin

from netral.core.admin import ReadOnlyAdmin
from netral.screening.models import Batch, Election, Post, ReviewDecision


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin[Election]):
    """Lexicon editing in the admin; saves go through the same validation as the UI."""

    list_display = ("name", "type", "voting_day", "campaign_start", "campaign_end")
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        from netral.screening import services

        services.election_save(
            data=obj.as_lexicon(), actor=request.user, election=obj if change else None
        )


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdmin):
    list_display = ("filename", "election", "rows", "flagged", "model_version", "created_at")


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ("post_id", "platform", "action", "status", "score", "pegawai")
    list_filter = ("status", "partisan", "hate", "hoax")
    raw_id_fields = ("pegawai", "batch", "report")


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(ReadOnlyAdmin):
    list_display = ("post", "decision", "reviewer", "created_at")
