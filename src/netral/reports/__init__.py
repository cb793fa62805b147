"""Reports (*laporan*) and findings (*temuan*): public intake, evidence, receipts,
follow-up, staff intake, triage and the handler inbox (issue 4; shared/domain.md §2–§4).

Checklists (for CONTRIBUTING.md):

* New violation type: add a row in the admin under a *new* catalogue version (never edit
  a version reports already point at) with category, level, citation and the allowed
  sanctions; mark ``needs_verification`` where the source is unconfirmed.
* New report channel: add it to ``Report.Channel`` (models.py + migration), decide in
  ``services.report_submit`` whether it gets a receipt code (public channels only), add
  it to ``forms.STAFF_CHANNELS`` or build an adapter (view/API) that calls
  ``report_submit`` with the streaming upload handler installed first
  (``evidence.install_upload_handlers``), and extend ``tests/test_identity_protection.py``.
* New workflow step: add the state to ``Report.Status`` and a ``Transition`` to
  ``workflow.TRANSITIONS`` (permission, public timeline text); the cases app owns the
  steps after triage.
"""
