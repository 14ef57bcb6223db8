"""``anpo training load-content`` and ``anpo training send-reminders``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from anpo.training import services


class Command(BaseCommand):
    help = "Training: 'load-content' loads the bundled courses (idempotent); 'send-reminders' sends due/overdue reminders once each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load-content", "send-reminders"])
        parser.add_argument(
            "--today", help="Pretend today is this date (YYYY-MM-DD), for send-reminders."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load-content":
            for course, result in services.load_bundled_content():
                lessons = course.lessons().count()
                questions = course.questions.filter(is_active=True).count()
                self.stdout.write(
                    f"{course.slug:<32} v{course.version:<3} {result:<9} {lessons} lessons, {questions} questions"
                )
            return
        today = dt.date.fromisoformat(options["today"]) if options.get("today") else None
        sent = services.reminders_send(today=today)
        self.stdout.write(self.style.SUCCESS(f"Sent {len(sent)} reminder(s)."))
