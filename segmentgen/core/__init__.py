"""Core: the vocabulary every stage shares, and nothing that depends on a stage.

Input: nothing. Output: the frozen model (``model``), diagnostics and their code catalogue
(``diagnostics``), Pinpoint's enums and spellings (``vocabulary``), the canonical JSON writer
(``jsonfile``), the one jinja2 environment (``templating``) and the ordered registry the
criterion kinds of both targets are kept in (``registry``). Every other package may import
``core``; ``core`` imports none of them.
"""
