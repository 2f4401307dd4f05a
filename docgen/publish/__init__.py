"""Publication: a meeting's static, accessible web copy, and the personal-data guard.

`guard` finds personnummer, samordningsnummer and (optionally) phone numbers and e-mail
addresses; `web` decides what of a meeting may go on the web; `html` and `feeds` write
the pages, the Atom and JSON feeds and the calendar; `site` builds, guards and writes.
"""

from docgen.publish.guard import Finding, Rules, scan
from docgen.publish.site import REDACTED_PDF, WebCopy, build, write

__all__ = ["REDACTED_PDF", "Finding", "Rules", "WebCopy", "build", "scan", "write"]
