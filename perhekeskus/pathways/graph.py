"""The professionals' guide must lead somewhere: every route from the start reaches an end step,
no route goes round in a circle, and every choice names a step of the same path.

`problems(start, steps)` works on plain data (step key -> next keys, and which are ends), so the
loader checks a file before writing and the admin checks the stored path the same way.
"""

from collections.abc import Mapping


def problems(start: str | None, nexts: Mapping[str, list[str]], ends: set[str]) -> list[str]:
    """Messages for a start that is not a step, unknown next steps, cycles, dead ends and steps
    that no route reaches; empty when the graph is sound."""
    found = []
    if start not in nexts:
        return [f"the start step '{start}' is not one of the steps"]
    for key, targets in nexts.items():
        for target in targets:
            if target not in nexts:
                found.append(f"step '{key}': a choice leads to '{target}', which is not a step")
        if not targets and key not in ends:
            found.append(f"step '{key}' is a dead end: it has no choices and is not marked as an end")
        if targets and key in ends:
            found.append(f"step '{key}' is marked as an end but has choices")
    if found:
        return found
    # Depth-first from the start, iteratively (a long path must not hit Python's recursion limit).
    state: dict[str, int] = {}  # 1 on the current route, 2 done
    stack = [(start, iter(nexts[start]))]
    state[start] = 1
    while stack:
        key, targets = stack[-1]
        target = next(targets, None)
        if target is None:
            state[key] = 2
            stack.pop()
        elif state.get(target) == 1:
            route = [k for k, _ in stack]
            cycle = route[route.index(target) :] + [target]
            return [f"the steps go round in a circle: {' → '.join(cycle)}"]
        elif target not in state:
            state[target] = 1
            stack.append((target, iter(nexts[target])))
    unreachable = sorted(set(nexts) - set(state))
    return [f"step '{key}' cannot be reached from the start" for key in unreachable]


def routes(start: str, nexts: Mapping[str, list[str]], *, limit: int = 10_000) -> list[list[str]]:
    """Every route from the start to an end (bounded), for the print summary and the tests."""
    found, stack = [], [[start]]
    while stack and len(found) < limit:
        route = stack.pop()
        targets = nexts[route[-1]]
        if not targets:
            found.append(route)
        stack.extend(route + [target] for target in reversed(targets))
    return found
