"""Reading plan documents written before virkplan: text, PDF and Word.

`source` turns a file into numbered lines with their page and layout hints;
`parser` recognises the plan's structure in those lines as a flat list of
blocks; `blocks` turns the blocks into a virkplan/1 interchange document.
A person checks and corrects the blocks before anything is stored.
"""
