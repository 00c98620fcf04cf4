"""The layouts and labels the corpus reproduces, by code, with what each looks like.

The first groups are the failures found on real plans (issue 15); the last
group are further layouts seen in published Danish plans. Every code is used
by at least one corpus plan (tests/interchange/legacy/test_corpus.py). What
comes with a format rather than a plan (words hyphenated at line ends in
every two-column PDF) is described in tests/data/legacy/README.md.
"""

from __future__ import annotations

PATTERNS: dict[str, str] = {
    # 1. Short lines that are not headings
    "web-links": "link and menu lines of a web page ('Læs mere', 'Se, hvordan det går', "
    "'Søg', 'Udskriv', 'Del')",
    "label-line": "a label on a line of its own ('Tegn på succes', 'Succeskriterier')",
    "table-header": "table header cells ('Målsætning', 'Opfølgning', 'Status')",
    "ad-line": "'Ad. 1.2 og 1.3' on a line of its own above the follow-up",
    # 2. Goals without a 'Mål:' label
    "theme-bullets": "goals as bullets under a theme heading",
    "list-label": "goals as bullets after a list label ('Naturmål', 'Mål for grundvand:', "
    "'Affaldsmål')",
    "verb-goals": "goals opening with a verb or 'Vi øger / Vi beskytter / Vi arbejder aktivt "
    "for' rather than 'Vi vil'",
    "target-goals": "target sentences as goals ('Mindst 75 % … i 2025')",
    # 3. Other plans' vocabulary
    "ad-elsewhere": "'Ad. N.M' follow-ups in a part not named 'Opfølgning'",
    "overview-repeat": "a numbered goal in an overview and again with its sub-goals: one goal",
    "criteria-labels": "'Målopfyldelse:', 'Succeskriterier', 'Tegn på succes', 'Indikatorer' "
    "as documentation",
    "prose-verdict": "a status in prose ('Det vurderes, at målsætningerne er blevet opfyldt')",
    "weights-milestones": "weights ('Vægtning: 15 point') and milestones ('Milepæle')",
    # 4. One-column text
    "glued-lines": "unpunctuated lines of one-column text joined to the next paragraph or "
    "link ('… i kommunen' + 'Læs mere her')",
    # 5. PDF and Word layout
    "wrapped-heading": "a heading that wraps over two lines (a manual line break in Word)",
    "wrapped-cells": "table cells whose text wraps over several lines and paragraphs",
    "other-table-headers": "two- and three-column tables headed otherwise than "
    "'Dokumentation | Opfølgning' ('Målsætning | Opfølgning', 'Mål | Status', "
    "'Indsats | Succeskriterium | Status')",
    "word-bullets": "Word bullet and numbered lists",
    "one-page-footer": "the foot of a one-page document ('Side 1'), seen only once",
    # Found in published plans
    "goal-headings": "each goal a heading of its own ('Mål 2: Kortere ventetid')",
    "bold-headings": "headings in bold body type, no larger than the text",
    "page-of-pages": "running feet such as 'Side 2 af 4' and 'Afdelingsnavn | 3'",
    "browser-print": "a web page printed from a browser: date and title at the head, address "
    "and '1/3' at the foot",
    "breadcrumbs": "a web page's breadcrumb, 'Sidst opdateret' and share lines",
    "numbered-headings": "numbered section headings ('2.1 Drift og sikkerhed') that look like "
    "sub-goals",
    "at-bullets": "'Det er vores mål,' followed by bullets starting 'at …'",
    "nominal-goals": "goals as noun phrases ('Kortere ventetid på byggetilladelser.')",
    "skal-goals": "goals as 'X skal …' sentences ('Alle elever skal …')",
    "status-words": "statuses written otherwise than the app's words ('Gennemført', "
    "'Igangsat', 'Ikke påbegyndt', 'Nået')",
    "status-label": "a status on its own line ('Status: Delvist opfyldt') above the follow-up",
    "title-variants": "plan titles the importer does not know ('Mål- og resultatplan 2024', "
    "'Årsplan for skoleåret 2024/25')",
    "uppercase-headings": "headings in capitals ('STRATEGISKE MÅL')",
    "follow-up-plan": "a document that also follows up the previous plan",
    "numbered-goal-list": "goals as a numbered list whose numbers the list draws",
    "cp1252-crlf": "a text file in Windows-1252 with Windows line ends, as Word saves it",
    "status-repeat": "each goal repeated word for word beside its status (a status table or "
    "heading): one goal",
    "dated-status-label": "follow-up labels with a date ('Status 2024:', 'Status juni 2025')",
    "table-areas": "focus areas as a table's first column, merged down over their goals",
    "labelled-two-columns": "the reference plan's own layout: 'Mål:', and a 'Dokumentation | "
    "Opfølgning' table",
}
