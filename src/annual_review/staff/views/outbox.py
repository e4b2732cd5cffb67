"""The outbox page: emails waiting, sent and failed; a failed one can be queued again."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from annual_review.staff.roles import PREPARERS, Role, role_required
from annual_review.workflow.events import WorkflowError
from annual_review.workflow.models import OutboxMessage
from annual_review.workflow.outbox import outbox_requeue


@role_required(*PREPARERS)
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    queued = OutboxMessage.objects.select_related("letter__organisation").defer("body_html")
    return render(
        request,
        "staff/outbox.html",
        {
            "failed": queued.filter(status=OutboxMessage.Status.FAILED),
            "waiting": queued.filter(
                status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING]
            ),
            "sent": queued.filter(status=OutboxMessage.Status.SENT).order_by("-sent_at")[:200],
        },
    )


@role_required(Role.APPROVER)
@require_POST
def outbox_requeue_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        outbox_requeue(message=get_object_or_404(OutboxMessage, pk=pk), actor=request.user)
    except WorkflowError as refusal:
        messages.error(request, str(refusal))
    return redirect("staff:outbox")
