"""Chaser notes as JSON, for scripts that send them on: every field, dates in ISO form."""

from __future__ import annotations

import json

from tracker.reports.reminders import ChasedTask, ReminderRun


def _task(task: ChasedTask) -> dict[str, object]:
    return {
        "id": task.id,
        "title": task.title,
        "deadline": task.deadline.isoformat(),
        "days_left": max(0, task.days),
        "days_overdue": task.days_overdue,
        "partners": list(task.partners),
    }


def render(run: ReminderRun) -> str:
    """`{"as_of", "days", "agencies": [{"code", "name", "due_soon", "overdue"}]}`."""
    document = {
        "as_of": run.as_of.isoformat(),
        "days": list(run.days),
        "agencies": [
            {
                "code": note.agency.code,
                "name": note.agency.name,
                "due_soon": [_task(task) for task in note.due_soon],
                "overdue": [_task(task) for task in note.overdue],
            }
            for note in run.notes
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
