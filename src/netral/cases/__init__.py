"""Cases (*perkara*): from a report or finding to an executed sanction (issue 10;
shared/domain.md §2–§4).

Checklist for a new workflow step: add the state to ``models.CaseStatus`` (migration for
the choices), one ``Transition`` row in ``workflow.TRANSITIONS`` (roles through its
permission, required fields and documents, deadline rule key, public text), the
deadline row in ``reports.DeadlineRule`` if the step has a legal limit, the role that
answers for the state in ``workflow.RESPONSIBLE``, and a case in
``tests/test_workflow.py``.
"""
