#!/usr/bin/env python3
"""Checks that every function of the ABI headers documents its thread rule and its version.

Usage: check_thread_tags.py <abi/include/guichet>

Every exported function (GUICHET_API), every function pointer member and every callback typedef
(`(GUICHET_CALL* name)`) must be preceded by a doc comment holding a `Thread: [...]` line whose
tags all belong to the vocabulary of guichet/thread.h, and an `@since <major>.<minor>` line.
"""
import pathlib
import re
import sys

VOCABULARY = {"any-thread", "not-concurrent", "never-from-callback", "during-init", "callback", "blocking"}
FUNCTION = re.compile(r"GUICHET_API\s[^;]*?\b(guichet_\w+)\s*\(|\(GUICHET_CALL\s*\*\s*(\w+)\)")
COMMENT = re.compile(r"/\*\*([^<].*?)\*/\s*$", re.S)


def main(root: pathlib.Path) -> int:
    problems = []
    count = 0
    for header in sorted(root.rglob("*.h")):
        text = header.read_text()
        for match in FUNCTION.finditer(text):
            name = match.group(1) or match.group(2)
            count += 1
            # The doc comment ends right before the declaration's first line.
            line_start = text.rfind("\n", 0, match.start()) + 1
            before = text[:line_start]
            comment = COMMENT.match(before, before.rfind("/**"))
            where = f"{header.relative_to(root.parent)}: {name}"
            if comment is None:
                problems.append(f"{where}: no doc comment right before it")
                continue
            body = comment.group(1)
            tags = re.search(r"Thread: \[([^\]]*)\]", body)
            if tags is None:
                problems.append(f"{where}: no 'Thread: [tag]' line")
            else:
                unknown = {t.strip() for t in tags.group(1).split("&")} - VOCABULARY
                if unknown:
                    problems.append(f"{where}: tags {sorted(unknown)} are not in guichet/thread.h")
            if re.search(r"@since \d+\.\d+", body) is None:
                problems.append(f"{where}: no '@since' line")
    for p in problems:
        print(p)
    print(f"check_thread_tags: {count} functions, {len(problems)} problems")
    return 1 if problems or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
