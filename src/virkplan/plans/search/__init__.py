"""Search across every plan, focus area, goal, criterion and follow-up the reader may see.

`text` says how Danish words are matched, `models` holds the index's rows,
`indexing` keeps them in step with the plans (the plan services call it),
`selectors` answers a query.
"""
