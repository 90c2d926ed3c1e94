#!/usr/bin/env python3
"""Static checks on ansible/roles: every variable in defaults/ and vars/ carries the role prefix, every
default is documented in the role README, and every role has a README, meta and the phase files.
Usage: check_role_docs.py ANSIBLE_DIR"""
import os
import re
import sys

root = os.path.join(sys.argv[1], "roles")
problems = []
for role in sorted(os.listdir(root)):
    rdir = os.path.join(root, role)
    readme_path = os.path.join(rdir, "README.md")
    readme = open(readme_path).read() if os.path.exists(readme_path) else ""
    if not readme:
        problems.append(f"{role}: README.md missing")
    for sub in ("defaults/main.yml", "meta/main.yml", "tasks/main.yml"):
        if not os.path.exists(os.path.join(rdir, sub)):
            problems.append(f"{role}: {sub} missing")
    for kind in ("defaults", "vars"):
        d = os.path.join(rdir, kind)
        if not os.path.isdir(d):
            continue
        for fn in os.listdir(d):
            for line in open(os.path.join(d, fn)):
                m = re.match(r"^([A-Za-z0-9_]+):", line)
                if not m:
                    continue
                name = m.group(1)
                if not name.startswith(role + "_"):
                    problems.append(f"{role}/{kind}/{fn}: variable {name} lacks the prefix {role}_")
                if kind == "defaults" and f"`{name}`" not in readme:
                    problems.append(f"{role}: {name} not documented in README.md")
    # task/handler files must not swallow errors
    for dirpath, _, files in os.walk(rdir):
        for fn in files:
            if fn.endswith(".yml"):
                text = open(os.path.join(dirpath, fn)).read()
                if re.search(r"^\s*ignore_errors:", text, re.M) or re.search(r"failed_when:\s*false", text):
                    problems.append(f"{role}: {fn} uses ignore_errors or a failed_when that never fails")
for p in problems:
    print(p)
print(f"checked {len(os.listdir(root))} roles: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
