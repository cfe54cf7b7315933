"""Background work goes through django-tasks' database backend and a real worker."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus, task

ROOT = Path(__file__).resolve().parents[2]


@task()
def add_up(a: int, b: int) -> int:
    return a + b


@task()
def refuse(name: str) -> None:
    raise ValueError(f"Không đọc được tệp {name}")


@pytest.mark.django_db(transaction=True)
def test_enqueued_task_waits_for_the_worker_then_runs():
    result = add_up.enqueue(2, 3)
    assert result.status == TaskResultStatus.READY  # stored, not run inside the request
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 5


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_keeps_its_reason():
    result = refuse.enqueue("bao_cao.docx")
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert "Không đọc được tệp bao_cao.docx" in result.errors[0].traceback


def test_tonghop_worker_command_runs_outstanding_tasks(tmp_path):
    """The console command works on its own database, as beside `tonghop serve`."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["TONGHOP_DATA"] = str(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "tonghop.web.settings"
    env["PYTHONPATH"] = str(ROOT)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
        )

    assert run("-m", "tonghop.cli", "manage", "migrate", "-v", "0").returncode == 0
    enqueue = (
        "import django; django.setup();"
        "from tests.web.test_tasks import add_up; print(add_up.enqueue(20, 22).id)"
    )
    made = run("-c", enqueue)
    assert made.returncode == 0, made.stderr
    done = run("-m", "tonghop.cli", "worker", "--batch")
    assert done.returncode == 0, done.stderr
    check = (
        "import django; django.setup();"
        "from tests.web.test_tasks import add_up;"
        f"r = add_up.get_result('{made.stdout.strip()}'); print(r.status, r.return_value)"
    )
    assert run("-c", check).stdout.split() == ["SUCCESSFUL", "42"]
