"""Publication: a meeting's static, accessible web copy, and the personal-data guard.

`guard` finds personnummer, samordningsnummer and (optionally) phone numbers and e-mail
addresses; `web` decides what of a meeting may go on the web; `html` and `feeds` write
the pages, the Atom and JSON feeds and the calendar; `site` builds, guards and writes.
Import the module you need: this package imports none of them, so the content check
can use the guard without loading the web copy's rendering stack.
"""
