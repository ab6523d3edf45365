#!/usr/bin/env python3
"""Writes the AppStream metainfo for Kith to stdout: the template beside this script with
its releases taken from CHANGELOG.md (every `## [X.Y.Z] - YYYY-MM-DD` section, its bullets
as the release notes) and the homepage from Cargo.toml's `repository` field."""

import html
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parents[2]
template = (pathlib.Path(__file__).parent / "org.kith.Kith.metainfo.xml.in").read_text()
changelog = (root / "CHANGELOG.md").read_text()
cargo = (root / "Cargo.toml").read_text()

repo = re.search(r'^repository\s*=\s*"([^"]+)"', cargo, re.M)
if not repo:
    sys.exit("Cargo.toml has no repository field")

releases = []
sections = re.split(r"^## ", changelog, flags=re.M)[1:]
for section in sections:
    head, _, body = section.partition("\n")
    m = re.match(r"\[(\d+\.\d+\.\d+)\]\s*-\s*(\d{4}-\d{2}-\d{2})", head)
    if not m:
        continue  # [Unreleased]
    version, date = m.groups()
    items = []
    for bullet in re.split(r"^- ", body, flags=re.M)[1:]:
        text = " ".join(line.strip() for line in bullet.strip().splitlines())
        text = re.sub(r"^#+.*$", "", text).strip()
        text = text.replace("`", "")
        if text:
            items.append(f"          <li>{html.escape(text, quote=False)}</li>")
    notes = "\n".join(items)
    releases.append(
        f'    <release version="{version}" date="{date}">\n'
        f"      <description>\n        <ul>\n{notes}\n        </ul>\n      </description>\n"
        f"    </release>"
    )
if not releases:
    sys.exit("CHANGELOG.md has no released version section")

out = template.replace("@RELEASES@", "\n".join(releases)).replace("@REPOSITORY@", repo.group(1))
sys.stdout.write(out)
