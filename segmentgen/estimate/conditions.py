"""The conditions and counts of a counting query, shaped for DuckDB's evaluation.

Input: a step of the query (a SELECT whose ``step_N`` and ``group_N`` columns are conditions,
true or false, never NULL) or one of its counts (``COUNT(CASE WHEN condition THEN 1 END)``).
Output: the same, rewritten in place or returned, counting the same rows with less work:

- each condition a step computes is ``CASE WHEN condition THEN TRUE ELSE FALSE END``: DuckDB
  evaluates a projected AND or OR over every row for each operand, a CASE's condition operand
  by operand, each only over the rows the ones before leave undecided; so the operands of
  each AND and OR in it come cheapest first, and a ``COALESCE(test, FALSE)`` among them reads
  as the test (only TRUE counts there, NULL decides as FALSE does);
- each count is ``COALESCE(COUNT_IF(condition), 0)``, cheaper than a CASE per row and count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlglot import exp

# a lambda, a regular expression or trigonometry costs about this many other nodes per row
EXPENSIVE = ("Lambda", "RegexpLike", "Asin", "Sin", "Cos", "Sqrt", "Pow")
EXPENSIVE_WEIGHT = 20


def short_circuit(step: exp.Expr) -> None:
    """Each condition a step computes (``step_N``, ``group_N``: true or false, never NULL) as
    ``CASE WHEN condition THEN TRUE ELSE FALSE END``: DuckDB evaluates a projected AND or OR
    over every row for each operand, a CASE's condition only over the rows still undecided
    (half the work on the benchmark's 100 segments)."""
    from sqlglot import exp

    costs = _Costs()
    for column in step.expressions if isinstance(step, exp.Select) else ():
        if isinstance(column, exp.Alias) and column.alias.startswith(("step_", "group_")):
            column.set("this", exp.case().when(_cheap_first(column.this, costs), exp.true(),
                                                   copy=False).else_(exp.false(), copy=False))


def _cheap_first(node: exp.Expr, costs: _Costs) -> exp.Expr:
    """A condition whose truth is all that counts (CASE WHEN's) with the operands of each AND
    and OR in order of cost, cheapest first (DuckDB evaluates each one only over the rows the
    ones before leave undecided), and each ``COALESCE(test, FALSE)`` among them as ``test``
    (a NULL operand decides the same as FALSE there: only TRUE counts)."""
    from sqlglot import exp

    if isinstance(node, exp.Paren):
        inner = _cheap_first(node.this, costs)
        return inner if isinstance(inner, exp.Paren) else exp.paren(inner, copy=False)
    if isinstance(node, exp.Coalesce) and len(node.expressions) == 1 \
            and isinstance(node.expressions[0], exp.Boolean) \
            and not node.expressions[0].this:
        inner = _cheap_first(node.this, costs)
        return exp.paren(inner, copy=False) if isinstance(inner, exp.Connector) else inner
    if not isinstance(node, exp.And | exp.Or):
        return node
    kind = type(node)
    operands = sorted((_cheap_first(o, costs) for o in _operands(node, kind)), key=costs)
    combined = operands[0]
    for operand in operands[1:]:
        combined = kind(this=combined, expression=operand)
    return combined


def _operands(node: exp.Expr, kind: type[exp.Expr]) -> list[exp.Expr]:
    """The operands of a chain of ``kind`` (AND or OR), through parentheses."""
    from sqlglot import exp

    while isinstance(node, exp.Paren):
        node = node.this
    if not isinstance(node, kind):
        return [node if not isinstance(node, exp.Connector) else exp.paren(node, copy=False)]
    return [*_operands(node.this, kind), *_operands(node.expression, kind)]


class _Costs(dict[int, tuple["exp.Expr", int]]):
    """A rough cost of evaluating a node per row: its nodes, a lambda or a function over text
    or trigonometry as many; each node's cost computed once, from its children's."""

    def __call__(self, node: exp.Expr) -> int:
        from sqlglot import exp

        heavy = tuple(getattr(exp, name) for name in EXPENSIVE)
        stack, order = [node], []
        while stack:
            part = stack.pop()
            if not self._known(part):
                order.append(part)
                stack.extend(part.iter_expressions())
        for part in reversed(order):  # children before their parents
            self[id(part)] = (part, (EXPENSIVE_WEIGHT if isinstance(part, heavy) else 1)
                              + sum(self[id(child)][1] for child in part.iter_expressions()))
        return self[id(node)][1]

    def _known(self, node: exp.Expr) -> bool:
        known = self.get(id(node))
        return known is not None and known[0] is node


def count_if(node: exp.Expr) -> exp.Expr:
    """``COUNT(CASE WHEN condition THEN 1 END)`` as ``COUNT_IF(condition)`` (0 over no rows):
    the same count (a NULL condition counts no row), without a CASE per row and count."""
    from sqlglot import exp

    case = node.this if isinstance(node, exp.Count) else None
    if not (isinstance(case, exp.Case) and len(case.args.get("ifs") or ()) == 1
            and case.args.get("default") is None):
        return node
    branch = case.args["ifs"][0]
    one = branch.args.get("true")
    if not (isinstance(one, exp.Literal) and one.name == "1"):
        return node
    return counted(branch.this)


def counted(condition: exp.Expr) -> exp.Expr:
    """``COALESCE(COUNT_IF(condition), 0)``: DuckDB's COUNT_IF is NULL over no rows."""
    from sqlglot import exp

    return exp.func("COALESCE", exp.CountIf(this=condition), exp.Literal.number(0))
