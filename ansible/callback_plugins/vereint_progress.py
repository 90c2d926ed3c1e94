# vereint_progress: JSON-lines stdout callback for `vereint provision` (and tests).
# One JSON object per line on stdout:
#   {"event": "playbook_start", "playbook": "site.yml"}
#   {"event": "play_start", "play": "...", "hosts": [...]}
#   {"event": "task_start", "task": "...", "role": "...", "task_index": n, "handler": false}
#   {"event": "task_result", "host": "...", "task": "...", "role": "...", "status": "ok|changed|failed|
#    skipped|unreachable", "msg": "... (failures only, censored under no_log)", "counts": {...per host}}
#   {"event": "stats", "hosts": {"host": {"ok": n, "changed": n, "failed": n, "skipped": n,
#    "unreachable": n, "rescued": n, "ignored": n}}, "ok": true|false}
# Select it with ANSIBLE_STDOUT_CALLBACK=vereint_progress (ansible.cfg sets callback_plugins).
from __future__ import annotations

import json
import sys
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: vereint_progress
type: stdout
short_description: one JSON object per line for task starts, results and final stats
description:
  - Prints machine-readable progress for vereint provision. Failure messages of tasks with no_log are
    censored by Ansible before they reach the callback.
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "stdout"
    CALLBACK_NAME = "vereint_progress"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._task_index = 0
        self._counts = {}
        self._start = time.monotonic()

    def _emit(self, obj):
        obj.setdefault("elapsed", round(time.monotonic() - self._start, 3))
        sys.stdout.write(json.dumps(obj, sort_keys=True, default=str) + "\n")
        sys.stdout.flush()

    @staticmethod
    def _role(task):
        role = getattr(task, "_role", None)
        return role.get_name() if role else None

    def _host_counts(self, host):
        return self._counts.setdefault(
            host, {"ok": 0, "changed": 0, "failed": 0, "skipped": 0, "unreachable": 0}
        )

    def _result(self, result, status):
        host = result._host.get_name()
        counts = self._host_counts(host)
        if status == "ok" and result._result.get("changed", False):
            status = "changed"
        key = "ok" if status == "changed" else status
        counts[key] += 1
        if status == "changed":
            counts["changed"] += 1
        obj = {
            "event": "task_result",
            "host": host,
            "task": result._task.get_name(),
            "role": self._role(result._task),
            "status": status,
            "counts": dict(counts),
        }
        item = result._result.get("_ansible_item_label", result._result.get("item"))
        if item is not None and not result._result.get("_ansible_no_log"):
            obj["item"] = item
        if status in ("failed", "unreachable"):
            if result._result.get("_ansible_no_log") or "censored" in result._result:
                obj["msg"] = "output hidden because no_log: true was set for this task"
            else:
                obj["msg"] = result._result.get("msg") or result._result.get("stderr") or ""
        self._emit(obj)

    # playbook / play / task events
    def v2_playbook_on_start(self, playbook):
        self._emit({"event": "playbook_start", "playbook": playbook._file_name})

    def v2_playbook_on_play_start(self, play):
        self._emit({"event": "play_start", "play": play.get_name(), "hosts": list(play.hosts or [])})

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._task_index += 1
        self._emit({"event": "task_start", "task": task.get_name(), "role": self._role(task),
                    "task_index": self._task_index, "handler": False})

    def v2_playbook_on_handler_task_start(self, task):
        self._task_index += 1
        self._emit({"event": "task_start", "task": task.get_name(), "role": self._role(task),
                    "task_index": self._task_index, "handler": True})

    # results
    def v2_runner_on_ok(self, result):
        self._result(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._result(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._result(result, "unreachable")

    def v2_runner_item_on_failed(self, result):
        pass  # the task's final result carries the failure

    def v2_runner_retry(self, result):
        self._emit({"event": "task_retry", "host": result._host.get_name(), "task": result._task.get_name(),
                    "attempt": result._result.get("attempts"), "retries": result._result.get("retries")})

    def v2_playbook_on_no_hosts_matched(self):
        self._emit({"event": "warning", "msg": "no hosts matched"})

    def v2_playbook_on_stats(self, stats):
        hosts = {}
        ok = True
        for h in sorted(stats.processed.keys()):
            s = stats.summarize(h)
            hosts[h] = {k: s.get(k, 0) for k in ("ok", "changed", "failed", "skipped", "unreachable",
                                                 "rescued", "ignored")}
            if s.get("failures", 0) or s.get("unreachable", 0):
                ok = False
            hosts[h]["failed"] = s.get("failures", 0)
        self._emit({"event": "stats", "hosts": hosts, "ok": ok})
